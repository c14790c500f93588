"""A fixed-window rate limit on Django's cache (Redis in production, so it holds across processes)."""

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one more attempt for `key`; False once it has made more than `limit` in the window."""
    cache_key = f"throttle:{scope}:{key}"
    # add() sets the counter (and the window's expiry) only if it is not there yet.
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): this is the first attempt of a new one.
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit


def client_address(request) -> str:
    """The caller's address. Behind a proxy, set the proxy to overwrite REMOTE_ADDR (e.g. gunicorn's
    --forwarded-allow-ips), never trust a header the client could set."""
    return request.META.get("REMOTE_ADDR", "unknown")
