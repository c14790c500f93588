"""Every email the site sends goes through one queued task, `send_email`, which is where a failed
send is retried.

An email is declared once, as a module-level function decorated with `@email`, that builds the
message from JSON-serialisable arguments (ids, never objects or rendered text) when the task runs,
and returns None when there is nothing to send any more:

    @email
    def decision_notice(decision_id: int) -> EmailMessage | None: ...

    decision_notice.send_later(decision_id=decision.pk)

`send_later` only writes the task row (the database backend in dev and production), so calling it
inside the transaction that made the news means the email is queued if, and only if, that
transaction commits. `manage.py db_worker` sends it. A send that fails with an SMTP or network
error is queued again after the next of EMAIL_RETRY_DELAYS_MINUTES; after the last one the task is
recorded as failed (the django_tasks_db admin) and an error is logged. Because each message is its
own task, a retry resends only the message that failed, so a success after a failure delivers one
copy. Building again on each attempt means a retry carries fresh links (a new reset token, a new
questionnaire link) and never a secret stored in the task row.

Every link in an email is made by absolute_url() or page_url() here: the site's configured address
(WAGTAILADMIN_BASE_URL) and a path from `reverse` or Wagtail, never a path written out by hand and
never the Host header of whoever caused the email (the worker has no request at all).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# What a mail server that is down, slow, refusing for now or unreachable raises: SMTP replies and
# dropped sessions (SMTPException), refused connections, failed DNS look-ups and timeouts (OSError).
RETRYABLE = (smtplib.SMTPException, OSError)


class EmailNotSent(Exception):
    """Every attempt to send an email failed. The task that gave up is recorded with this error."""


class Email:
    """One kind of email the site sends. Create it with the `@email` decorator."""

    def __init__(self, build: Callable[..., EmailMessage | None]):
        self.build = build
        self.path = f"{build.__module__}.{build.__qualname__}"
        self.__doc__ = build.__doc__

    def send_later(self, **arguments):
        """Queue the email. The arguments must be JSON-serialisable: ids, not objects."""
        return send_email.enqueue(self.path, arguments)

    def __repr__(self) -> str:
        return f"<Email {self.path}>"


def email(build: Callable[..., EmailMessage | None]) -> Email:
    """Declare an email the site sends. The function must be defined at module level under this name,
    so the worker can find it again from its path."""
    return Email(build)


def absolute_url(viewname: str, *args, **kwargs) -> str:
    """The full address of one of the site's views, for a link in an email:
    absolute_url("referrals:detail", referral.public_id)."""
    return _on_this_site(reverse(viewname, args=args or None, kwargs=kwargs or None))


def page_url(page) -> str:
    """The full address of a Wagtail page, for a link in an email (the home page if it has none)."""
    url = page.url or "/"
    # Wagtail gives a full address when it runs more than one site, a path when it runs one.
    return url if url.startswith(("http://", "https://")) else _on_this_site(url)


def _on_this_site(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# The alias in settings.TASKS of the durable queue that `manage.py db_worker --backend email` works.
QUEUE = "email"


@task(backend=QUEUE)
def send_email(path: str, arguments: dict, attempt: int = 1) -> dict:
    """Build the email at `path` from `arguments` and send it; queue it again if the send fails."""
    kind = import_string(path)
    if not isinstance(kind, Email):
        raise SuspiciousOperation(f"{path} is not an email the site sends")
    message = kind.build(**arguments)
    if message is None:
        return {"sent_to": 0}
    try:
        message.send()
    except RETRYABLE as error:
        return _try_again_later(path, arguments, attempt, error)
    return {"sent_to": len(message.recipients()), "attempt": attempt}


def _try_again_later(path: str, arguments: dict, attempt: int, error: Exception) -> dict:
    delays = settings.EMAIL_RETRY_DELAYS_MINUTES
    attempts = len(delays) + 1
    backend = send_email.get_backend()
    # A backend that runs tasks on the spot (the tests' immediate backend) has no later to offer.
    if attempt >= attempts or not backend.supports_defer:
        logger.error(
            "Email %s %s could not be sent after %d attempt(s), giving up: %s",
            path,
            arguments,
            attempt,
            _describe(error),
        )
        raise EmailNotSent(
            f"{path} {arguments}: {attempt} attempt(s) failed; the last: {_describe(error)}"
        ) from error
    run_after = timezone.now() + datetime.timedelta(minutes=delays[attempt - 1])
    retry = send_email.using(run_after=run_after).enqueue(path, arguments, attempt + 1)
    logger.warning(
        "Email %s %s failed (attempt %d of %d): %s. Trying again after %s (task %s).",
        path,
        arguments,
        attempt,
        attempts,
        _describe(error),
        run_after.isoformat(timespec="seconds"),
        retry.id,
    )
    # This attempt did its job: the email is safely queued again. The row says what went wrong.
    return {"sent_to": 0, "attempt": attempt, "error": _describe(error), "retry": retry.id}


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"
