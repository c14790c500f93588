"""The search page's own escaping and attributes write what Django's would."""

import pytest
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from activities.search.markup import attributes, escaped


@pytest.mark.parametrize("value", ["plain", "<b>&'\"</b>", mark_safe("<i>safe</i>"), 3, "Men's group"])
def test_escaped_is_djangos_escape(value):
    assert escaped(value) == escape(value)


@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_q", "class": "nhsuk-input", "aria-describedby": "id_q-hint"},
        {"required": True, "disabled": False, "title": None, "data-x": 'a "quoted" <value>'},
        {"placeholder": mark_safe("&amp; kept"), "aria-invalid": "true", "autofocus": True},
    ],
)
def test_attributes_are_written_as_flatatt_writes_them(attrs):
    assert attributes(attrs) == flatatt(attrs)
