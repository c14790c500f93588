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

from activities.referrals import checkins
from activities.referrals.models import Referral, ReferralStatusChange, WellbeingCheckIn
from creative_minds.mail import absolute_url, email, page_url
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


# -- the champions' weekly digest --------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    lines: list[str]
    follow_ups: int


def digest_for(champion) -> Digest | None:
    """What happened to a champion's referrals in the last week: activity names, steps and a count
    of follow-up questionnaires answered. None for a quiet week."""
    since = timezone.now() - datetime.timedelta(days=DIGEST_DAYS)
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
        return None
    return Digest(lines=lines, follow_ups=follow_ups)


@email
def champion_digest(champion_id: int) -> EmailMessage | None:
    """A champion's week: what happened to their referrals. Counts and activity names only."""
    champion = get_user_model().objects.filter(pk=champion_id, is_active=True).first()
    digest = digest_for(champion) if champion is not None else None
    if digest is None:
        return None
    context = {
        "champion": champion,
        "lines": digest.lines,
        "follow_ups": digest.follow_ups,
        "link": absolute_url("referrals:dashboard"),
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
