"""Background work for referrals (django-tasks): emails, reminders, digests, follow-ups, retention.

Emails name the activity and link to the site; they never carry a person's support needs, the
note for the partner, or anything about their health. People sign in to read the details.
"""

from __future__ import annotations

import datetime

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday, not a bank holiday) after `start`.

    A start on a weekend or bank holiday counts from the working day before it, so the next
    working day is day 1: sent on Saturday, like Friday, is 3 working days on by Wednesday.
    """
    return np.busday_offset(start, days, roll="backward", holidays=settings.BANK_HOLIDAYS).item()


def _send(subject: str, template: str, context: dict, recipients) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    send_mail(
        subject=subject,
        message=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)


def _partner_contacts() -> Prefetch:
    """Prefetch for referrals: their partner's contacts with their logins, for _partner_emails()."""
    from partners.models import PartnerContact

    return Prefetch("activity__partner__contacts", PartnerContact.objects.select_related("user"))


def _partner_emails(activity) -> list[str]:
    # The activity's public contact address stands in only when no active login has an email:
    # a contact with a blank address must not swallow the notice.
    emails = [
        contact.user.email
        for contact in activity.partner.contacts.all()
        if contact.user.email and contact.user.is_active
    ]
    return emails or [activity.contact_email]


def _coordinator_emails(activity) -> list[str]:
    # Every coordinator of every collective in the locality, not just the first collective's.
    coordinators = list(
        get_user_model()
        .objects.filter(coordinated_collectives__locality_id=activity.locality_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    # A locality between coordinators must not leave the referral waiting unseen: the charity's
    # own mailbox hears instead.
    return coordinators or [settings.REFERRAL_ESCALATION_FALLBACK_EMAIL]


def _referral(referral_id: int):
    from activities.models import Referral

    return (
        Referral.objects.select_related("activity__partner", "champion")
        .prefetch_related(_partner_contacts())
        .get(pk=referral_id)
    )


@task()
def notify_partner_of_referral(referral_id: int) -> int:
    """A new referral: tell the partner at once, with a link to sign in and read it."""
    referral = _referral(referral_id)
    context = {"referral": referral, "link": site_url(reverse("referrals:detail", args=[referral.public_id]))}
    return _send(
        f"New referral for {referral.activity.title}",
        "activities/email/referral_notice.txt",
        context,
        _partner_emails(referral.activity),
    )


@task()
def confirm_self_referral(referral_id: int) -> int:
    """Tell someone who asked to join that their request has reached the group."""
    referral = _referral(referral_id)
    page_url = referral.activity.url or "/"
    context = {
        "referral": referral,
        # Wagtail gives a full address when it runs more than one site, a path when it runs one.
        "activity_url": page_url if page_url.startswith("http") else site_url(page_url),
        "days": settings.REFERRAL_REMINDER_WORKING_DAYS,
    }
    return _send(
        f"We have passed on your request to join {referral.activity.title}",
        "activities/email/self_referral_confirmation.txt",
        context,
        [referral.email],
    )


@task()
def send_referral_reminders() -> dict:
    """Chase referrals nobody has acknowledged.

    After REFERRAL_REMINDER_WORKING_DAYS working days: remind the partner and the champion.
    After REFERRAL_ESCALATION_WORKING_DAYS more: flag it to the locality's coordinators.
    """
    from activities.models import Referral

    today = timezone.localdate()
    waiting = (
        Referral.objects.filter(
            status=Referral.Status.SENT, anonymised_at__isnull=True, escalated_at__isnull=True
        )
        .select_related("activity__partner", "champion")
        .prefetch_related(_partner_contacts())
    )
    reminded = escalated = 0
    for referral in waiting:
        # Local dates: a referral sent at 00:30 on a summer Tuesday was sent on Tuesday, not
        # on Monday as its UTC date would say.
        if referral.reminded_at is None:
            sent_on = timezone.localdate(referral.created_at)
            if today >= add_working_days(sent_on, settings.REFERRAL_REMINDER_WORKING_DAYS):
                _remind(referral)
                reminded += 1
        elif referral.escalated_at is None and today >= add_working_days(
            timezone.localdate(referral.reminded_at), settings.REFERRAL_ESCALATION_WORKING_DAYS
        ):
            _escalate(referral)
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}


def _remind(referral) -> None:
    if not _claim(referral, "reminded_at"):
        return
    link = site_url(reverse("referrals:detail", args=[referral.public_id]))
    context = {"referral": referral, "link": link, "days": settings.REFERRAL_REMINDER_WORKING_DAYS}
    subject = f"Reminder: a referral for {referral.activity.title} is waiting"
    # Two messages, so each reads right (the partner is asked to act, the champion is told) and
    # neither side's addresses are shown to the other.
    _send(subject, "activities/email/referral_reminder.txt", context, _partner_emails(referral.activity))
    if referral.champion is not None and referral.champion.is_active:
        _send(
            subject,
            "activities/email/referral_reminder.txt",
            {**context, "for_champion": True},
            [referral.champion.email],
        )


def _escalate(referral) -> None:
    if not _claim(referral, "escalated_at"):
        return
    link = site_url(reverse("referrals:detail", args=[referral.public_id]))
    _send(
        f"A referral for {referral.activity.title} needs your help",
        "activities/email/referral_escalation.txt",
        {"referral": referral, "link": link},
        _coordinator_emails(referral.activity),
    )


def _claim(referral, field: str) -> bool:
    """Stamp the referral before emailing, in one conditional UPDATE, so that two runs at once (or
    a rerun after a failed send) never chase the same referral twice. False if already stamped."""
    from activities.models import Referral

    claimed = Referral.objects.filter(pk=referral.pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    return bool(claimed)


@task()
def send_champion_digests() -> int:
    """Each champion's week: what happened to their referrals. Counts and activity names only."""
    from activities.models import ReferralStatusChange, WellbeingCheckIn

    since = timezone.now() - datetime.timedelta(days=7)
    champions = (
        get_user_model()
        .objects.filter(champion_profile__weekly_digest=True, is_active=True, referrals_made__isnull=False)
        .distinct()
    )
    sent = 0
    for champion in champions:
        changes = ReferralStatusChange.objects.filter(
            referral__champion=champion, changed_at__gte=since
        ).select_related("referral__activity")
        follow_ups = WellbeingCheckIn.objects.filter(
            participant__referral__champion=champion,
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            completed_at__gte=since,
        ).count()
        lines = [
            f"{change.referral.activity.title}: {change.get_to_status_display().lower()} "
            f"on {timezone.localtime(change.changed_at):%-d %B}"
            for change in changes
            if change.from_status
        ]
        if not lines and not follow_ups:
            continue
        context = {
            "champion": champion,
            "lines": lines,
            "follow_ups": follow_ups,
            "link": site_url(reverse("referrals:dashboard")),
        }
        sent += _send(
            "Your referrals this week", "activities/email/champion_digest.txt", context, [champion.email]
        )
    return sent


@task()
def send_wellbeing_follow_ups() -> int:
    """Email follow-up questionnaires that are due, to people we have an email address for.

    Those without one show as "follow-up due" on the partner's list, to hand over as a QR code.
    """
    from activities.models import WellbeingCheckIn
    from activities.referrals import checkins

    due = WellbeingCheckIn.objects.filter(
        Q(link_sent_at__isnull=True),
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on__lte=timezone.localdate(),
        participant__referral__anonymised_at__isnull=True,
    ).exclude(participant__referral__email="")
    return sum(
        checkins.email_link(check_in) for check_in in due.select_related("participant__referral__activity")
    )


@task()
def apply_retention() -> dict:
    from activities.referrals.retention import run

    return run().as_dict()


@task()
def email_check_in_link(check_in_id: int) -> bool:
    """Email a new participant the link to their first questionnaire (if we have their email)."""
    from activities.models import WellbeingCheckIn
    from activities.referrals import checkins

    check_in = WellbeingCheckIn.objects.select_related("participant__referral__activity").get(pk=check_in_id)
    if check_in.status != WellbeingCheckIn.Status.WAITING:
        return False
    return checkins.email_link(check_in)
