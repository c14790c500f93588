"""Every endpoint's answers meet the Open Referral UK 3.0 schemas (JSON Schema 2020-12, formats
checked), as the official validator pages through them: page 1, a middle page and the last, then
the `{id}` look-ups; with no null anywhere."""

import pytest

from tests.oruk.validation import ITEM_SCHEMAS, LIST_SCHEMAS, assert_no_null, assert_problem, assert_valid

API = "/api/oruk/"
pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_root_says_which_standard_and_where_the_openapi_is(client, directory):
    body = get_json(client, API)
    assert_valid(body, "api_details.json")
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"


@pytest.mark.parametrize("endpoint", list(LIST_SCHEMAS))
def test_first_middle_and_last_pages_are_valid(client, directory, endpoint):
    per_page = 1 if endpoint == "organizations" else 2  # three partners, seven activities
    first = get_json(client, API + endpoint, per_page=per_page)
    assert_valid(first, LIST_SCHEMAS[endpoint])
    total_pages = first["total_pages"]
    assert total_pages >= 3, "the directory should make several pages"
    seen = []
    for page in range(1, total_pages + 1):
        body = get_json(client, API + endpoint, per_page=per_page, page=page)
        assert_valid(body, LIST_SCHEMAS[endpoint])
        assert body["page_number"] == page
        assert body["first_page"] is (page == 1)
        assert body["last_page"] is (page == total_pages)
        assert body["size"] == len(body["contents"]) > 0
        seen += [item["id"] for item in body["contents"]]
    assert len(seen) == len(set(seen)) == first["total_items"]


def test_a_page_past_the_end_is_empty_not_an_error(client, directory):
    body = get_json(client, API + "services", per_page=50, page=9)
    assert_valid(body, "service_list.json")
    assert body["empty"] is True
    assert body["contents"] == []
    assert body["total_items"] == 7


@pytest.mark.parametrize(
    ("endpoint", "lookup"),
    [
        ("services", "services"),
        ("service_at_locations", "service_at_locations"),
        ("organizations", "organizations"),
        ("taxonomies", "taxonomies"),
        ("taxonomy_terms", "taxonomy_terms"),
    ],
)
def test_every_listed_id_can_be_looked_up(client, directory, endpoint, lookup):
    schema = ITEM_SCHEMAS[lookup.removesuffix("s").replace("taxonomie", "taxonomy")]
    for item in get_json(client, API + endpoint, per_page=100)["contents"]:
        body = get_json(client, f"{API}{lookup}/{item['id']}")
        assert_valid(body, schema)
        assert body["id"] == item["id"]


@pytest.mark.parametrize(
    "params",
    [
        {"full": "true"},
        {"minimal": "true"},
        {"search": "choir"},
        {"postcode": "HD1 2TA", "proximity": "5000"},
        {"postcode": "Halifax"},
        {"modified_after": "2020-01-01T00:00:00Z"},
        {"organization_id": "00000000-0000-4000-8000-000000000000"},
    ],
)
def test_filtered_and_nested_service_lists_are_valid(client, directory, params):
    for endpoint in ("services", "service_at_locations"):
        if endpoint == "service_at_locations" and "minimal" in params:
            continue
        assert_valid(get_json(client, API + endpoint, **params), LIST_SCHEMAS[endpoint])


def test_organizations_with_their_services_are_valid(client, directory):
    body = get_json(client, API + "organizations", full_service="true", full="true")
    assert_valid(body, "organization_list.json")
    for organization in body["contents"]:
        for service in organization["services"]:
            assert_valid(service, "service.json")
    one = body["contents"][0]["id"]
    assert_valid(get_json(client, f"{API}organizations/{one}", full_service="true"), "organization.json")


def test_taxonomy_filters_are_valid(client, directory):
    taxonomy = get_json(client, API + "taxonomies")["contents"][0]
    terms = get_json(client, API + "taxonomy_terms", taxonomy_id=taxonomy["id"], per_page=100)
    assert_valid(terms, "taxonomy_term_list.json")
    assert {term["taxonomy_id"] for term in terms["contents"]} == {taxonomy["id"]}
    term = terms["contents"][0]
    services = get_json(client, API + "services", taxonomy_term_id=term["id"])
    assert_valid(services, "service_list.json")
    with_children = get_json(client, API + "taxonomy_terms", parent_id=term["id"])
    assert with_children["empty"] is True
    assert_valid(with_children, "taxonomy_term_list.json")


@pytest.mark.parametrize(
    "lookup", ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]
)
@pytest.mark.parametrize("key", ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "ünïcödé", "%00"])
def test_unknown_ids_answer_404_in_the_error_shape(client, directory, lookup, key):
    assert_problem(client.get(f"{API}{lookup}/{key}"), 404)


def test_unknown_addresses_answer_404_in_the_error_shape(client, db):
    for path in ("nothing-here", "services/a/b", "locations", "services/"):
        assert_problem(client.get(API + path), 404)


@pytest.mark.parametrize(
    ("endpoint", "params", "words"),
    [
        ("services", {"page": "0"}, "page must be"),
        ("services", {"page": "two"}, "page must be"),
        ("services", {"page": "9" * 40}, "page must be"),
        ("services", {"per_page": "101"}, "per_page must be"),
        ("services", {"per_page": "-1"}, "per_page must be"),
        ("services", {"taxonomy_term_id": "singing"}, "taxonomy_term_id must be"),
        ("services", {"organization_id": "1"}, "organization_id must be"),
        ("services", {"modified_after": "yesterday"}, "modified_after must be"),
        ("services", {"modified_after": "2026-02-30"}, "modified_after must be"),
        ("services", {"full": "maybe"}, "full must be true or false"),
        ("services", {"format": "ndjson"}, "format must be json"),
        ("services", {"search": "word " * 30}, "20 words or fewer"),
        ("service_at_locations", {"postcode": "ZZ"}, "postcode"),
        ("service_at_locations", {"postcode": "Atlantis"}, "postcode"),
        ("service_at_locations", {"proximity": "5000"}, "proximity needs a postcode"),
        ("service_at_locations", {"postcode": "HD1 2TA", "proximity": "far"}, "proximity must be"),
        ("service_at_locations", {"postcode": "HD1 2TA", "proximity": "1e309"}, "proximity must be"),
        ("service_at_locations", {"postcode": "HD1 2TA", "proximity": "0"}, "proximity must be"),
        ("service_at_locations", {"postcode": "HD1\x002TA"}, "postcode"),
        ("taxonomy_terms", {"top_only": "yes please"}, "top_only must be"),
        ("organizations", {"full_service": "2"}, "full_service must be"),
    ],
)
def test_bad_values_answer_400_with_a_message(client, directory, endpoint, params, words):
    body = assert_problem(client.get(API + endpoint, params), 400)
    assert words in body["detail"]


def test_unknown_filter_values_give_an_empty_list(client, directory):
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        body = get_json(client, API + "services", **{name: "00000000-0000-4000-8000-000000000000"})
        assert body["empty"] is True
        assert_no_null(body)
