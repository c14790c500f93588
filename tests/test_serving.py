"""Issue 16: gunicorn's master builds what the workers share, freezes it before they fork, and
rebuilds and replaces its workers after a change (creative_minds/serving.py, gunicorn.conf.py)."""

import gc
import logging
import runpy
import signal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, connection
from django.template import engines
from django.urls import get_resolver

from activities.search import facet_index
from activities.search.selectors import busiest_addresses
from creative_minds import process_copies, serving
from creative_minds.settings.base import with_page_cache

GUNICORN_CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"
REAL_WARM_UP = serving.warm_up  # the fixture below stands a no-op in for it


@pytest.fixture(autouse=True)
def own_registrations(monkeypatch):
    """This test's preparations only (it gets the apps' own), and the collector as it was afterwards."""
    registered = (list(serving._preparations), list(serving._stale_checks), list(serving._warm_up_addresses))
    monkeypatch.setattr(serving, "_preparations", [])
    monkeypatch.setattr(serving, "_stale_checks", [])
    monkeypatch.setattr(serving, "_warm_up_addresses", [])
    monkeypatch.setattr(serving, "prepare_site", lambda: None)
    monkeypatch.setattr(serving, "warm_up", lambda: None)
    yield registered
    gc.unfreeze()


def test_the_master_builds_what_was_registered_once_then_freezes_the_heap():
    made = []

    def prepare():
        made.append("index")

    serving.build_before_fork(prepare)
    serving.build_before_fork(prepare)
    assert serving.prepare_for_fork() is True
    assert made == ["index"]
    assert gc.get_freeze_count() > 0, "the master's objects are out of the collector's reach"


def test_the_master_closes_its_connections_before_the_workers_fork(monkeypatch):
    # A worker must open its own: two processes on one socket would read each other's replies.
    closed = []
    monkeypatch.setattr(serving.connections, "close_all", lambda: closed.append("database"))
    serving.prepare_for_fork()
    assert closed == ["database"]


def test_a_preparation_that_fails_is_logged_and_the_others_still_run(caplog):
    made = []

    def broken():
        raise ConnectionError("database not up yet")

    serving.build_before_fork(broken)
    serving.build_before_fork(lambda: made.append("after"))
    with caplog.at_level(logging.ERROR):
        assert serving.prepare_for_fork() is False
    assert made == ["after"]
    assert "Could not prepare" in caplog.text


class Follower:
    """Stand-ins for the stale checks, a preparation and gunicorn's replacement of its workers."""

    def __init__(self, *, stale=True, fails=False):
        self.stale = stale
        self.fails = fails
        self.rebuilds = 0
        self.replaced = 0

    def is_stale(self):
        return self.stale

    def rebuild(self):
        if self.fails:
            raise ConnectionError("database gone away")
        self.rebuilds += 1
        self.stale = False

    def replace_workers(self):
        self.replaced += 1


def follower(**kwargs) -> Follower:
    stand_in = Follower(**kwargs)
    serving.build_before_fork(stand_in.rebuild, stale=stand_in.is_stale)
    return stand_in


def test_nothing_stale_means_no_rebuild_and_the_workers_stay():
    stand_in = follower(stale=False)
    assert serving.follow_once(stand_in.replace_workers) is False
    assert (stand_in.rebuilds, stand_in.replaced) == (0, 0)


def test_a_published_change_is_rebuilt_once_in_the_master_and_the_workers_replaced():
    stand_in = follower()
    assert serving.follow_once(stand_in.replace_workers) is True
    assert serving.follow_once(stand_in.replace_workers) is False
    assert (stand_in.rebuilds, stand_in.replaced) == (1, 1)


def test_a_failed_rebuild_keeps_the_workers_and_is_tried_again(caplog):
    stand_in = follower(fails=True)
    assert serving.follow_once(stand_in.replace_workers) is False
    assert stand_in.replaced == 0
    stand_in.fails = False
    assert serving.follow_once(stand_in.replace_workers) is True
    assert stand_in.replaced == 1


def test_the_search_indexes_are_registered_to_be_built_before_the_fork_and_its_pages_served(
    own_registrations,
):
    preparations, stale_checks, warm_up_addresses = own_registrations
    assert facet_index.build_every_copy in preparations
    assert facet_index.any_copy_stale in stale_checks
    assert busiest_addresses in warm_up_addresses


def test_every_namespace_can_be_reversed_and_every_site_template_compiles_before_the_fork():
    serving.load_url_patterns()
    resolvers = [get_resolver()]
    while resolvers:
        resolver = resolvers.pop()
        assert resolver._populated
        resolvers.extend(namespaced for _prefix, namespaced in resolver.namespace_dict.values())
    names = serving.site_templates()
    assert "base.html" in names and "activities/activity_index_page.html" in names
    serving.compile_site_templates()
    engine = engines["django"].engine
    assert all(engine.get_template(name) for name in names)


# -- gunicorn.conf.py ---------------------------------------------------------------------------


class FakeArbiter:
    """gunicorn's master as far as replacing workers goes: TTIN forks one more, TTOU stops the
    oldest. Notes how many workers were running after each signal."""

    def __init__(self, pids):
        self.WORKERS = {pid: f"worker {pid}" for pid in pids}
        self.next_pid = max(pids) + 1
        self.running = []

    def kill(self, pid, sig):
        if sig == signal.SIGTTIN:
            self.WORKERS[self.next_pid] = f"worker {self.next_pid}"
            self.next_pid += 1
        elif sig == signal.SIGTTOU:
            del self.WORKERS[min(self.WORKERS)]
        self.running.append(len(self.WORKERS))


def test_gunicorn_preloads_the_site_prepares_it_and_follows_changes(monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "prepare_for_fork", lambda: calls.append("prepare"))
    monkeypatch.setattr(serving, "follow_changes", lambda replace: calls.append(replace))
    monkeypatch.setattr(serving, "NEW_WORKER_STARTS_SECONDS", 0)
    config = runpy.run_path(str(GUNICORN_CONF))
    assert config["preload_app"] is True

    arbiter = FakeArbiter([101, 102])
    config["when_ready"](server=arbiter)
    assert calls[0] == "prepare"
    monkeypatch.setattr(config["os"], "kill", arbiter.kill)
    calls[1]()
    # One at a time (gunicorn's own signals: TTIN forks one more from the master, TTOU stops the
    # oldest gracefully), so two were ready throughout; and both old ones are gone.
    assert arbiter.running == [3, 2, 3, 2]
    assert set(arbiter.WORKERS) == {103, 104}


def test_replacing_stops_and_says_so_when_a_new_worker_does_not_come(monkeypatch, caplog):
    monkeypatch.setattr(serving, "WORKER_STEP_TIMEOUT_SECONDS", 0.2)
    retired = []
    with caplog.at_level(logging.WARNING, logger="creative_minds.serving"):
        replaced = serving.replace_in_turn(lambda: {101, 102}, lambda: None, lambda: retired.append(True))
    assert not replaced and not retired
    assert "did not start" in caplog.text


@pytest.mark.django_db
def test_a_forked_worker_knows_its_master_rebuilds_and_connects_before_its_first_request(monkeypatch):
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", False)
    connection.close()
    config = runpy.run_path(str(GUNICORN_CONF))
    config["post_fork"](server=None, worker=None)
    assert serving.rebuilt_by_parent()
    assert connection.connection is not None


def test_a_worker_that_cannot_connect_yet_says_so_and_starts_all_the_same(monkeypatch, caplog):
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", False)

    def unreachable():
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(serving.connection, "ensure_connection", unreachable)
    with caplog.at_level(logging.ERROR, logger="creative_minds.serving"):
        serving.worker_forked()
    assert serving.rebuilt_by_parent()
    assert "could not connect" in caplog.text


# -- the warm-up ---------------------------------------------------------------------------------


@pytest.fixture
def warm_up(own_registrations, monkeypatch):
    """The real warm-up, with the apps' own addresses registered; yields what it served, as
    (address, status) pairs."""
    monkeypatch.setattr(serving, "_warm_up_addresses", list(own_registrations[2]))
    served = []
    make_environ = serving._warm_up_environ

    def environ(address):
        served.append([address, None])
        return make_environ(address)

    def start_response(status, headers, exc_info=None):
        served[-1][1] = int(status.split()[0])
        return lambda data: None

    monkeypatch.setattr(serving, "_warm_up_environ", environ)
    monkeypatch.setattr(serving, "_ignore_start_response", start_response)
    REAL_WARM_UP()
    return [tuple(pair) for pair in served]


@pytest.fixture
def connections_kept():
    """As Django's test client does: the warm-up's requests must not close the test's connection
    (each request's start and end close connections that are too old, and in a test that is the one
    holding the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def production_like(settings, connections_kept):
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    settings.SECURE_SSL_REDIRECT = True  # production's: the warm-up must not be sent to https and lost
    settings.ALLOWED_HOSTS = ["creativeminds.example"]
    process_copies.forget()


@pytest.mark.django_db
def test_the_master_serves_itself_the_busiest_pages_so_that_new_workers_start_warm(
    make_activity, production_like, request, client, django_assert_max_num_queries
):
    activity = make_activity("Sing for your mind")
    served = request.getfixturevalue("warm_up")

    search = "/activities/?q=walking+group&near=Huddersfield&radius=5"
    assert served == [
        ("/", 200),
        ("/activities/", 200),
        (search, 200),
        ("/partners/", 200),
        (activity.url, 200),
        (activity.partner.url, 200),
    ]
    # What a page builds on first use is held now: a visitor's search asks for no index page...
    with django_assert_max_num_queries(0):
        response = client.get("/activities/", secure=True, HTTP_HOST="creativeminds.example")
    # ...and the warm-up stored nothing in the page cache (it came as a visitor with a session).
    assert response.status_code == 200 and not response.has_header("Age")


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        (["creativeminds.example", "www.creativeminds.example"], "creativeminds.example"),
        ([".example.org"], "example.org"),
        (["*"], "localhost"),
    ],
)
def test_the_warm_up_asks_for_a_host_the_site_allows(settings, allowed, host):
    settings.ALLOWED_HOSTS = allowed
    environ = serving._warm_up_environ("/activities/?q=walking")
    assert environ["HTTP_HOST"] == host
    assert (environ["PATH_INFO"], environ["QUERY_STRING"]) == ("/activities/", "q=walking")
    assert environ["wsgi.url_scheme"] == "https"


def test_a_master_prepares_then_warms_up_then_freezes(monkeypatch):
    steps = []
    serving.build_before_fork(lambda: steps.append("build"))
    monkeypatch.setattr(serving, "warm_up", lambda: steps.append("warm up"))
    monkeypatch.setattr(serving.gc, "freeze", lambda: steps.append("freeze"))
    serving.prepare_for_fork()
    assert steps == ["build", "warm up", "freeze"]
