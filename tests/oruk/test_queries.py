"""A list costs the same queries whatever its page size: 5 or 50 to a page, nested or not."""

import pytest

from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.builders import ActivityMaker
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    make = ActivityMaker()
    places = [
        ("kirklees", "HD1 2TA"),
        ("calderdale", "HX1 1QE"),
        ("wakefield", "WF1 2EB"),
        ("barnsley", "S70 1AA"),
    ]
    for number in range(12):
        locality, postcode = places[number % 4]
        partner = PartnerPageFactory(
            home=Locality.objects.get(slug=locality), postcode=postcode, title=f"Partner {number:02d}"
        )
        make(
            f"Group {number:02d}",
            locality=locality,
            postcode=postcode,
            categories=["singing", "arts"],
            partner=partner,
        )


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [
        ("services", {}),
        ("services", {"full": "true"}),
        ("services", {"minimal": "true"}),
        ("services", {"search": "group"}),
        ("service_at_locations", {}),
        ("service_at_locations", {"full": "true", "postcode": "HD1 2TA", "proximity": "50000"}),
        ("organizations", {"full_service": "true"}),
        ("taxonomies", {}),
        ("taxonomy_terms", {}),
    ],
)
def test_query_counts_do_not_grow_with_the_page(client, many, endpoint, params):
    url = f"/api/oruk/{endpoint}"
    small = queries_for(client, url, {**params, "per_page": "5"})
    large = queries_for(client, url, {**params, "per_page": "50"})
    assert len(small[2].json()["contents"]) < len(large[2].json()["contents"])
    count = assert_same_count(small, large)
    assert count <= 4


def test_look_ups_are_a_few_queries(client, many, django_assert_max_num_queries):
    service = client.get("/api/oruk/services").json()["contents"][0]
    with django_assert_max_num_queries(3):
        client.get(f"/api/oruk/services/{service['id']}")
