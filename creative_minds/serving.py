"""Workers that share one copy of what they only read (gunicorn.conf.py calls `prepare_for_fork`).

gunicorn with `preload_app` loads the site once, in its master process, and forks every worker
from it: until a process writes to a page of memory, the master and its workers share it. Two
things break that sharing unless the master prepares for it:

- each worker would build for itself, on its first requests, what every worker builds the same
  (the search's index, the gazetteer, the compiled templates), so each would hold its own copy;
- Python's garbage collector writes into every object it examines, so the first collection in a
  worker would copy every page the master's objects live on.

So before forking, the master builds what apps have registered with `build_before_fork`, then
serves a few pages to itself (`warm_up`: the home page and what apps register with
`warm_up_with`), so that what a first request builds as it goes (what each process holds, the
forms' classes, caches of compiled patterns) is built once, here, and not by every new worker
inside a visitor's request. Then it closes its connections (a worker must open its own) and moves
every object it holds out of the collector's reach (`gc.freeze`).

After a change is published, the copies go stale. Rather than every worker rebuilding its own
(a second or so of CPU each at 20,000 activities, taken from the visitors it is serving, and then
a private copy in each), the master follows the changes (`follow_changes`): one thread at a low
CPU priority rebuilds what is stale, prepares for forking again, and has gunicorn replace its
workers one at a time (`replace_in_turn`: a new worker forked from the fresh master first, then the
oldest told to finish the request it is serving and stop). Replacing them all at once (SIGHUP)
left a moment with no worker ready to take a request, every few seconds while editors publish.
Meanwhile the workers go on answering from the copies they have (`rebuilt_by_parent`).
"""

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.template import engines
from django.urls import get_resolver

from creative_minds.geo.gazetteer import gazetteer

logger = logging.getLogger(__name__)

# How often the master looks for a published change (one cache read each time).
FOLLOW_EVERY_SECONDS = 0.5
# A worker whose copy has been stale this long builds its own: the master should have replaced it
# long before, so it is not following changes (or failed to rebuild).
PARENT_GRACE_SECONDS = 30.0
# The rebuilding thread's niceness: the workers' requests come first for the CPU.
FOLLOWER_NICENESS = 10
# How long a new worker is given to start (connect to the database and the cache) before the
# oldest is stopped: it takes milliseconds; this leaves it a margin on a busy machine.
NEW_WORKER_STARTS_SECONDS = 0.5
# Replacing workers: how long to wait for one to appear or go (an old one first finishes the request
# it is serving, which gunicorn's --timeout bounds), and how often to look.
WORKER_STEP_TIMEOUT_SECONDS = 60.0
WORKER_STEP_POLL_SECONDS = 0.05

# A session cookie no session has: the page cache, which never answers a request that has one,
# lets the warm-up through to the view (and stores nothing), and the visitor is still anonymous.
WARM_UP_COOKIE = f"{settings.SESSION_COOKIE_NAME}=warm-up-before-fork"
# A key nothing stores: a new worker reads it to open its cache connection before its first request.
CONNECT_KEY = "serving:connect"

_preparations: list[Callable[[], object]] = []
_stale_checks: list[Callable[[], bool]] = []
_warm_up_addresses: list[Callable[[], Iterable[str]]] = []
_state = {"rebuilt_by_parent": False}


def build_before_fork(prepare: Callable[[], object], *, stale: Callable[[], bool] | None = None):
    """Have `prepare()` run in the master before the workers fork (an app's `ready()` registers
    what its per-process copies need), and again whenever `stale()` says what it built is out of
    date. Registering the same function twice runs it once."""
    if prepare not in _preparations:
        _preparations.append(prepare)
    if stale is not None and stale not in _stale_checks:
        _stale_checks.append(stale)
    return prepare


def rebuilt_by_parent() -> bool:
    """Whether this process is a worker whose master rebuilds stale copies and replaces it."""
    return _state["rebuilt_by_parent"]


def worker_forked() -> None:
    """Called in each worker after the fork (gunicorn's post_fork), before it takes a request: it
    connects to the database and the cache now, rather than during its first visitor's request."""
    _state["rebuilt_by_parent"] = True
    try:
        connection.ensure_connection()
        cache.get(CONNECT_KEY)  # any read opens the cache's connection
    except Exception:
        # The first request will try again, and show the visitor the error page if it must.
        logger.exception("A new worker could not connect to the database or the cache")


def prepare_for_fork() -> bool:
    """Build what the workers will share, then let go of connections and freeze the heap; whether
    every preparation succeeded.

    A preparation that fails (the database not reachable yet, say) is logged and skipped: the
    workers then build that copy for themselves on their first request, as without preloading."""
    succeeded = True
    for prepare in (prepare_site, *_preparations, warm_up):
        try:
            prepare()
        except Exception:
            logger.exception("Could not prepare %s before the workers start", prepare.__qualname__)
            succeeded = False
    connections.close_all()
    for each_cache in caches.all(initialized_only=True):
        each_cache.close()
    gc.collect()
    gc.freeze()
    return succeeded


def follow_once(replace_workers: Callable[[], None]) -> bool:
    """If anything registered is stale, rebuild it, prepare for forking again and replace the
    workers; whether it did. A failure is logged, and the next look tries again."""
    if not _anything_stale():
        return False
    if not prepare_for_fork():
        return False  # a build failed (logged): the workers keep what they have; try again next time
    # Even if another change came meanwhile, what the master now holds is newer than the workers'
    # copies; the next look rebuilds for that change.
    replace_workers()
    return True


def replace_in_turn(
    workers: Callable[[], Collection[int]], add_one: Callable[[], None], retire_oldest: Callable[[], None]
) -> bool:
    """Replace every worker, one at a time: start a new one and wait until it is there and has had
    time to start, then stop the oldest and wait until it has gone; so as many workers as ever are
    ready to take requests throughout. `workers()` gives the ids of those running now. Each step
    waits for what it asked for before the next is asked, so requests never pile up. Whether every
    worker was replaced (if one step takes too long, it says so and stops there: the workers not yet
    replaced build their own copies after PARENT_GRACE_SECONDS)."""
    for _ in range(len(workers())):
        before = set(workers())
        add_one()
        if not _waited_for(lambda before=before: set(workers()) - before):
            logger.warning("A new worker did not start within %s s", WORKER_STEP_TIMEOUT_SECONDS)
            return False
        time.sleep(NEW_WORKER_STARTS_SECONDS)
        retire_oldest()
        if not _waited_for(lambda before=before: len(workers()) <= len(before)):
            logger.warning("An old worker did not stop within %s s", WORKER_STEP_TIMEOUT_SECONDS)
            return False
    return True


def _waited_for(condition: Callable[[], object]) -> bool:
    deadline = time.monotonic() + WORKER_STEP_TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(WORKER_STEP_POLL_SECONDS)
    return True


def _anything_stale() -> bool:
    return any(stale() for stale in _stale_checks)


def follow_changes(replace_workers: Callable[[], None]) -> threading.Thread:
    """Start the master's thread that follows published changes (see the module's docstring)."""
    thread = threading.Thread(target=_follow, args=(replace_workers,), name="follow-changes", daemon=True)
    thread.start()
    return thread


def _follow(replace_workers: Callable[[], None]) -> None:
    # Linux gives each thread its own niceness: only this thread yields the CPU to the workers.
    # Where it cannot be set, the thread still follows, at the workers' priority.
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), FOLLOWER_NICENESS)
    except OSError:
        logger.warning("Could not lower the priority of the thread that follows changes")
    while True:
        time.sleep(FOLLOW_EVERY_SECONDS)
        try:
            follow_once(replace_workers)
        except Exception:
            logger.exception("Could not follow the published changes")


def site_templates() -> list[str]:
    """The names of the site's own templates (templates/), which every worker renders."""
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def warm_up_with(addresses: Callable[[], Iterable[str]]):
    """Have the master request each address `addresses()` gives (a path, with any query string)
    before the workers fork, after the builds (an app's `ready()` registers its busiest pages).
    Registering the same function twice requests its addresses once."""
    if addresses not in _warm_up_addresses:
        _warm_up_addresses.append(addresses)
    return addresses


def warm_up() -> None:
    """Serve the home page and every registered address once, in this process, through every
    middleware, the view and its templates, as an anonymous visitor would get them (over HTTPS, on
    a host the site allows). What a page builds on first use is then built before the fork and
    shared. A page that fails is logged by Django as any other (django.request)."""
    handler = WSGIHandler()
    for path in ("/", *(address for addresses in _warm_up_addresses for address in addresses())):
        handler(_warm_up_environ(path), _ignore_start_response).close()


def _warm_up_environ(address: str) -> dict:
    path, _, query = address.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": _warm_up_host(),
        "HTTP_COOKIE": WARM_UP_COOKIE,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "https",  # so that SECURE_SSL_REDIRECT serves the page, not a redirect
    }
    setup_testing_defaults(environ)  # the rest of what a WSGI server gives (wsgi.input...)
    return environ


def _warm_up_host() -> str:
    """The first host ALLOWED_HOSTS names ("localhost" if it allows any)."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def _ignore_start_response(status, headers, exc_info=None):
    return lambda data: None


def compile_site_templates() -> None:
    """Compile the site's templates into the template loader's cache (production settings keep
    compiled templates for the process's life)."""
    engine = engines["django"]
    for name in site_templates():
        engine.get_template(name)


def load_url_patterns() -> None:
    """Import every view and build the tables `reverse` reads, for every namespace."""
    resolvers = [get_resolver()]
    while resolvers:
        resolver = resolvers.pop()
        resolver.reverse_dict  # noqa: B018 - the property builds the tables on first use
        resolvers.extend(namespaced for _prefix, namespaced in resolver.namespace_dict.values())


def prepare_site() -> None:
    """What every page needs, whatever the app. The URL patterns come first: loading them imports
    every view, and with them every module that registers something here."""
    load_url_patterns()
    compile_site_templates()
    gazetteer()
