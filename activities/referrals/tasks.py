"""Scheduled work for referrals (django-tasks): reminders, digests, follow-ups and retention.

Each job marks what it has done in the same transaction as it queues the email (see emails.py), so
running a job twice, or two at once, never queues an email twice.
"""

from __future__ import annotations

import datetime

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from activities.referrals import emails, retention, services
from activities.referrals.models import ChampionProfile, Referral, WellbeingCheckIn
from creative_minds.holidays import bank_holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday, not a bank holiday) after `start`.

    A start on a weekend or bank holiday counts from the working day before it, so the next
    working day is day 1: sent on Saturday, like Friday, is 3 working days on by Wednesday.
    """
    # Every year the count can reach: the year before (a start on 1 January rolls back into
    # December) to a year past the last of about 250 working days a year.
    years = range(start.year - 1, start.year + abs(days) // 200 + 2)
    return np.busday_offset(start, days, roll="backward", holidays=bank_holidays(years)).item()


@task()
def send_referral_reminders() -> dict:
    """Chase referrals nobody has acknowledged.

    After REFERRAL_REMINDER_WORKING_DAYS working days: remind the partner and the champion.
    After REFERRAL_ESCALATION_WORKING_DAYS more: flag it to the locality's coordinators.
    """
    today = timezone.localdate()
    waiting = Referral.objects.filter(
        status=Referral.Status.SENT, anonymised_at__isnull=True, escalated_at__isnull=True
    ).select_related("champion")
    reminded = escalated = 0
    for referral in waiting:
        # Local dates: a referral sent at 00:30 on a summer Tuesday was sent on Tuesday, not
        # on Monday as its UTC date would say.
        if referral.reminded_at is None:
            sent_on = timezone.localdate(referral.created_at)
            if today >= add_working_days(sent_on, settings.REFERRAL_REMINDER_WORKING_DAYS):
                reminded += _remind(referral)
        elif referral.escalated_at is None and today >= add_working_days(
            timezone.localdate(referral.reminded_at), settings.REFERRAL_ESCALATION_WORKING_DAYS
        ):
            escalated += _escalate(referral)
    return {"reminded": reminded, "escalated": escalated}


@transaction.atomic
def _remind(referral: Referral) -> bool:
    if not _claim(referral, "reminded_at"):
        return False
    emails.referral_reminder.send_later(referral_id=referral.pk)
    if referral.champion is not None and referral.champion.is_active:
        emails.referral_reminder.send_later(referral_id=referral.pk, for_champion=True)
    return True


@transaction.atomic
def _escalate(referral: Referral) -> bool:
    if not _claim(referral, "escalated_at"):
        return False
    emails.referral_escalation.send_later(referral_id=referral.pk)
    return True


def _claim(referral: Referral, field: str) -> bool:
    """Stamp the referral in one conditional UPDATE, in the transaction that queues its email, so
    that two runs at once never chase the same referral twice. False if already stamped."""
    claimed = Referral.objects.filter(pk=referral.pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    return bool(claimed)


@task()
def send_champion_digests() -> int:
    """Queue each champion's weekly digest, once per calendar week, unless their week was quiet.
    Returns how many were queued."""
    today = timezone.localdate()
    week_began = today - datetime.timedelta(days=today.weekday())
    champions = (
        get_user_model()
        .objects.filter(champion_profile__weekly_digest=True, is_active=True, referrals_made__isnull=False)
        .distinct()
    )
    queued = 0
    for champion in champions:
        if emails.digest_for(champion) is None:
            continue
        with transaction.atomic():
            # Stamped with the email queued, so a second run this week (a rerun of the daily jobs,
            # or --digest by hand after the Monday run) finds it done.
            claimed = (
                ChampionProfile.objects.filter(user=champion)
                .filter(Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=week_began))
                .update(digest_sent_on=today)
            )
            if claimed:
                emails.champion_digest.send_later(champion_id=champion.pk)
                queued += 1
    return queued


@task()
def send_wellbeing_follow_ups() -> int:
    """Email follow-up questionnaires that are due, to people we have an email address for.

    Those without one show as "follow-up due" on the partner's list, to hand over as a QR code.
    Returns how many were queued.
    """
    due = WellbeingCheckIn.objects.filter(
        link_sent_at__isnull=True,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on__lte=timezone.localdate(),
        participant__referral__anonymised_at__isnull=True,
    ).exclude(participant__referral__email="")
    return sum(services.email_check_in_link(check_in=check_in, unless_sent=True) for check_in in due)


@task()
def apply_retention() -> dict:
    return retention.run().as_dict()
