"""The session's note that its person proved, with an emailed code, that they read the account's
email: the one thing that lets someone set up a method, besides already being verified.

The note names the user and expires after TWO_FACTOR_ENROLMENT_MINUTES; setting up a method
uses it up. Signing out ends the session, and the note with it.
"""

from django.conf import settings
from django.utils import timezone

EMAIL_CHECKED = "two_factor_email_checked"
NEW_BACKUP_CODES = "two_factor_new_backup_codes"


def mark_email_checked(request) -> None:
    request.session[EMAIL_CHECKED] = {"user": request.user.pk, "at": timezone.now().timestamp()}


def email_checked(request) -> bool:
    note = request.session.get(EMAIL_CHECKED)
    if not isinstance(note, dict) or note.get("user") != request.user.pk:
        return False
    age = timezone.now().timestamp() - float(note.get("at", 0))
    return 0 <= age < settings.TWO_FACTOR_ENROLMENT_MINUTES * 60


def forget(request) -> None:
    request.session.pop(EMAIL_CHECKED, None)


def keep_new_backup_codes(request, codes: list[str]) -> None:
    """Held only until the next page shows them once."""
    request.session[NEW_BACKUP_CODES] = codes


def take_new_backup_codes(request) -> list[str]:
    return request.session.pop(NEW_BACKUP_CODES, None) or []
