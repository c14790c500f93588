"""A fixed-window rate limit on Django's cache (Redis in production, so it holds across processes)."""

import hashlib

from django.core.cache import cache

from creative_minds.client_address import client_address

HOUR = 60 * 60


def allow(scope: str, key: str, *, limit: int, seconds: int = HOUR) -> bool:
    """Count one more attempt for `key`; False once it has made more than `limit` in the window."""
    # Hashed, so an email address never sits in the cache as it was typed, and every key is short.
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    # add() sets the counter (and the window's expiry) only if it is not there yet.
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): this is the first attempt of a new one.
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def allow_address(request, scope: str, *, limit: int, seconds: int = HOUR) -> bool:
    """Count one more attempt from the visitor's address (see creative_minds/client_address.py)."""
    # Requests with no usable address share one allowance rather than escaping the limit.
    return allow(scope, client_address(request) or "unknown", limit=limit, seconds=seconds)


def refuse(form, message: str) -> None:
    """Put a "too many requests" message at the top of a form that was sent too often, with what the
    person typed kept on the page (validating fills the form's fields back in)."""
    form.is_valid()
    form.add_error(None, message)
