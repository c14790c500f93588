"""The feed over HTTP: readable from any web page (CORS), cacheable, with validators that answer
304 without building the list, and known to the page cache by the parameters it reads."""

import pytest
from django.test import Client
from django.utils.http import http_date

from activities.oruk.params import READS
from creative_minds.page_cache import _PARAMETERS
from tests.oruk.validation import assert_problem

API = "/api/oruk/"
pytestmark = pytest.mark.django_db
ADDRESSES = [
    API,
    API + "openapi.json",
    API + "services?page=1",
    API + "service_at_locations?postcode=HD1%202TA&proximity=5000",
    API + "organizations",
    API + "taxonomies",
    API + "taxonomy_terms",
]


@pytest.mark.parametrize("url", ADDRESSES)
def test_every_answer_is_open_to_any_site_and_cacheable(client, directory, url):
    for method in (client.get, client.head):
        response = method(url)
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"]


def test_errors_are_open_to_any_site_too(client, db):
    assert client.get(API + "services?page=0")["Access-Control-Allow-Origin"] == "*"
    assert client.get(API + "nowhere")["Access-Control-Allow-Origin"] == "*"


def test_options_says_what_is_allowed(client, db):
    response = client.options(API + "services")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_writing_is_refused(db):
    """Refused by the feed (JSON with Allow), not by the CSRF check a browser's client meets."""
    response = Client(enforce_csrf_checks=True).post(API + "services", {})
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_copy_still_current_gets_304_without_a_query(client, directory, django_assert_num_queries):
    first = client.get(API + "services?page=1")
    with django_assert_num_queries(0):
        again = client.get(API + "services?page=1", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    later = client.get(API + "services?page=1", headers={"if-modified-since": first["Last-Modified"]})
    assert later.status_code == 304


def test_an_edit_makes_a_new_etag(client, directory, django_capture_on_commit_callbacks):
    before = client.get(API + "services?page=1")
    choir = directory["choir"]
    choir.summary = "Sing together on Tuesdays."
    with django_capture_on_commit_callbacks(execute=True):  # the feed's version changes on commit
        choir.save_revision().publish()
    after = client.get(API + "services?page=1", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Sing together on Tuesdays." in after.content.decode()


def test_each_page_and_filter_has_its_own_etag(client, directory):
    tags = {client.get(API + "services", params)["ETag"] for params in ({}, {"page": 2}, {"search": "choir"})}
    assert len(tags) == 3
    # A parameter the endpoint does not read changes nothing.
    assert client.get(API + "services", {"colour": "blue"})["ETag"] == client.get(API + "services")["ETag"]


def test_an_old_date_is_not_current(client, directory):
    response = client.get(API + "services", headers={"if-modified-since": http_date(0)})
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", [name for name in READS if not name.endswith("n")])
def test_the_page_cache_keys_on_the_parameters_read(client, directory, endpoint):
    response = client.get(API + endpoint)
    assert set(getattr(response, _PARAMETERS)) == set(READS[endpoint])
    assert {"page", "per_page"} <= set(READS[endpoint])
