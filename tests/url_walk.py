"""Every URL pattern of the site, for tests that must cover each address without listing them."""

from django.urls import URLPattern, URLResolver, get_resolver


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
