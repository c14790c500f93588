"""How django-axes names the account a sign-in attempt was for (settings.AXES_USERNAME_CALLABLE)."""

from axes.models import AccessAttempt
from django.conf import settings

USERNAME_LIMIT = AccessAttempt._meta.get_field("username").max_length


def attempted_username(request, credentials=None) -> str | None:
    """The username typed, taken as django-axes takes it, cut to the length its records hold.

    Axes cuts the user agent and the path it records, but not the username. Any sign-in form that
    lets a longer one through (Django's AuthenticationForm never checks the length, and Wagtail's
    sign-in for private pages uses it as it is) made PostgreSQL refuse the record: a server error.
    No account has a username that long, so cutting it changes no real account's lockout.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_LIMIT] if isinstance(username, str) else username
