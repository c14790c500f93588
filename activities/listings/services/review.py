"""The review cycle's writes: confirming that a listing is still right, and the daily job that reminds
partners, tells staff about overdue listings and takes long-unchecked ones out of the search.

The dates come from activities.review_cycle. Each step of the job is recorded on the activity as the
due date it was taken for (review_reminded_for, review_flagged_for, review_hidden_for), written by a
conditional UPDATE in the transaction that queues its email: a second run, or two at once, finds the
step taken and queues nothing. Confirming moves last_reviewed on, so the due date moves and the next
cycle's steps are new again; nothing needs clearing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from activities.listings.emails import review as emails
from activities.models import ActivityPage
from activities.review_cycle import ReviewStage, review_dates, reviewed_before_is_due_soon
from activities.search import facet_index
from creative_minds.page_cache import forget_pages
from partners.models import PartnerPage

STAGES = list(ReviewStage)  # in order: checked, due soon, due, stale


def confirm_listing(activity: ActivityPage, *, user=None, day=None, checked_on=None) -> bool:
    """The listing's details are still right: "last checked" becomes `day` (today), which restarts its
    cycle and, for a listing that had left the search, brings it back at once.

    `checked_on`: confirm only if the listing was last checked on that date (the emailed link's date),
    so a link confirms once even when two taps arrive together. Returns False, changing nothing, when
    the listing was already checked on `day` or later, or no longer matches `checked_on`.

    Only the live row moves: the latest revision may keep an older date, and publishing it keeps the
    later one (ActivityPage.with_content_json).
    """
    day = day or timezone.localdate()
    rows = ActivityPage.objects.filter(pk=activity.pk, last_reviewed__lt=day)
    if checked_on is not None:
        rows = rows.filter(last_reviewed=checked_on)
    with transaction.atomic():
        if not rows.update(last_reviewed=day):
            return False
        activity.last_reviewed = day
        log(
            instance=activity,
            action="listings.confirm",
            user=user,
            data={"last_checked": day.isoformat(), "how": "signed in" if user else "by the emailed link"},
        )
        facet_index.bump()
        transaction.on_commit(forget_pages)
    return True


def _at_least(stage: ReviewStage, other: ReviewStage) -> bool:
    return STAGES.index(stage) >= STAGES.index(other)


def _claim(activity: ActivityPage, marker: str, due_on: datetime.date) -> bool:
    """Record that a step was taken for this due date, unless it already was (by this run's lock or a
    run that finished first). One conditional UPDATE, in the caller's transaction."""
    claimed = (
        ActivityPage.objects.filter(pk=activity.pk).exclude(**{marker: due_on}).update(**{marker: due_on})
    )
    return bool(claimed)


def _taking_part(day: datetime.date):
    """Live listings that have not ended and are at least due soon on `day` (paused ones too: their
    partner should still check them), in the order the daily job locks them."""
    return (
        ActivityPage.objects.live()
        .exclude(listing_status=ActivityPage.ListingStatus.ENDED)
        .filter(last_reviewed__lt=reviewed_before_is_due_soon(day))
        .order_by("partner_id", "pk")
    )


@transaction.atomic
def run_review_cycle(day: datetime.date | None = None) -> dict:
    """The daily job: take each listing's due steps of the review cycle on `day`, each once per cycle.

    a) due soon (or later) and not yet reminded: one email per partner to its contacts, listing each
       such activity with its "still right" link and a link to edit it;
    b) due and not yet flagged: its page already warns (it reads the dates); staff are told;
    c) stale and not yet hidden: out of the search (the index is rebuilt); staff are told.
    Staff hear about b, c and any partner nobody could be emailed in one email per run.

    Two runs at once: the rows are locked in one order (SELECT ... FOR UPDATE, on PostgreSQL), so the
    second run waits for the first to finish, then finds every step taken by the conditional UPDATEs
    of _claim, which are what make each step happen once on any database. Waiting rather than
    skipping locked rows (SKIP LOCKED) keeps each partner's listings in one run, so in one email.
    """
    day = day or timezone.localdate()
    candidates = _taking_part(day).select_for_update(of=("self",))
    reminders: dict[int, list[ActivityPage]] = defaultdict(list)
    due: list[ActivityPage] = []
    stale: list[ActivityPage] = []
    for activity in candidates:
        dates = review_dates(activity.last_reviewed)
        stage = dates.stage_on(day)
        if not _at_least(stage, ReviewStage.DUE_SOON):
            continue
        if _claim(activity, "review_reminded_for", dates.due_on):
            reminders[activity.partner_id].append(activity)
        if _at_least(stage, ReviewStage.DUE) and _claim(activity, "review_flagged_for", dates.due_on):
            due.append(activity)
            log(instance=activity, action="listings.review_due", data={"due_on": dates.due_on.isoformat()})
        if stage == ReviewStage.STALE and _claim(activity, "review_hidden_for", dates.due_on):
            stale.append(activity)
            log(
                instance=activity,
                action="listings.review_stale",
                data={
                    "due_on": dates.due_on.isoformat(),
                    "left_search_on": dates.leaves_search_on.isoformat(),
                },
            )

    sent, unreachable = _send_reminders(reminders)
    if due or stale or unreachable:
        emails.review_staff_notice.send_later(
            due_ids=[a.pk for a in due],
            stale_ids=[a.pk for a in stale],
            unreachable_ids=[a.pk for a in unreachable],
        )
    if stale:
        facet_index.bump()  # once per run: in_search() leaves them out when the index is rebuilt
    if due or stale:
        # Cached copies of the search and of the pages would show the old state for a while.
        transaction.on_commit(forget_pages)
    return {
        "reminder_emails": sent,
        "reminded": sum(len(activities) for activities in reminders.values()),
        "due": len(due),
        "stale": len(stale),
        "nobody_to_remind": len(unreachable),
    }


def _send_reminders(reminders: dict[int, list[ActivityPage]]) -> tuple[int, list[ActivityPage]]:
    """Queue one reminder per partner and log each activity. Returns how many emails were queued, and
    the activities whose partner has nobody to email (staff are told)."""
    sent, unreachable = 0, []
    partners = PartnerPage.objects.in_bulk(list(reminders))
    for partner_id, activities in reminders.items():
        recipients = emails.reminder_recipients(partners[partner_id])
        for activity in activities:
            log(
                instance=activity,
                action="listings.review_reminder",
                data={"due_on": activity.review.due_on.isoformat(), "emailed": bool(recipients)},
            )
        if recipients:
            emails.review_reminder.send_later(partner_id=partner_id, activity_ids=[a.pk for a in activities])
            sent += 1
        else:
            unreachable.extend(activities)
    return sent, unreachable
