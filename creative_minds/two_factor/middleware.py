from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# The admin's own sign-in and sign-out, and its static helpers, must open without a code.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/admin/sprite")


class AdminTwoFactorMiddleware:
    """Send anyone who can use the admin, but has not given a code this session, to give one
    (or to set up their app first). Runs after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_code(request):
            name = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request) -> bool:
        if not settings.ADMIN_TWO_FACTOR_REQUIRED:
            return False
        if not request.path.startswith(("/admin/", "/django-admin/")) or request.path.startswith(
            OPEN_ADMIN_PATHS
        ):
            return False
        user = request.user
        return user.is_authenticated and can_use_admin(user) and not user.is_verified()


def can_use_admin(user) -> bool:
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
