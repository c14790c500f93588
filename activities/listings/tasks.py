"""Scheduled work for listings (django-tasks), run daily by `manage.py run_scheduled_jobs`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from activities.listings.services import partner_requests, reports, review, status


@task()
def send_listing_reviews() -> dict:
    """Today's steps of the review cycle: reminders to partners, overdue and stale listings to staff,
    stale listings out of the search. Each step once per cycle, however often it runs."""
    return review.run_review_cycle(timezone.localdate())


@task()
def forget_problem_reporters() -> dict:
    """Blank the reply address of problem reports closed more than 90 days ago (the form promises it)."""
    return {"forgotten": reports.forget_reply_emails(timezone.localdate())}


@task()
def forget_partner_request_contacts() -> dict:
    """Blank the contact details on requests to become a partner decided more than a year ago."""
    return {"forgotten": partner_requests.forget_old_contacts(timezone.localdate())}


@task()
def restart_finished_pauses() -> dict:
    """Activities whose pause has ended are running again (their pause and message cleared)."""
    return {"restarted": status.restart_finished_pauses(timezone.localdate())}
