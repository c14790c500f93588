from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from creative_minds.two_factor.selectors import needs_enrolment

# Every page here shows, or leads to, personal or health data: referrals, participants (with the
# questionnaire hand-out views under /participants/.../check-ins/), attendance registers, and
# both admins with their reports, subject access and exports. The participants' own questionnaire
# (/wellbeing/<token>/) and "ask to join" stay open: the people using them have no account.
# Coordinators' join requests carry the names and email addresses of people asking to join a
# collective; the members' own collective and funding pages hold nobody's personal details.
PROTECTED_PREFIXES = (
    "/referrals/",
    "/participants/",
    "/attendance/",
    "/collectives/coordinate/",
    # A reporter's drafts hold storytellers' names and their consent; moderators' comments too.
    "/stories/new/",
    "/stories/mine/",
    "/admin/",
    "/django-admin/",
)

# The admins' own sign-in and sign-out, and their static helpers, open without a second factor.
OPEN_PATHS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/sprite",
    "/django-admin/login/",
    "/django-admin/logout/",
)


class TwoFactorMiddleware:
    """Send anyone signed in who has not given a second factor this session to give one (or to set
    one up), before any protected page, whatever their role, so nobody learns whether a record
    exists before they have. Anonymous visitors pass through to the page's own sign-in redirect.
    Runs after django_otp's OTPMiddleware, which tells whether this session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request):
            return second_factor_redirect(request)
        return self.get_response(request)


def needs_second_factor(request) -> bool:
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    if not request.path.startswith(PROTECTED_PREFIXES) or request.path.startswith(OPEN_PATHS):
        return False
    user = request.user
    return user.is_authenticated and not user.is_verified()


def second_factor_redirect(request):
    step = "two_factor_setup" if needs_enrolment(request.user) else "two_factor_verify"
    url = reverse(step)
    # Only a page can be gone back to: a refused form post returns to the person's account page.
    if request.method in ("GET", "HEAD"):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    response = redirect(url)
    add_never_cache_headers(response)
    return response
