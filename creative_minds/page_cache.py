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
and sorted. Cookies, other headers and unknown parameters are not part of it.

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
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from creative_minds.sites import held_site_for

KEY_PREFIX = "page-cache"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
_PARAMETERS = "page_cache_query_parameters"


def forget_pages() -> None:
    """Make every stored page stale at once (one cache write, whatever the number of pages)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (a fresh cache): entries stored so far carry 0.
        cache.set(GENERATION_KEY, 1, timeout=None)


def _current(key: str):
    """The entry at `key` if it belongs to the current generation, and that generation: one round trip."""
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return None, generation
    return entry[1], generation


def fresh(key: str):
    """(value, generation): what `keep` stored at `key`, unless forget_pages() has run since (then
    None). For parts of pages that must go when whole pages go, such as a page's latest stories."""
    return _current(key)


def keep(key: str, value, generation) -> None:
    """Store `value` at `key` for PUBLIC_PAGE_CACHE_SECONDS, under the generation `fresh` returned."""
    cache.set(key, (generation, value), settings.PUBLIC_PAGE_CACHE_SECONDS)


def vary_on_query(response, names):
    """Say which query parameters change this page: the page cache keys on those and ignores the
    rest. A page that says nothing is taken to read none."""
    setattr(response, _PARAMETERS, tuple(sorted(set(names))))
    return response


class PageCacheMiddleware:
    """Serve a stored copy before the content security policy, the Site lookup, sessions, CSRF,
    sign-in and the view run; store what they made that anyone may be given, headers and all.
    Placed by settings.base.with_page_cache. A hit costs one cache round trip (the entry and the
    generation together) when the address has no query string, two otherwise (its parameters
    first)."""

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
        values = sorted({value for value in query.getlist(name) if value.strip()})
        pairs.extend((name, value) for value in values)
    return urlencode(pairs)


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
    cache.set_many(
        {
            parameters_key(address): (generation, names),
            page_key(address, normalised_query(request.GET, names)): (generation, entry),
        },
        seconds,
    )
