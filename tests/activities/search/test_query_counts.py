"""The search page's query count does not grow with the number of results."""

import pytest

from activities.factories import ActivityPageFactory
from activities.models import Category
from activities.models.session import Frequency
from activities.search import facet_index
from activities.search.selectors import PAGE_SIZE
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.builders import session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

SEARCH = {"near": "HD1 2TA", "radius": "25", "category": ["singing", "music"], "sort": "distance"}
# The need filters too: every one of their facets is counted on every search anyway.
NEEDS = {**SEARCH, "access": "step-free", "delivery": ["in-person", "online"]}


def add_matching(count, partners):
    """Activities that match SEARCH (and NEEDS), spread over the partners, with two categories and
    two sessions each."""
    categories = [Category.objects.get(slug="singing"), Category.objects.get(slug="crafts")]
    for number in range(count):
        ActivityPageFactory(
            partner=partners[number % len(partners)],
            categories=categories,
            sessions=[session("tue", "10:00"), session("fri", "18:00", frequency=Frequency.FORTNIGHTLY)],
            step_free_access=True,
            delivery="in_person",
        )


def test_search_page_query_count_is_constant(client, django_capture_on_commit_callbacks):
    """5 results shown vs 20 shown (50 match; the page size is 20): the same number of queries.

    The search has a postcode and two categories, so the distance, the category filter and
    every facet count are all measured; then the same again with words to match (Wagtail search).
    """
    kirklees = Locality.objects.get(slug="kirklees")
    partners = [PartnerPageFactory(home=kirklees) for _ in range(5)]
    ActivityPageFactory(categories=[Category.objects.get(slug="arts")])  # never matches
    with_words = {**SEARCH, "q": "singing", "sort": "relevance"}

    add_matching(5, partners)
    facet_index.current()  # built before either count: a rebuild is not the search's cost
    small = queries_for(client, "/activities/", SEARCH)
    small_text = queries_for(client, "/activities/", with_words)
    small_needs = queries_for(client, "/activities/", NEEDS)
    for _, _, response in (small, small_text, small_needs):
        assert response.context["outcome"].total == 5
        assert len(response.context["outcome"].page.object_list) == 5

    with django_capture_on_commit_callbacks(execute=True):  # the index is rebuilt after commit
        add_matching(45, partners)
    large = queries_for(client, "/activities/", SEARCH)
    large_text = queries_for(client, "/activities/", with_words)
    large_needs = queries_for(client, "/activities/", NEEDS)
    for _, _, response in (large, large_text, large_needs):
        assert response.context["outcome"].total == 50
        assert len(response.context["outcome"].page.object_list) == PAGE_SIZE

    assert_same_count(small, large)
    assert_same_count(small_text, large_text)
    assert assert_same_count(small_needs, large_needs) == assert_same_count(small, large)


def test_words_read_as_filters_and_ways_out_cost_no_query(client, django_capture_on_commit_callbacks):
    """Words read as filters (a day, a postcode) and an empty search's ways out, each with its
    count, are worked out in memory: the same number of queries as the search with the boxes
    ticked, at 5 and 50 results, and with no results at all."""
    kirklees = Locality.objects.get(slug="kirklees")
    partners = [PartnerPageFactory(home=kirklees) for _ in range(5)]
    ticked = {**SEARCH, "q": "singing", "day": "tue", "sort": "relevance"}
    del ticked["near"]
    typed = {**ticked, "q": "singing tuesdays near HD1 2TA"}
    del typed["day"]
    ticked["near"] = "HD1 2TA"
    nothing = {**ticked, "day": "sun", "category": "singing"}

    add_matching(5, partners)
    facet_index.current()  # built before either count: a rebuild is not the search's cost
    small_ticked = queries_for(client, "/activities/", ticked)
    small_typed = queries_for(client, "/activities/", typed)
    small_nothing = queries_for(client, "/activities/", nothing)
    assert small_typed[2].context["understanding"] is not None
    assert small_typed[2].context["outcome"].total == small_ticked[2].context["outcome"].total == 5
    assert small_nothing[2].context["outcome"].total == 0
    assert [(s.label, s.count) for s in small_nothing[2].context["outcome"].suggestions] == [
        ("Remove 'Sunday'", 5)
    ]

    with django_capture_on_commit_callbacks(execute=True):  # the index is rebuilt after commit
        add_matching(45, partners)
    large_typed = queries_for(client, "/activities/", typed)
    assert large_typed[2].context["outcome"].total == 50

    assert_same_count(small_ticked, small_typed)
    assert_same_count(small_typed, large_typed)
    assert_same_count(small_ticked, small_nothing)


def test_areas_and_types_of_activity_are_read_without_a_query(client):
    """The area and the types of activity chosen are found among those the index holds
    (filters.HeldChoiceField): a search with both, and with a type named twice, asks nothing."""
    kirklees = Locality.objects.get(slug="kirklees")
    singing = Category.objects.get(slug="singing")
    ActivityPageFactory(partner=PartnerPageFactory(home=kirklees), categories=[singing])
    facet_index.current()

    count, sql, response = queries_for(
        client, "/activities/", {"locality": "kirklees", "category": ["singing", "music", "singing"]}
    )

    assert count == 0, sql
    chosen = response.context["form"].cleaned_data
    assert (chosen["locality"].pk, str(chosen["locality"])) == (kirklees.pk, "Kirklees")
    assert [category.slug for category in chosen["category"]] == ["music", "singing"]  # name order
    assert response.context["outcome"].total == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"locality": "atlantis"}, "Choose an area from the list"),
        ({"locality": "kirklees" * 250}, "Choose an area from the list"),
        ({"category": ["singing", "underwater-basket-weaving"]}, "Choose types of activity from the list"),
        ({"category": "\x00"}, "Choose types of activity from the list"),
    ],
)
def test_an_area_or_type_the_index_does_not_hold_is_refused_on_the_form(client, params, message):
    response = client.get("/activities/", {"q": "singing", **params})

    assert response.status_code == 200
    assert message in response.text
    assert response.context["outcome"] is None
    assert 'value="singing"' in response.text  # what was typed is kept
