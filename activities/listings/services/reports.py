"""Problem reports: a visitor's report that a page is wrong, staff moving it on, and forgetting the
visitor's email address once the report has been closed for a while.

The audit log never holds what the visitor wrote or their address: only the report's id, its reason
and its statuses.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from activities.listings.emails import reports as emails
from activities.listings.models import ProblemReport

# Said on the form: "We delete it 90 days after we have dealt with your message."
REPLY_EMAIL_KEPT_DAYS = 90
CLOSED = (ProblemReport.Status.FIXED, ProblemReport.Status.NOT_A_PROBLEM)
# The same report sent again this soon (a double tap, a second tab, the back button) is the same one.
SAME_REPORT_WITHIN = datetime.timedelta(minutes=10)


@transaction.atomic
def report_problem(page, *, reason: str, note: str, reply_email: str) -> ProblemReport:
    """Keep the report, log it on the page (by nobody: visitors are anonymous) and queue the emails
    to staff and to the partner's contacts, which go only if this transaction commits.

    The same report about the same page within SAME_REPORT_WITHIN is returned as it is, with nothing
    saved, logged or emailed again. The page's row is locked first, so two sent at the same moment
    are taken one after the other and the second finds the first."""
    list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
    same = ProblemReport.objects.filter(
        page=page,
        reason=reason,
        note=note,
        reply_email=reply_email,
        created_at__gte=timezone.now() - SAME_REPORT_WITHIN,
    ).first()
    if same is not None:
        return same
    report = ProblemReport.objects.create(page=page, reason=reason, note=note, reply_email=reply_email)
    log(
        instance=page,
        action="listings.problem_reported",
        user=None,
        data={"report": str(report.public_id), "reason": reason},
    )
    emails.problem_report_for_staff.send_later(report_id=report.pk)
    emails.problem_report_for_partner.send_later(report_id=report.pk)
    return report


@transaction.atomic
def set_status(report: ProblemReport, *, status: str, staff_note: str, user) -> ProblemReport:
    """Move a report on (or just change its staff note), recording who did it and when it closed."""
    locked = ProblemReport.objects.select_for_update().get(pk=report.pk)
    was = locked.status
    locked.status = status
    locked.staff_note = staff_note
    locked.handled_by = user
    if status not in CLOSED:
        locked.closed_at = None
    elif was not in CLOSED or locked.closed_at is None:
        locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "staff_note", "handled_by", "closed_at", "updated_at"])
    log(
        instance=locked,
        action="listings.problem_status",
        user=user,
        data={"report": str(locked.public_id), "from": was, "to": status},
    )
    return locked


@transaction.atomic
def forget_reply_emails(day: datetime.date) -> int:
    """Blank the reply address of every report closed more than REPLY_EMAIL_KEPT_DAYS before `day`
    (the daily job's date); returns how many were blanked. Running it again blanks nothing more."""
    closed_before = timezone.make_aware(
        datetime.datetime.combine(day - datetime.timedelta(days=REPLY_EMAIL_KEPT_DAYS), datetime.time.min)
    )
    return (
        ProblemReport.objects.filter(status__in=CLOSED, closed_at__lt=closed_before)
        .exclude(reply_email="")
        .update(reply_email="")
    )
