"""Helpers for tests of the durable queue (fixtures `database_queue` and `flaky_mail` are in
tests/conftest.py): run the worker in this process, and a mail backend that fails as a mail server
that is down would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

# As in dev and production: Wagtail's tasks at once, emails in the database.
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "email": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def run_worker(max_tasks: int = 100) -> None:
    """What `manage.py db_worker --backend email --batch` does: run every task that is due, then stop."""
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="email",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")


def let_time_pass() -> None:
    """Every task waiting for a later time becomes due now, as if that time had come."""
    waiting_tasks().update(run_after=timezone.now())


class FlakyEmailBackend(EmailBackend):
    """Refuses the next `failures` sends as a mail server that has gone away does, then delivers to
    Django's test outbox."""

    failures = 0

    @classmethod
    def fail_next(cls, times: int) -> None:
        cls.failures = times

    def send_messages(self, messages):
        if FlakyEmailBackend.failures:
            FlakyEmailBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
