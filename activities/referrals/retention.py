"""Retention: contact details go a set time after a referral closes; unused links go when they expire.

What stays is what the published figures need: the referral's dates and status, the participant
code, attendance and wellbeing scores (which never carried a name). The answer to "What has
changed for you?" goes with the contact details: people write about their lives in it, so it
could say who they are, and no figure needs it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from activities.referrals.models import Referral, ReferralStatusChange, RetentionRun, WellbeingCheckIn
from activities.referrals.services import anonymise


@dataclass(frozen=True)
class Outcome:
    retention_days: int
    referrals_anonymised: int
    tokens_purged: int
    answers_removed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def run(*, days: int | None = None, user=None) -> Outcome:
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    now = timezone.now()
    with transaction.atomic():
        due = Referral.objects.select_for_update().filter(
            anonymised_at__isnull=True, closed_at__lte=now - datetime.timedelta(days=days)
        )
        anonymised = 0
        for referral in due:
            anonymise(referral)
            anonymised += 1
        abandoned = close_abandoned(now - datetime.timedelta(days=days))
        anonymised += abandoned
        purged = WellbeingCheckIn.objects.filter(token_hash__isnull=False, token_expires_at__lte=now).update(
            token_hash=None, token_expires_at=None
        )
        answers_removed = remove_written_answers()
        record = RetentionRun.objects.create(
            ran_by=user,
            retention_days=days,
            referrals_anonymised=anonymised,
            tokens_purged=purged,
            answers_removed=answers_removed,
        )
        outcome = Outcome(
            retention_days=days,
            referrals_anonymised=anonymised,
            tokens_purged=purged,
            answers_removed=answers_removed,
        )
        log(record, "activities.retention_run", user=user, data=outcome.as_dict())
    return outcome


def remove_written_answers() -> int:
    """Remove the answers to "What has changed for you?" of everyone whose contact details have gone
    (by this run, or earlier when they withdrew consent to share them). Returns how many.

    The sharing choice goes back to "not shared" with the words: there is nothing left to share.
    """
    return (
        WellbeingCheckIn.objects.filter(participant__referral__anonymised_at__isnull=False)
        .exclude(what_changed="")
        .update(
            what_changed="",
            what_changed_sharing=WellbeingCheckIn.Sharing.NOT_SHARED,
            what_changed_wording_version="",
        )
    )


def close_abandoned(before: datetime.datetime) -> int:
    """Close and anonymise referrals nobody has moved on for the whole retention period.

    Reminders and escalation should never let this happen, but if one is left open (a partner
    that closed, say), its contact details must not be kept for ever: it is closed as "not taken
    up: we could not get in touch", with no user, and anonymised at once. Returns how many.
    """
    stale = (
        Referral.objects.select_for_update()
        .filter(status__in=Referral.OPEN_STATUSES, anonymised_at__isnull=True, created_at__lte=before)
        .exclude(status_changes__changed_at__gt=before)
    )
    closed = 0
    for referral in stale:
        from_status = referral.status
        referral.status = Referral.Status.NOT_TAKEN_UP
        referral.not_taken_up_reason = Referral.NotTakenUpReason.NO_REPLY
        referral.closed_at = timezone.now()
        referral.save(update_fields=["status", "not_taken_up_reason", "closed_at"])
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=from_status,
            to_status=Referral.Status.NOT_TAKEN_UP,
            reason=Referral.NotTakenUpReason.NO_REPLY,
        )
        anonymise(referral)
        closed += 1
    return closed
