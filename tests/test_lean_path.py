"""No request makes a Redis round trip it does not need (issue 16).

Counted on the real Redis (REDIS_URL, as in CI), with the middleware in production's order and
production's cache backend: /healthz/ makes none, a stored page exactly one (none when the
process holds it already: page_cache's local tier), an uncached page
only those its parts need; a stored page carries the headers its first visitor got.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.search import facet_index
from creative_minds import page_cache, serving
from creative_minds.settings.base import with_page_cache
from partners.factories import UserFactory
from tests.builders import ActivityMaker

pytestmark = pytest.mark.django_db

# Added by the server or by the page cache itself; everything else must be the same.
HEADERS_OF_THE_MOMENT = {"date", "age"}


class RoundTrips:
    """Counts what is sent to Redis: one command, or one pipeline, is one round trip."""

    def __init__(self):
        self.sent = []

    def wrap(self, send_packed_command):
        def counted(connection, command, *args, **kwargs):
            self.sent.append(command)
            return send_packed_command(connection, command, *args, **kwargs)

        return counted

    def __len__(self):
        return len(self.sent)

    def clear(self):
        self.sent.clear()


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        pytest.skip("counts Redis round trips: set REDIS_URL=redis://... to run it")
    return url


@pytest.fixture
def production_path(settings, redis_url, monkeypatch):
    """Production's middleware (page cache on) and cache backend, on a key prefix of its own;
    yields the round-trip counter."""
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    prefix = f"cm-lean-path-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "creative_minds.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    trips = RoundTrips()
    monkeypatch.setattr(
        redis.connection.AbstractConnection,
        "send_packed_command",
        trips.wrap(redis.connection.AbstractConnection.send_packed_command),
    )
    yield trips
    monkeypatch.undo()
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def comparable(response) -> dict[str, str]:
    return {
        name.lower(): value for name, value in response.items() if name.lower() not in HEADERS_OF_THE_MOMENT
    }


def test_healthz_makes_no_round_trip_and_no_query_and_keeps_its_promise(client, production_path, settings):
    client.get("/healthz/")  # a first request connects and loads what every process holds
    production_path.clear()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/")

    assert len(production_path) == 0, production_path.sent
    assert not queries.captured_queries
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"
    assert "no-store" in response["Cache-Control"]
    # The headers Django's own middleware gives a bare view.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # GET only, as before (require_GET).
    assert client.post("/healthz/").status_code == 405
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/healthz/", HTTP_HOST="elsewhere.example").status_code == 400


def test_a_stored_page_costs_one_round_trip_no_query_and_has_the_headers_its_first_visitor_got(
    client, production_path
):
    activity = ActivityMaker()("Sing for your mind")
    client.get("/healthz/")
    first = client.get(activity.url)
    assert first.status_code == 200 and not first.has_header("Age")
    # The first page made the site's settings row, which every process then loads again once.
    client.get(activity.url)
    page_cache.forget_local()  # as another process, which holds nothing of it
    production_path.clear()

    with CaptureQueriesContext(connection) as queries:
        hit = client.get(activity.url, HTTP_COOKIE="_ga=GA1.2.3; csrftoken=abc")

    assert hit.has_header("Age"), "the page was made again, not served from the page cache"
    assert len(production_path) == 1, production_path.sent
    assert not queries.captured_queries
    assert hit.content == first.content
    # Asked for again, the process answers from what it now holds: no round trip at all.
    production_path.clear()
    again = client.get(activity.url)
    assert again.has_header("Age") and again.content == first.content
    assert len(production_path) == 0, production_path.sent
    assert comparable(hit) == comparable(first)
    # Headers made by middleware the hit skips are stored with the page; SecurityMiddleware's are
    # added again.
    for name in ("content-security-policy", "x-frame-options", "vary", "cache-control", "content-type"):
        assert name in comparable(hit), name
    assert hit["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("page", ["activity", "partner", "search", "directory"])
def test_an_uncached_page_makes_only_the_page_caches_round_trips(client, production_path, monkeypatch, page):
    """6 round trips for an activity page before issue 16, 4 after its first round (the site root
    paths, the latest stories). Now only the page cache's look-up and storing the page (one
    pipeline): the root paths and which pages have stories are held by the process, and a gunicorn
    worker reads the search's version at most once a second (here the clock stands still)."""
    activity = ActivityMaker()("Sing for your mind")
    address = {
        "activity": activity.url,
        "partner": activity.partner.url,
        "search": "/activities/?q=sing",
        "directory": "/partners/",
    }[page]
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", True)
    monkeypatch.setattr(facet_index, "_now", lambda: 1000.0)
    client.get("/healthz/")
    client.get(address)  # the first request of a "process": loads what it holds
    cache.delete_many([key for key in _page_cache_keys()])
    page_cache.forget_local()
    production_path.clear()

    response = client.get(address, HTTP_COOKIE="_ga=GA1.2.3")

    assert response.status_code == 200 and not response.has_header("Age")
    assert len(production_path) == 2, production_path.sent


def _page_cache_keys():
    client = cache._cache.get_client(write=True)
    prefix = cache.make_key("page-cache:")
    return [key.decode().removeprefix(cache.make_key("")) for key in client.scan_iter(match=f"{prefix}*")]


def test_a_signed_in_person_or_a_session_cookie_is_never_answered_from_the_page_cache(
    client, production_path
):
    activity = ActivityMaker()("Sing for your mind")
    client.get(activity.url)
    assert client.get(activity.url).has_header("Age")

    assert not client.get(activity.url, HTTP_COOKIE="sessionid=anything").has_header("Age")
    client.force_login(UserFactory())
    assert not client.get(activity.url).has_header("Age")
