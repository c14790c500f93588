"""Retention: contact details go a set time after a referral closes; unused links go when they expire.

What stays is what the published figures need: the referral's dates and status, the participant
code, attendance and wellbeing scores (which never carried a name).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from activities.models import Referral, RetentionRun, WellbeingCheckIn
from activities.referrals.services import anonymise


@dataclass(frozen=True)
class Outcome:
    retention_days: int
    referrals_anonymised: int
    tokens_purged: int

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
        purged = WellbeingCheckIn.objects.filter(token_hash__isnull=False, token_expires_at__lte=now).update(
            token_hash=None, token_expires_at=None
        )
        record = RetentionRun.objects.create(
            ran_by=user, retention_days=days, referrals_anonymised=anonymised, tokens_purged=purged
        )
        log(
            record,
            "activities.retention_run",
            user=user,
            data={"retention_days": days, "referrals_anonymised": anonymised, "tokens_purged": purged},
        )
    return Outcome(retention_days=days, referrals_anonymised=anonymised, tokens_purged=purged)
