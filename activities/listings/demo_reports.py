"""Demo problem reports for seed_demo: a few in every status, about the pages it is given, some with
a reply address (example.org, which never receives mail). Made directly, not through the service, so
seeding queues no emails."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from activities.listings.models import ProblemReport

# (reason, what the visitor said)
NOTES = [
    (ProblemReport.Reason.DAY_OR_TIME, "It starts at 10:30 now, not 10."),
    (ProblemReport.Reason.DAY_OR_TIME, "They meet on Thursdays since the summer."),
    (ProblemReport.Reason.PLACE, "The group moved to the library across the road."),
    (ProblemReport.Reason.CONTACT, "The phone number goes to voicemail that is full."),
    (ProblemReport.Reason.NO_LONGER_RUNS, "I went last week and the hall said it has stopped."),
    (ProblemReport.Reason.OTHER, "The page says it is free but they asked for £2."),
    (ProblemReport.Reason.CONTACT, ""),
    (ProblemReport.Reason.PLACE, ""),
]
STAFF_NOTES = {
    ProblemReport.Status.NEW: "",
    ProblemReport.Status.PASSED_TO_PARTNER: "Emailed the partner to ask.",
    ProblemReport.Status.FIXED: "The partner confirmed the change and the page is updated.",
    ProblemReport.Status.NOT_A_PROBLEM: "Checked with the partner: the details are right.",
}
PER_STATUS = 2
CLOSED = (ProblemReport.Status.FIXED, ProblemReport.Status.NOT_A_PROBLEM)


def make_demo_reports(pages, *, rng: random.Random) -> int:
    """Make PER_STATUS reports in each status about pages picked from `pages` (activity or partner
    pages), received over the last few weeks; returns how many were made (none without pages)."""
    pages = list(pages)
    if not pages:
        return 0
    now = timezone.now()
    made = 0
    for status in ProblemReport.Status.values:
        for _ in range(PER_STATUS):
            reason, note = rng.choice(NOTES)
            received = now - datetime.timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
            closed = min(now, received + datetime.timedelta(days=rng.randint(1, 5)))
            report = ProblemReport.objects.create(
                page=rng.choice(pages),
                reason=reason,
                note=note,
                # Every other one asked for a reply.
                reply_email=f"visitor{made + 1}@example.org" if made % 2 == 0 else "",
                status=status,
                staff_note=STAFF_NOTES[status],
                closed_at=closed if status in CLOSED else None,
            )
            # created_at is set on save; the demo wants reports that came in over time.
            ProblemReport.objects.filter(pk=report.pk).update(created_at=received)
            made += 1
    return made
