"""The partner directory and a partner's page: query counts do not grow with what they list."""

import pytest

from activities.factories import ActivityPageFactory
from activities.models import Category
from activities.search import facet_index, partner_index
from partners.directory import PARTNERS_PER_PAGE
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db


def test_partner_page_query_count_is_constant(client, django_capture_on_commit_callbacks):
    """A partner with 5 live activities vs one with 50 (all listed): the same number of queries."""
    partner = PartnerPageFactory()
    ActivityPageFactory(partner=partner, live=False)
    for _ in range(5):
        ActivityPageFactory(partner=partner)
    facet_index.current()  # built before either count: a rebuild is not the page's cost
    small = queries_for(client, partner.url)
    assert len(small[2].context["cards"]) == 5

    with django_capture_on_commit_callbacks(execute=True):  # the index is rebuilt after commit
        for _ in range(45):
            ActivityPageFactory(partner=partner)
    large = queries_for(client, partner.url)
    assert len(large[2].context["cards"]) == 50

    assert_same_count(small, large)


def two_localities():
    return list(Locality.objects.filter(slug__in=["kirklees", "wakefield"]))


def test_partner_directory_query_count_is_constant(client, django_capture_on_commit_callbacks):
    """5 partners shown vs 30 shown (50 partners, 30 a page): the same number of queries, with and
    without words, an area and types of activity chosen (the directory searches an index in
    memory, and each card shows only what the index holds)."""
    crafts, singing = Category.objects.get(slug="crafts"), Category.objects.get(slug="singing")
    searches = [{}, {"locality": "kirklees", "page": "2"}, {"q": "choir", "category": ["crafts", "singing"]}]
    for number in range(5):
        partner = PartnerPageFactory(localities=two_localities(), title=f"Choir {number}")
        if number % 2:
            ActivityPageFactory(partner=partner, categories=[crafts, singing])
    partner_index.current()  # built before any count: a rebuild is not the page's cost
    small = [queries_for(client, "/partners/", search) for search in searches]
    assert len(small[0][2].context["directory"].partners) == 5
    assert sum(partner.activity_count for partner in small[0][2].context["directory"].partners) == 2
    assert small[2][2].context["directory"].total == 2

    with django_capture_on_commit_callbacks(execute=True):  # the index is rebuilt after commit
        for number in range(45):
            partner = PartnerPageFactory(localities=two_localities(), title=f"Choir {number + 5}")
            if number % 5 == 0:
                ActivityPageFactory(partner=partner, categories=[crafts, singing])
    large = [queries_for(client, "/partners/", search) for search in searches]
    assert large[0][2].context["directory"].total == 50
    assert len(large[0][2].context["directory"].partners) == PARTNERS_PER_PAGE
    assert large[2][2].context["directory"].total == 11

    for small_search, large_search in zip(small, large, strict=True):
        assert_same_count(small_search, large_search)
    assert_same_count(small[0], large[2])  # words and filters cost no query either
