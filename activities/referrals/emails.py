"""The emails about referrals and questionnaires, each built when it is sent (creative_minds/mail.py).

They name the activity and link to the site; they never carry a person's support needs, the note for
the partner, or anything about their health. People sign in to read the details. Each one checks,
when it is built, that it still has something to say: a reminder for a referral acknowledged while
the email waited, or a questionnaire answered meanwhile, is not sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from activities.detail import distinguishing_label
from activities.referrals import checkins, next_steps
from activities.referrals.models import DigestSent, Referral, ReferralStatusChange, WellbeingCheckIn
from creative_minds.mail import absolute_url, email, page_url, send_email
from partners.models import PartnerContact

DIGEST_DAYS = 7


def _message(subject: str, template: str, context: dict, recipients) -> EmailMessage | None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    return EmailMessage(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, recipients)


def _partner_contacts() -> Prefetch:
    """Prefetch for referrals: their partner's contacts with their logins, for _partner_emails()."""
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


def _referral(referral_id: int) -> Referral | None:
    """The referral, or None once its contact details have been removed (nothing left to tell)."""
    referral = (
        Referral.objects.select_related("activity__partner", "champion")
        .prefetch_related(_partner_contacts())
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or referral.is_anonymised:
        return None
    return referral


def _detail_link(referral: Referral) -> str:
    return absolute_url("referrals:detail", referral.public_id)


# -- a new referral ----------------------------------------------------------------------


@email
def new_referral_notice(referral_id: int) -> EmailMessage | None:
    """A new referral: tell the partner at once, with a link to sign in and read it."""
    referral = _referral(referral_id)
    if referral is None:
        return None
    return _message(
        f"New referral for {referral.activity.title}",
        "referrals/email/referral_notice.txt",
        {"referral": referral, "link": _detail_link(referral)},
        _partner_emails(referral.activity),
    )


@email
def self_referral_confirmation(referral_id: int) -> EmailMessage | None:
    """Tell someone who asked to join that their request has reached the group."""
    referral = _referral(referral_id)
    if referral is None:
        return None
    context = {
        "referral": referral,
        "activity_url": page_url(referral.activity),
        "days": settings.REFERRAL_REMINDER_WORKING_DAYS,
    }
    return _message(
        f"We have passed on your request to join {referral.activity.title}",
        "referrals/email/self_referral_confirmation.txt",
        context,
        [referral.email],
    )


# -- nobody has answered -----------------------------------------------------------------


@email
def referral_reminder(referral_id: int, for_champion: bool = False) -> EmailMessage | None:
    """A referral nobody has acknowledged: the partner is asked to act, the champion is told.

    Two messages, so each reads right and neither side's addresses are shown to the other.
    """
    referral = _referral(referral_id)
    if referral is None or referral.status != Referral.Status.SENT:
        return None
    if for_champion:
        champion = referral.champion
        recipients = [champion.email] if champion is not None and champion.is_active else []
    else:
        recipients = _partner_emails(referral.activity)
    context = {
        "referral": referral,
        "link": _detail_link(referral),
        "days": settings.REFERRAL_REMINDER_WORKING_DAYS,
        "for_champion": for_champion,
    }
    return _message(
        f"Reminder: a referral for {referral.activity.title} is waiting",
        "referrals/email/referral_reminder.txt",
        context,
        recipients,
    )


@email
def referral_escalation(referral_id: int) -> EmailMessage | None:
    """A referral still unacknowledged after the reminder: ask the locality's coordinators to help."""
    referral = _referral(referral_id)
    if referral is None or referral.status != Referral.Status.SENT:
        return None
    return _message(
        f"A referral for {referral.activity.title} needs your help",
        "referrals/email/referral_escalation.txt",
        {"referral": referral, "link": _detail_link(referral)},
        _coordinator_emails(referral.activity),
    )


# -- a referral moved on: the champion hears the same day -----------------------------------

# The day's changes to one referral make one notice, sent at this local hour (or the next day's, for
# a change made after it): a partner who acknowledges, phones and marks someone joined in one
# afternoon sends the champion one email saying where it got to, not three.
NOTICE_HOUR = 17


def notice_time(changed_at: datetime.datetime) -> datetime.datetime:
    """When the notice of a change made at `changed_at` goes out: NOTICE_HOUR that day, or the next
    day's if the change came at or after it."""
    local = timezone.localtime(changed_at)
    day = local.date() if local.hour < NOTICE_HOUR else local.date() + datetime.timedelta(days=1)
    return _at_notice_hour(day)


def _at_notice_hour(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(NOTICE_HOUR)))


def _told_by_others(referral: Referral):
    """The referral's status changes the champion did not make themselves (nor its sending)."""
    return referral.status_changes.exclude(from_status="").exclude(changed_by_id=referral.champion_id)


def queue_status_notice(*, referral: Referral, changed_by) -> bool:
    """Queue the notice that a champion's referral moved on, for a status change just recorded (call
    it in the transaction that records it). Nothing for the champion's own change (they know), for
    someone who asked to join themselves (no champion), or when an earlier change this day has
    already queued the notice that will tell this one too. True if it queued one."""
    if referral.champion_id is None or changed_by is None or changed_by.pk == referral.champion_id:
        return False
    sends_at = notice_time(timezone.now())
    window_opened = _at_notice_hour(timezone.localdate(sends_at) - datetime.timedelta(days=1))
    if _told_by_others(referral).filter(changed_at__gte=window_opened, changed_at__lt=sends_at).count() > 1:
        return False
    arguments = {"referral_id": referral.pk, "sends_at": sends_at.isoformat()}
    if send_email.get_backend().supports_defer:
        send_email.using(run_after=sends_at).enqueue(referral_moved_on.path, arguments)
    else:
        # A backend that sends at once (the tests' immediate backend) cannot wait.
        referral_moved_on.send_later(**arguments)
    return True


@email
def referral_moved_on(referral_id: int, sends_at: str) -> EmailMessage | None:
    """Tell the referring champion that their referral moved on: the activity, its new status in words
    and a link. Never the person's name or anything about them. Only the notice for the latest
    change speaks: if the champion changed it since (they know), or someone changed it again after
    this notice's hour (the next notice will say), this one is not sent."""
    referral = _referral(referral_id)
    if referral is None or referral.champion is None or not referral.champion.is_active:
        return None
    latest = referral.status_changes.exclude(from_status="").order_by("-changed_at", "-pk").first()
    if latest is None or latest.changed_by_id == referral.champion_id:
        return None
    if notice_time(latest.changed_at) != datetime.datetime.fromisoformat(sends_at):
        return None
    context = {
        "champion": referral.champion,
        "referral": referral,
        "activity": distinguishing_label(referral.activity),
        "status_words": next_steps.status_in_words(referral.status),
        "link": _detail_link(referral),
    }
    return _message(
        "A referral you made has moved on",
        "referrals/email/referral_moved_on.txt",
        context,
        [referral.champion.email],
    )


# -- the champions' weekly digest --------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    lines: list[str]
    follow_ups: int


def digest_for(champion, *, since: datetime.datetime, until: datetime.datetime) -> Digest | None:
    """What happened to a champion's referrals between `since` and `until`: activity names, steps
    and a count of follow-up questionnaires answered. None if nothing did."""
    changes = ReferralStatusChange.objects.filter(
        referral__champion=champion, changed_at__gte=since, changed_at__lt=until
    ).select_related("referral__activity")
    follow_ups = WellbeingCheckIn.objects.filter(
        participant__referral__champion=champion,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        completed_at__gte=since,
        completed_at__lt=until,
    ).count()
    lines = [
        f"{change.referral.activity.title}: {change.get_to_status_display().lower()} "
        f"on {timezone.localtime(change.changed_at):%-d %B}"
        for change in changes
        if change.from_status
    ]
    if not lines and not follow_ups:
        return None
    return Digest(lines=lines, follow_ups=follow_ups)


@email
def champion_digest(champion_id: int, digest_id: int | None = None) -> EmailMessage | None:
    """A champion's week: what happened to their referrals over the period its DigestSent row
    records (the last DIGEST_DAYS days for a digest queued without one, before that record existed).
    Counts and activity names only."""
    champion = get_user_model().objects.filter(pk=champion_id, is_active=True).first()
    if champion is None:
        return None
    record = DigestSent.objects.filter(pk=digest_id, champion=champion).first() if digest_id else None
    until = record.period_end if record else timezone.now()
    since = record.period_start if record else until - datetime.timedelta(days=DIGEST_DAYS)
    digest = digest_for(champion, since=since, until=until)
    if digest is None:
        return None
    context = {
        "champion": champion,
        "lines": digest.lines,
        "follow_ups": digest.follow_ups,
        "link": absolute_url("referrals:dashboard"),
        "since_last": until - since < datetime.timedelta(days=DIGEST_DAYS),
    }
    return _message(
        "Your referrals this week", "referrals/email/champion_digest.txt", context, [champion.email]
    )


# -- questionnaires ----------------------------------------------------------------------


@email
def wellbeing_link(check_in_id: int, user_id: int | None = None) -> EmailMessage | None:
    """A link to a wellbeing questionnaire, issued as the email is built so the only copy of the
    token is the one in the email. Not sent if the questionnaire was answered or declined, or
    handed out as a QR code, after the email was queued."""
    check_in = (
        WellbeingCheckIn.objects.select_related("participant__referral__activity")
        .filter(pk=check_in_id)
        .first()
    )
    if check_in is None or check_in.channel != WellbeingCheckIn.Channel.EMAIL:
        return None
    referral = check_in.participant.referral
    if referral.is_anonymised or not referral.email:
        return None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        token = checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.EMAIL, user=user)
    except PermissionDenied:  # answered or declined while the email waited
        return None
    context = {
        "name": referral.preferred_name,
        "activity": referral.activity.title,
        "link": checkins.link_for(token),
        "valid_days": settings.WELLBEING_LINK_VALID_DAYS,
        "is_follow_up": check_in.kind == WellbeingCheckIn.Kind.FOLLOW_UP,
    }
    return _message(
        "How are you? A few questions from Creative Minds",
        "referrals/email/wellbeing_link.txt",
        context,
        [referral.email],
    )
