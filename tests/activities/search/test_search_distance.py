"""Distance search checked against an independent haversine (tests/reference.py) on real postcodes."""

import re
from html import unescape

import pytest
from django.http import QueryDict

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage
from activities.search.filters import ActivityFilter
from activities.search.selectors import PAGE_SIZE, search_activities
from creative_minds.geo.models import Postcode
from partners.models import Locality
from tests.builders import shared_data
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

CENTRE = (53.643913, -1.782641)  # HD1 2TA
RADIUS = 25


def run_search(page=1, **params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filterset = ActivityFilter(data, queryset=ActivityPage.objects.none())
    assert filterset.is_valid(), filterset.form.errors
    return search_activities(filterset, page_number=page)


def every_result(**params) -> list[ActivityPage]:
    first = run_search(**params)
    results = list(first.page.object_list)
    for number in range(2, first.page.paginator.num_pages + 1):
        results.extend(run_search(page=number, **params).page.object_list)
    assert len(results) == first.total
    return results


def build_seeded():
    """About forty activities at real postcodes: thirty anywhere in the four boroughs (the factory
    picks live postcodes of each locality), and ten chosen either side of the 25-mile line."""
    activities = [ActivityPageFactory() for _ in range(30)]

    # Real postcodes between 23 and 28 miles away, none within a hair of the edge.
    ring = sorted(
        (distance, compact)
        for compact, lat, lon in Postcode.objects.filter(is_live=True).values_list(
            "compact", "latitude", "longitude"
        )
        if 23 <= (distance := haversine_miles(CENTRE, (lat, lon))) <= 28 and abs(distance - RADIUS) > 0.01
    )
    inside = [row for row in ring if row[0] < RADIUS]
    outside = [row for row in ring if row[0] > RADIUS]
    assert len(inside) >= 5 and len(outside) >= 5, "the postcode table should reach past 25 miles"
    # The five nearest the line on each side, so the edge itself is tested.
    chosen = inside[-5:] + outside[:5]
    wakefield = Locality.objects.get(slug="wakefield")
    for _, compact in chosen:
        postcode = Postcode.objects.get(compact=compact).postcode
        activities.append(ActivityPageFactory(postcode=postcode, partner__home=wakefield, locality=wakefield))
    # Nothing online or unplaceable: every activity here has a point.
    assert all(a.latitude is not None for a in activities)
    return activities


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Built once for this module and rolled back after it."""
    yield from shared_data(django_db_blocker, build_seeded)


def reference_distance(activity) -> float:
    return haversine_miles(CENTRE, (activity.latitude, activity.longitude))


def test_seeded_points_are_the_postcode_table_points(seeded):
    for activity in seeded:
        row = Postcode.objects.get(compact=activity.postcode.replace(" ", ""))
        assert (activity.latitude, activity.longitude) == (row.latitude, row.longitude)


def test_nearest_first_matches_an_independent_haversine(seeded):
    results = every_result(near="HD1 2TA", radius=str(RADIUS), sort="distance")

    expected_inside = {a.pk for a in seeded if reference_distance(a) <= RADIUS}
    outside = {a.pk for a in seeded if reference_distance(a) > RADIUS}
    assert len(expected_inside) > PAGE_SIZE  # the order is checked across pages too
    assert len(outside) >= 5

    returned = [a.pk for a in results]
    assert len(returned) == len(set(returned))
    assert set(returned) == expected_inside  # everything inside, nothing beyond
    assert not set(returned) & outside

    by_reference = sorted(results, key=lambda a: (reference_distance(a), a.title, a.pk))
    assert returned == [a.pk for a in by_reference]
    for activity in results:
        assert activity.distance == pytest.approx(reference_distance(activity), abs=0.01)
        assert activity.distance <= RADIUS


def test_smaller_radii_are_exact_too(seeded):
    for radius in (1, 3, 5, 10):
        results = every_result(near="HD1 2TA", radius=str(radius), sort="distance")
        assert {a.pk for a in results} == {a.pk for a in seeded if reference_distance(a) <= radius}, radius
        distances = [reference_distance(a) for a in results]
        assert distances == sorted(distances)


def test_the_page_shows_each_distance(client, seeded):
    response = client.get("/activities/", {"near": "hd12ta", "radius": str(RADIUS), "sort": "distance"})
    assert response.status_code == 200
    html = response.content.decode()
    cards = re.findall(
        r'<a href="([^"]+)">([^<]+)</a></h3>\s*<p[^>]*>.*?cm-result__distance">([0-9.]+) miles? away', html
    )
    assert len(cards) == PAGE_SIZE
    by_url = {a.url: a for a in seeded}
    shown = []
    for url, title, miles in cards:
        activity = by_url[url]
        assert unescape(title) == activity.title
        assert float(miles) == pytest.approx(reference_distance(activity), abs=0.05 + 1e-6)
        shown.append(reference_distance(activity))
    assert shown == sorted(shown)
