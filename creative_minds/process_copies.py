"""Things read on every request that change perhaps once a year (the Site rows, each site's contact
details), held by each process instead of fetched from the shared cache or the database each time.

One version number in the shared cache (Redis in production) stands for all of them. A process
looks at it at most once every REVALIDATE_SECONDS, and drops everything it holds when it has
changed. So a change made in this process is seen here at once, and in every other process within
REVALIDATE_SECONDS: a request costs no round trip for these, and a process makes at most one a
second for them, whatever the traffic.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "creative_minds:process-copies:version"
# The longest another process may go on using what it holds after a change is saved.
REVALIDATE_SECONDS = 1.0

# A clock that never goes back (a change to the system time must not stretch the bound).
_now = time.monotonic

_held: dict = {}
_known = {"version": None, "checked_at": float("-inf")}


def held(name: str, build):
    """What `build()` returns, built once in this process and kept until `changed()` is called here
    or, in any process, up to REVALIDATE_SECONDS before this one notices. `name` must come from
    the code (or from rows already held), never from what a request sends, so nothing can grow."""
    _revalidate()
    if name not in _held:
        _held[name] = build()
    return _held[name]


def changed() -> None:
    """Something held has changed: drop it here now, and tell every process (now, for this
    transaction, and again after commit, so that no process builds a copy from data not yet
    committed and keeps it)."""
    _announce()
    transaction.on_commit(_announce)


def forget() -> None:
    """Drop everything this process holds, without telling the others (tests start each case
    from the database)."""
    _held.clear()
    _known.update(version=None, checked_at=float("-inf"))


def _announce() -> None:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _held.clear()
    _known.update(version=version, checked_at=_now())


def _revalidate() -> None:
    now = _now()
    if now - _known["checked_at"] < REVALIDATE_SECONDS:
        return
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never set, or lost (the cache was emptied): nobody can say what is current, so start a
        # version all processes agree on and build again.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    if version != _known["version"]:
        _held.clear()
    _known.update(version=version, checked_at=now)
