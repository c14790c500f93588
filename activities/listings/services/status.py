"""Pause, end or restart an activity: the partner's word takes effect at once, without review.

Every other change a partner makes waits for staff (activities.listings.services.changes). These do
not, on purpose: a pause or an end only withdraws a promise the page was making, so nothing untrue
can go live through them, and people must not turn up to a closed hall because the reviewer was
away that week. Restarting only takes back such a withdrawal. Staff still hear of each one at once
(a queued email to LISTINGS_STAFF_EMAIL) and each is in the page's audit log.

The three fields are kept outside revisions (ActivityPage.kept_outside_revisions), so they are
written on the live row with a queryset update(): no revision is made, a change waiting for review
is left as it is, and publishing it later keeps the pause. Once the transaction commits, the search
forgets the old state (the facet and partner indexes are bumped) and so does the page cache.

Each function returns whether anything changed: sending the same form twice (a double click, the
back button) changes nothing the second time, and nothing is logged or emailed twice.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from wagtail.log_actions import log

from activities.listings.emails.status import status_changed
from activities.models import ActivityPage
from activities.search import facet_index
from creative_minds import page_cache

Status = ActivityPage.ListingStatus


def pause_activity(activity: ActivityPage, *, until: datetime.date, message: str, user) -> bool:
    """Paused until `until` (its last closed day), with a short public message."""
    return _set_status(
        activity,
        action="listings.pause",
        user=user,
        listing_status=Status.PAUSED,
        paused_until=until,
        status_message=message,
    )


def end_activity(activity: ActivityPage, *, message: str, user) -> bool:
    """It does not run any more. Its page stays, saying so, and the search leaves it out."""
    return _set_status(
        activity,
        action="listings.end",
        user=user,
        listing_status=Status.ENDED,
        paused_until=None,
        status_message=message,
    )


def restart_activity(activity: ActivityPage, *, user) -> bool:
    """Running again: the pause or end and its message are cleared."""
    return _set_status(
        activity,
        action="listings.resume",
        user=user,
        listing_status=Status.RUNNING,
        paused_until=None,
        status_message="",
    )


@transaction.atomic
def _set_status(activity: ActivityPage, *, action: str, user, **values) -> bool:
    # Locked, so two submissions at once are taken one after the other and the second sees the first.
    current = (
        ActivityPage.objects.select_for_update()
        .filter(pk=activity.pk)
        .values("listing_status", "paused_until", "status_message")
        .get()
    )
    if current == values:
        return False
    ActivityPage.objects.filter(pk=activity.pk).update(**values)
    for name, value in values.items():
        setattr(activity, name, value)
    entry = log(
        instance=activity,
        action=action,
        user=user,
        data={
            "from": current["listing_status"],
            "until": values["paused_until"].isoformat() if values["paused_until"] else None,
            "message": values["status_message"],
        },
    )
    status_changed.send_later(log_entry_id=entry.pk)
    facet_index.bump()
    transaction.on_commit(page_cache.forget_pages)
    return True


@transaction.atomic
def restart_finished_pauses(day: datetime.date) -> int:
    """Activities paused until a day before `day` are running again: their pause and its message are
    cleared. The public page and the search already read them as running from the date; this makes
    the partner's dashboard and the admin say so too. Logged by nobody (the date did it); staff are
    not emailed, as they were when it was paused. Returns how many."""
    finished = list(
        ActivityPage.objects.select_for_update()
        .filter(listing_status=Status.PAUSED, paused_until__lt=day)
        .order_by("pk")
    )
    if not finished:
        return 0
    ActivityPage.objects.filter(pk__in=[activity.pk for activity in finished]).update(
        listing_status=Status.RUNNING, paused_until=None, status_message=""
    )
    for activity in finished:
        log(
            instance=activity,
            action="listings.resume",
            user=None,
            data={"from": Status.PAUSED, "until": activity.paused_until.isoformat(), "message": ""},
        )
    facet_index.bump()
    transaction.on_commit(page_cache.forget_pages)
    return len(finished)
