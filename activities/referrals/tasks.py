"""Scheduled work for referrals (django-tasks): reminders, digests, follow-ups and retention.

Each job marks what it has done in the same transaction as it queues the email (see emails.py), so
running a job twice, or two at once, never queues an email twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from activities.referrals import emails, retention, services
from activities.referrals.models import DigestSent, Referral, WellbeingCheckIn
from activities.referrals.working_days import add_working_days


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
    """Queue each champion's weekly digest, at most once a week (DigestSent), unless nothing has
    happened to their referrals since their last one (or in the last week). Returns how many were
    queued."""
    now = timezone.now()
    today = timezone.localdate()
    week = today - datetime.timedelta(days=today.weekday())
    champions = (
        get_user_model()
        .objects.filter(champion_profile__weekly_digest=True, is_active=True, referrals_made__isnull=False)
        .exclude(digests_sent__week=week)
        .distinct()
    )
    queued = 0
    for champion in champions:
        since = _digest_starts(champion, now)
        if emails.digest_for(champion, since=since, until=now) is None:
            continue
        try:
            with transaction.atomic():
                sent = DigestSent.objects.create(
                    champion=champion, week=week, period_start=since, period_end=now
                )
                emails.champion_digest.send_later(champion_id=champion.pk, digest_id=sent.pk)
        except IntegrityError:
            # Another run this week queued it first (two runs at once): the constraint said no.
            continue
        queued += 1
    return queued


def _digest_starts(champion, now: datetime.datetime) -> datetime.datetime:
    """Where a champion's next digest starts: where their last one ended, or a week ago if that was
    longer ago (a digest turned off for a while does not bring back months of news)."""
    last_ended = DigestSent.objects.filter(champion=champion).values_list("period_end", flat=True).first()
    week_ago = now - datetime.timedelta(days=emails.DIGEST_DAYS)
    return max(last_ended, week_ago) if last_ended is not None else week_ago


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
