"""Scheduled work for collectives (django-tasks), run daily by `manage.py run_scheduled_jobs`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from partners import services


@task()
def forget_join_requests() -> dict:
    """Blank the details on requests to join a collective decided more than a year ago (the join
    form promises it)."""
    return {"forgotten": services.forget_old_join_requests(timezone.localdate())}
