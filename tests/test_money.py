"""Money is written one way everywhere (creative_minds.money): GOV.UK style, en-GB digits."""

from decimal import Decimal

import pytest
from django.template import engines

from creative_minds.money import pounds


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("1000.00"), "£1,000"),
        (Decimal("2500.50"), "£2,500.50"),
        (Decimal("0"), "£0"),
        (Decimal("3.5"), "£3.50"),
        (1234567, "£1,234,567"),
        ("750", "£750"),
        (Decimal("-5"), "-£5"),
        (None, ""),
        ("not money", ""),
    ],
)
def test_amounts_are_written_the_one_way(amount, written):
    assert pounds(amount) == written


def test_templates_write_money_with_the_pounds_filter():
    template = engines["django"].from_string("{% load cm_tags %}{{ amount|pounds }}")
    assert template.render({"amount": Decimal("2500.00")}) == "£2,500"
