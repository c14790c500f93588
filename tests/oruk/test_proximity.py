"""Distance in the feed agrees with the site's own search: the same place found the same way, the
same activities within the same distance (a radius in miles is proximity in metres)."""

import pytest

from activities.oruk.params import METRES_PER_MILE

pytestmark = pytest.mark.django_db


def site_finds(client, near: str, miles: int) -> set[str]:
    response = client.get("/activities/", {"near": near, "radius": str(miles)})
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    assert outcome.total <= 20, "all on one page of the search"
    return {card.title for card in outcome.page.object_list}


def feed_finds(client, endpoint: str, near: str, miles: int) -> set[str]:
    params = {"postcode": near, "proximity": str(miles * METRES_PER_MILE), "per_page": "100", "full": "true"}
    response = client.get(f"/api/oruk/{endpoint}", params)
    assert response.status_code == 200, response.content
    items = response.json()["contents"]
    return {item["service"]["name"] if "service" in item else item["name"] for item in items}


@pytest.mark.parametrize(
    ("near", "miles"),
    [
        ("HD1 2TA", 1),
        ("HD1 2TA", 5),
        ("HD1 2TA", 25),
        ("HX1", 5),
        ("Halifax", 10),
        ("Wakefield", 25),
        ("WF1 2EB", 3),
    ],
)
def test_the_feed_finds_what_the_search_finds(client, directory, near, miles):
    expected = site_finds(client, near, miles)
    assert feed_finds(client, "service_at_locations", near, miles) == expected
    assert feed_finds(client, "services", near, miles) == expected


def test_the_bench_query_finds_the_huddersfield_venues_nearest_first(client, directory):
    response = client.get("/api/oruk/service_at_locations?postcode=HD1%202TA&proximity=5000&full=true")
    names = [item["service"]["name"] for item in response.json()["contents"]]
    assert set(names) == {"Huddersfield choir", "Knit and natter", "Painting in the park"}
    assert "Online poetry" not in names


def test_a_postcode_alone_orders_nearest_first_and_keeps_everything_at_a_venue(client, directory):
    response = client.get("/api/oruk/service_at_locations", {"postcode": "WF1 2EB", "full": "true"})
    names = [item["service"]["name"] for item in response.json()["contents"]]
    assert names[0] == "Wakefield growers"
    assert len(names) == 6
