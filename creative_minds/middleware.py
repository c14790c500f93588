from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class PublicCacheHeadersMiddleware:
    """Let browsers and shared caches keep anonymous public pages for a short while.

    Only a GET answered 200 to a visitor who is not logged in, that sets no cookie and has
    not chosen its own caching, is marked public. Everything else is left alone, so a form
    with a CSRF token or a page for a logged-in person is never shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _is_public(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and not request.path.startswith(("/admin/", "/django-admin/"))
        )
