"""What happens next to a referral, by when, and whom to ask about it: the facts a referral's page
shows above its history, and the words the status-change notice uses. One function per fact.

The dates are promises the charity makes on the partner's behalf: a partner gets in touch within
REFERRAL_REMINDER_WORKING_DAYS working days of a referral being sent (the day the reminder goes out
if they have not said they have seen it), counted as the reminders count them (working_days.py).

Nothing here names the person referred or says anything about their health, so the same words can go
in an email (the notice) as on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from activities.referrals.models import Participant, Referral
from activities.referrals.working_days import add_working_days
from partners.models import PartnerContact

Status = Referral.Status
Reason = Referral.NotTakenUpReason


@dataclass(frozen=True)
class NextStep:
    """What happens next, in words for the referral's page.

    `text` says what will happen (or what happened) and `by` is the date it names, if any. `late`:
    that date has passed and the partner has not yet done what it promised. `you_can` is what the
    referring champion can do now that the referral is closed ("" while it is open or once they
    joined); `refer_again`: one of those things is referring them to this activity again.
    """

    text: str
    by: datetime.date | None = None
    late: bool = False
    you_can: str = ""
    refer_again: bool = False


@dataclass(frozen=True)
class ContactPerson:
    name: str
    job_title: str
    email: str


@dataclass(frozen=True)
class PartnerContactDetails:
    """Who to ask about a referral: the partner's people with a login, and the activity's public
    phone and email (the partner's own when the activity gives none)."""

    partner: str
    people: tuple[ContactPerson, ...]
    public_name: str
    phone: str
    email: str


def spoken_date(day: datetime.date, *, today: datetime.date) -> str:
    """ "Thursday 4 December", with the year when it is not this year's."""
    words = f"{day:%A} {day.day} {day:%B}"
    return words if day.year == today.year else f"{words} {day.year}"


def contact_due_on(referral: Referral) -> datetime.date:
    """The day the partner should have contacted the person by: REFERRAL_REMINDER_WORKING_DAYS
    working days after the referral was sent (its local date: sent at 00:30 on a summer Tuesday
    is sent on Tuesday)."""
    sent_on = timezone.localdate(referral.created_at)
    return add_working_days(sent_on, settings.REFERRAL_REMINDER_WORKING_DAYS)


def joined_on(referral: Referral) -> datetime.date | None:
    """The date of their first session, as the partner recorded it; the day it was marked joined
    if there is no participant (a record from before participants were kept)."""
    if referral.status != Status.JOINED:
        return None
    first_session = Participant.objects.filter(referral=referral).values_list("joined_on", flat=True).first()
    if first_session is not None:
        return first_session
    return timezone.localdate(referral.closed_at) if referral.closed_at else None


def status_in_words(status: str) -> str:
    """A status as a sentence about the referral, for the notice email."""
    return {
        Status.SENT: "It has been sent to the group.",
        Status.ACKNOWLEDGED: "The group has seen it and will get in touch with them.",
        Status.CONTACTED: "The group has been in touch with them.",
        Status.JOINED: "They have joined the activity.",
        Status.NOT_TAKEN_UP: "They have not taken it up.",
        Status.WITHDRAWN: "It has been withdrawn.",
    }[Status(status)]


def next_step(referral: Referral, *, today: datetime.date) -> NextStep:
    """What happens next to this referral, and by when, as of `today`."""
    partner = referral.activity.partner.title
    status = referral.status
    if status in (Status.SENT, Status.ACKNOWLEDGED):
        return _waiting_for_contact(referral, partner=partner, today=today)
    if status == Status.CONTACTED:
        return NextStep(f"{partner} has been in touch with them. They will let you know if they join.")
    if status == Status.JOINED:
        day = joined_on(referral)
        if day is None:
            return NextStep("They joined.")
        return NextStep(f"They joined on {spoken_date(day, today=today)}.", by=day)
    if status == Status.NOT_TAKEN_UP:
        return _not_taken_up(referral, partner=partner)
    return NextStep(
        f"This referral was withdrawn, so {partner} will not contact them.",
        you_can="If they change their mind, you can refer them again.",
        refer_again=True,
    )


def _waiting_for_contact(referral: Referral, *, partner: str, today: datetime.date) -> NextStep:
    due = contact_due_on(referral)
    when = spoken_date(due, today=today)
    days = settings.REFERRAL_REMINDER_WORKING_DAYS
    within = f"{days} working day{'s' if days != 1 else ''}"
    if today <= due:
        if referral.status == Status.SENT:
            return NextStep(f"{partner} will contact them within {within}, by {when}.", by=due)
        return NextStep(f"{partner} has seen this referral and will contact them by {when}.", by=due)
    if referral.status == Status.SENT:
        text = f"{partner} should have contacted them by {when}, but has not said they have seen it."
        if referral.reminded_at:
            reminded = spoken_date(timezone.localdate(referral.reminded_at), today=today)
            text += f" We reminded them on {reminded}."
        return NextStep(text, by=due, late=True)
    text = f"{partner} has seen this referral and should have contacted them by {when}."
    return NextStep(text, by=due, late=True)


def _not_taken_up(referral: Referral, *, partner: str) -> NextStep:
    reason = referral.not_taken_up_reason
    said = f' {partner} said: "{referral.get_not_taken_up_reason_display()}".' if reason else ""
    text = f"They did not take up this referral.{said}"
    if reason == Reason.NO_REPLY:
        return NextStep(
            text,
            you_can="Check their phone number or email address with them, then refer them again.",
            refer_again=True,
        )
    if reason == Reason.NO_SPACE:
        return NextStep(
            text,
            you_can=f"Ask {partner} when a place might come up, or refer them to a similar activity nearby.",
            refer_again=True,
        )
    return NextStep(
        text, you_can="Talk with them about what might suit them better, and refer them to another activity."
    )


def partner_contact(referral: Referral) -> PartnerContactDetails:
    """Who at the partner to ask about this referral: names, job titles and emails of the
    partner's active logins, and the activity's public contact details. One query."""
    activity = referral.activity
    partner = activity.partner
    people = tuple(
        ContactPerson(
            name=contact.user.get_full_name() or contact.user.get_username(),
            job_title=contact.job_title,
            email=contact.user.email,
        )
        for contact in PartnerContact.objects.filter(partner=partner, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return PartnerContactDetails(
        partner=partner.title,
        people=people,
        public_name=activity.contact_name,
        phone=activity.contact_phone or partner.contact_phone,
        email=activity.contact_email or partner.contact_email,
    )
