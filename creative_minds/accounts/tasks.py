"""Background work for accounts (django-tasks)."""

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

from creative_minds.accounts import emails
from creative_minds.mail import QUEUE


@task(backend=QUEUE)
def send_password_reset(email: str) -> int:
    """Someone asked to reset the password for `email`: queue a link to each account that may reset
    it (Django's rule: active, with a usable password, the same address ignoring case). An address
    with no account gets nothing. Returns how many links were queued."""
    users = list(PasswordResetForm().get_users(email))
    for user in users:
        emails.password_reset.send_later(user_id=user.pk)
    return len(users)
