"""The partner directory and a partner's page: query counts do not grow with what they list."""

import pytest

from activities.factories import ActivityPageFactory
from partners.directory import PARTNERS_PER_PAGE
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db


def test_partner_page_query_count_is_constant(client):
    """A partner with 5 live activities vs one with 50 (all listed): the same number of queries."""
    partner = PartnerPageFactory()
    ActivityPageFactory(partner=partner, live=False)
    for _ in range(5):
        ActivityPageFactory(partner=partner)
    small = queries_for(client, partner.url)
    assert len(small[2].context["cards"]) == 5

    for _ in range(45):
        ActivityPageFactory(partner=partner)
    large = queries_for(client, partner.url)
    assert len(large[2].context["cards"]) == 50

    assert_same_count(small, large)


def two_localities():
    return list(Locality.objects.filter(slug__in=["kirklees", "wakefield"]))


def test_partner_directory_query_count_is_constant(client):
    """5 partners shown vs 30 shown (50 partners, 30 a page): the same number of queries."""
    for number in range(5):
        partner = PartnerPageFactory(localities=two_localities())
        if number % 2:
            ActivityPageFactory(partner=partner)
    small = queries_for(client, "/partners/")
    assert len(small[2].context["partners"]) == 5
    assert sum(partner.activity_count for partner in small[2].context["partners"]) == 2

    for number in range(45):
        partner = PartnerPageFactory(localities=two_localities())
        if number % 5 == 0:
            ActivityPageFactory(partner=partner)
    large = queries_for(client, "/partners/")
    assert large[2].context["partners"].paginator.count == 50
    assert len(large[2].context["partners"]) == PARTNERS_PER_PAGE

    assert_same_count(small, large)

    # The same with a locality chosen.
    assert_same_count(queries_for(client, "/partners/", {"locality": "kirklees", "page": "2"}), large)
