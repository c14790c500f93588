"""Every URL pattern of the site, for tests that must cover each address without listing them."""

from urllib.parse import urlencode

from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from tests.otp import verified_login


def url_patterns(patterns=None, prefix="", namespace=None):
    """(route, "namespace:name") for every pattern, nested includes followed; the whole site's by
    default."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name


def request_as(client, world, role, method, url, data=None, *, second_factor=True):
    """`role`'s request (a user in `world.users`, None for nobody signed in), signed in with a
    second factor given unless `second_factor` is False."""
    user = world.users[role]
    if user is not None:
        if second_factor:
            verified_login(client, user)
        else:
            client.force_login(user)
    if method == "POST":
        return client.post(url, data or {})
    return client.get(url)


def login_location(url: str) -> str:
    """Where a page that needs signing in sends someone who is not."""
    return f"{resolve_url('login')}?{urlencode({'next': url}, safe='/')}"
