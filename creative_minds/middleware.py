from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from creative_minds.views import HEALTH_PATH, health


class HealthCheckMiddleware:
    """Answer /healthz/ here, next after SecurityMiddleware (whose headers every response gets),
    before the page cache, the Site, sessions and the URL resolver: a load balancer asks often, and
    the answer needs none of them. The host is checked against ALLOWED_HOSTS as for any page (a
    400 otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            request.get_host()
            return health(request)
        return self.get_response(request)


class CacheHeadersMiddleware:
    """The one rule for who may keep a copy of a response: browsers, shared caches and the
    page cache (creative_minds.page_cache), which stores only what this rule makes public.

    Private, whatever the view said: a response to anyone who is signed in or carries a session
    cookie, a response that sets a cookie (a CSRF token, a new session), and every response under
    PRIVATE_PATH_PREFIXES (the members' areas and the questionnaire links). It gets Django's
    never-cache headers: `private, no-store, no-cache, must-revalidate, max-age=0` and an
    Expires in the past.

    Public for PUBLIC_PAGE_CACHE_SECONDS: any other GET or HEAD answered 200 whose view has not
    chosen its own caching. Anything else (redirects, errors, posts) is left as the view made it.

    It sits outside the session, CSRF and message middleware, so it sees every cookie they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            make_private(response)
        elif _may_be_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
            # The same address shows a signed-in person a different page ("Your account", "Refer
            # someone"), so a shared cache must not answer them with this one.
            patch_vary_headers(response, ["Cookie"])
        return response


def is_private(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or bool(response.cookies)
        or request.path_info.startswith(tuple(settings.PRIVATE_PATH_PREFIXES))
        or (user is not None and user.is_authenticated)
    )


def make_private(response) -> None:
    # Start again rather than patch: a view's public, s-maxage or far Expires must not survive.
    for header in ("Cache-Control", "Expires"):
        if response.has_header(header):
            del response[header]
    add_never_cache_headers(response)


def _may_be_public(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.has_header("Cache-Control")
    )
