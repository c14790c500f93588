"""Issue 16: gunicorn's master builds what the workers share, freezes it before they fork, and
rebuilds and replaces its workers after a change (creative_minds/serving.py, gunicorn.conf.py)."""

import gc
import logging
import runpy
import signal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from activities.search import facet_index
from creative_minds import serving

GUNICORN_CONF = Path(settings.BASE_DIR) / "gunicorn.conf.py"


@pytest.fixture(autouse=True)
def own_registrations(monkeypatch):
    """This test's preparations only (it gets the apps' own), and the collector as it was afterwards."""
    registered = (list(serving._preparations), list(serving._stale_checks))
    monkeypatch.setattr(serving, "_preparations", [])
    monkeypatch.setattr(serving, "_stale_checks", [])
    monkeypatch.setattr(serving, "prepare_site", lambda: None)
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


def test_the_search_indexes_are_registered_to_be_built_before_the_fork(own_registrations):
    preparations, stale_checks = own_registrations
    assert facet_index.build_every_copy in preparations
    assert facet_index.any_copy_stale in stale_checks


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


def test_gunicorn_preloads_the_site_prepares_it_and_follows_changes(monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "prepare_for_fork", lambda: calls.append("prepare"))
    monkeypatch.setattr(serving, "follow_changes", lambda replace: calls.append(replace))
    config = runpy.run_path(str(GUNICORN_CONF))
    assert config["preload_app"] is True

    config["when_ready"](server=None)
    assert calls[0] == "prepare"
    kills = []
    monkeypatch.setattr(config["os"], "kill", lambda pid, sig: kills.append(sig))
    calls[1]()
    assert kills == [signal.SIGHUP], "gunicorn's own way to fork new workers and stop the old"


def test_a_forked_worker_knows_its_master_rebuilds(monkeypatch):
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", False)
    config = runpy.run_path(str(GUNICORN_CONF))
    config["post_fork"](server=None, worker=None)
    assert serving.rebuilt_by_parent()
