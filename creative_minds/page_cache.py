"""The page cache: whole anonymous pages kept in the shared cache (Redis in production).

It replaces Django's per-site cache middleware, whose key took in the Cookie header (through
`Vary: Cookie`) and the whole query string, so every new cookie or query string stored another
copy of the same page, and which stored signed-in people's pages too.

What is stored: the answer to a GET from a visitor with no session and no messages cookie,
answered 200, with no cookie set, marked public by creative_minds.middleware.CacheHeadersMiddleware
(so never a members' area), varying on nothing but Cookie. What is served: only to GET and
HEAD requests with no session and no messages cookie, so never to a signed-in person (signing in
always sets a session cookie) and never over a message waiting to be shown.

The key is the scheme, the Wagtail Site the host maps to (so any Host header lands on one of a
few sites), the path, and the values of the query parameters the page says it reads
(`vary_on_query`), normalised: names sorted, blank values dropped, repeated values once each
and sorted. A page that declares parameters reads them through `without_blanks`, so a blank
value means to it what its absence means to the key. Cookies, other headers and unknown
parameters are not part of it.

A request with unknown parameters is served the entry of its normalised address, but when there
is none the page rendered for it is not stored: a page may echo its query string (the search's
pagination and "remove this filter" links keep every parameter they are given), and that copy
would then be served to everyone.

Beside each page goes the list of parameters its address reads, keyed on the address without a
query, so a request with a query string can work out its page key before the view runs; a
request without one needs only the page entry. Both live PUBLIC_PAGE_CACHE_SECONDS.

Forgetting every page at once (`forget_pages()`, when a story is taken down at the storyteller's
request and must vanish from every page that showed it) is one increment of a generation number.
Each entry carries the generation it was stored under and is read in the same round trip as the
current one; an entry from an older generation counts as missing and is soon overwritten.

Each process also keeps the entries it fetched or stored lately in its own memory (the local
tier, at most LOCAL_BYTES), so a page asked for again costs no round trip at all. A held entry is
served only while the generation this process last read is under REVALIDATE_SECONDS old (past
that, the next request reads the entry and the generation again, in one round trip), and never
after its time in the shared cache would have ended. So `forget_pages()` reaches every process
within REVALIDATE_SECONDS (the one that called it at once), and no page is served longer than
PUBLIC_PAGE_CACHE_SECONDS after it was made.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import cc_delim_re

from creative_minds.process_copies import REVALIDATE_SECONDS
from creative_minds.sites import held_site_for

KEY_PREFIX = "page-cache"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
_PARAMETERS = "page_cache_query_parameters"


# The most a process holds of pages in its own memory; the pages it served least lately go first.
LOCAL_BYTES = 4 * 1024 * 1024
# What an entry that is not a page (its parameters, a part of a page) counts for against LOCAL_BYTES.
SMALL_ENTRY_BYTES = 512

# A clock that never goes back, for how old the generation this process read is.
_now = time.monotonic


class _LocalTier:
    """The entries this process fetched or stored lately: key → (generation, expires_at, value,
    size), least lately used first. A lock, as a threaded server shares it between requests."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.size = 0
        self.generation = None
        self.generation_read_at = float("-inf")
        self.lock = threading.Lock()

    def generation_if_recent(self):
        """The generation last read, while it is under REVALIDATE_SECONDS old; otherwise None."""
        if _now() - self.generation_read_at < REVALIDATE_SECONDS:
            return self.generation
        return None

    def saw_generation(self, generation) -> None:
        self.generation, self.generation_read_at = generation, _now()

    def get(self, key: str, generation):
        with self.lock:
            held = self.entries.get(key)
            if held is None:
                return None
            held_generation, expires_at, value, _ = held
            if held_generation != generation or time.time() >= expires_at:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return value

    def put(self, key: str, generation, expires_at: float, value, size: int) -> None:
        if size > self.capacity:
            return
        with self.lock:
            self._drop(key)
            self.entries[key] = (generation, expires_at, value, size)
            self.size += size
            while self.size > self.capacity:
                self._drop(next(iter(self.entries)))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0
            self.generation, self.generation_read_at = None, float("-inf")

    def _drop(self, key: str) -> None:
        held = self.entries.pop(key, None)
        if held is not None:
            self.size -= held[3]


_local = _LocalTier(LOCAL_BYTES)


def forget_pages() -> None:
    """Make every stored page stale at once (one cache write, whatever the number of pages)."""
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (a fresh cache): entries stored so far carry 0.
        generation = 1
        cache.set(GENERATION_KEY, generation, timeout=None)
    _local.saw_generation(generation)  # this process stops serving what it holds at once


def forget_local() -> None:
    """Drop what this process holds, without touching the shared cache (tests start each case
    with nothing held, as a new process would)."""
    _local.clear()


def _current(key: str):
    """The entry at `key` if it belongs to the current generation, and that generation: from this
    process's memory while the generation it read is recent, else one round trip for both."""
    generation = _local.generation_if_recent()
    if generation is not None:
        value = _local.get(key, generation)
        if value is not None:
            return value, generation
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    _local.saw_generation(generation)
    entry = found.get(key)
    # (generation, expires_at, value); anything else (an entry stored in another form) is missing.
    if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != generation:
        return None, generation
    _, expires_at, value = entry
    _local.put(key, generation, expires_at, value, _size(value))
    return value, generation


def _size(value) -> int:
    """What a value counts for in this process's memory: a page by its content."""
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], bytes):
        return len(value[2]) + SMALL_ENTRY_BYTES
    return SMALL_ENTRY_BYTES


def fresh(key: str):
    """(value, generation): what `keep` stored at `key`, unless forget_pages() has run since (then
    None). For parts of pages that must go when whole pages go, such as a page's latest stories."""
    return _current(key)


def keep(key: str, value, generation) -> None:
    """Store `value` at `key` for PUBLIC_PAGE_CACHE_SECONDS, under the generation `fresh` returned."""
    _keep_many({key: value}, generation)


def _keep_many(values: dict, generation) -> None:
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    expires_at = time.time() + seconds
    cache.set_many({key: (generation, expires_at, value) for key, value in values.items()}, seconds)
    for key, value in values.items():
        _local.put(key, generation, expires_at, value, _size(value))


def vary_on_query(response, names):
    """Say which query parameters change this page: the page cache keys on those and ignores the
    rest. A page that says nothing is taken to read none."""
    setattr(response, _PARAMETERS, tuple(sorted(set(names))))
    return response


class PageCacheMiddleware:
    """Serve a stored copy before the content security policy, the Site lookup, sessions, CSRF,
    sign-in and the view run; store what they made that anyone may be given, headers and all.
    Placed by settings.base.with_page_cache. A hit this process holds costs no round trip; else
    one (the entry and the generation together) when the address has no query string, two
    otherwise (its parameters first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use(request):
            return self.get_response(request)
        address = _address(request)
        stored, generation = _fetch(request, address)
        if stored is not None:
            return stored
        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            # Stored under the generation read before the page was made, so a page made just before
            # forget_pages() is never kept as if it were made after.
            _store(request, address, response, generation)
        return response


def _may_use(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        # WhiteNoise, further in, serves these as files, which are never stored: no need to look.
        and not request.path_info.startswith(settings.STATIC_URL)
    )


def _address(request) -> str:
    request.get_host()  # a host outside ALLOWED_HOSTS is refused (400) here, as it would be later
    # The Site rows this process holds: CachedSiteMiddleware, further in, hands the view its own copy.
    site = held_site_for(request)
    where = f"{site.hostname}:{site.port}" if site is not None else "-"
    return f"{request.scheme}://{where}{request.path}"


def normalised_query(query, names) -> str:
    """The known parameters of a query string in one canonical order, blanks left out."""
    pairs = []
    for name in sorted(names):
        values = sorted({value for value in query.getlist(name) if not _is_blank(value)})
        pairs.extend((name, value) for value in values)
    return urlencode(pairs)


def without_blanks(query: QueryDict) -> QueryDict:
    """The query string with its blank values left out, as a page that declares its parameters
    (`vary_on_query`) must read it: the key leaves them out, so a page that read `?category=` as
    a mistake would be kept, error and all, for everyone who asks for the page with no filter.
    A form with its boxes left empty sends them all, so they cannot simply stop a page being kept."""
    if not any(_is_blank(value) for _, values in query.lists() for value in values):
        return query
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if given := [value for value in values if not _is_blank(value)]:
            kept.setlist(name, given)
    kept._mutable = False
    return kept


def _is_blank(value: str) -> bool:
    return not value.strip()


def page_key(address: str, query: str) -> str:
    return f"{KEY_PREFIX}:page:{_digest(f'{address}?{query}')}"


def parameters_key(address: str) -> str:
    return f"{KEY_PREFIX}:parameters:{_digest(address)}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _fetch(request, address):
    if request.GET:
        names, generation = _current(parameters_key(address))
        if names is None:
            return None, generation
    else:
        names = ()
    entry, generation = _current(page_key(address, normalised_query(request.GET, names)))
    if entry is None:
        return None, generation
    stored_at, headers, content = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    # How long it has been kept, so a browser or proxy keeps it only for the rest of max-age.
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    return response, generation


def _storable(response) -> bool:
    directives = {d.split("=", 1)[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    varies_on = {h.lower() for h in cc_delim_re.split(response.get("Vary", "")) if h}
    return (
        response.status_code == 200
        and not response.streaming
        and getattr(response, "is_rendered", True)
        and not response.cookies
        and "public" in directives
        and not directives & {"private", "no-store", "no-cache"}
        # Only Cookie: whatever a page's cookies could change, _may_use has already ruled out.
        and varies_on <= {"cookie"}
    )


def _store(request, address, response, generation) -> None:
    names = getattr(response, _PARAMETERS, ())
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0 or set(request.GET) - set(names):
        return
    entry = (time.time(), tuple(response.items()), response.content)
    _keep_many(
        {parameters_key(address): names, page_key(address, normalised_query(request.GET, names)): entry},
        generation,
    )
