"""Reads for the referral, participant and attendance pages. Every queryset starts from the policy."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from activities.detail import distinguishing_label
from activities.models import ActivityPage
from activities.referrals import policy
from activities.referrals.models import (
    Attendance,
    ConsentRecord,
    Participant,
    Referral,
    WellbeingCheckIn,
)
from activities.referrals.tasks import add_working_days
from partners.models import PartnerContact, PartnerPage
from partners.permissions import partner_ids_for

REGISTER_WEEKS_BACK = 8


def waiting_too_long(*, today: datetime.date | None = None) -> Q:
    """Referrals waiting too long: nobody has acknowledged them REFERRAL_REMINDER_WORKING_DAYS
    working days after they were sent (the day the partner and champion are reminded), or they
    were escalated to the coordinator and are still not acknowledged. Counted as the reminders
    count (tasks.add_working_days), so the list and the reminders agree."""
    today = today or timezone.localdate()
    days = settings.REFERRAL_REMINDER_WORKING_DAYS
    # The latest day a referral could be sent and be due by today: add_working_days only grows with
    # its start, so step back from today (a few days: the working days, a weekend, a holiday).
    last_due = today
    while add_working_days(last_due, days) > today:
        last_due -= datetime.timedelta(days=1)
    sent_by = timezone.make_aware(
        datetime.datetime.combine(last_due + datetime.timedelta(days=1), datetime.time())
    )
    return Q(status=Referral.Status.SENT) & (Q(created_at__lt=sent_by) | Q(escalated_at__isnull=False))


def working_days_waited(sent_on: datetime.date, *, today: datetime.date) -> int:
    """How many working days a referral sent on `sent_on` has waited by `today`, counted as the
    reminders count: it is waiting too long when this reaches REFERRAL_REMINDER_WORKING_DAYS."""
    # The most days add_working_days can add to sent_on without passing today (it grows with them).
    fewest, most = 0, max((today - sent_on).days, 0)
    while fewest < most:
        middle = (fewest + most + 1) // 2
        if add_working_days(sent_on, middle) <= today:
            fewest = middle
        else:
            most = middle - 1
    return fewest


def referral_list(user, *, today: datetime.date | None = None) -> QuerySet[Referral]:
    """The referrals the user may see, newest first, with all a row of /referrals/ shows in a fixed
    number of queries: the activity's sessions (for its distinguishing label), its partner and the
    partner's contacts (to chase a stuck referral), the champion, and `waiting_too_long`."""
    contacts = PartnerContact.objects.filter(user__is_active=True).select_related("user")
    return (
        policy.visible_referrals(user)
        .select_related("activity__partner", "champion")
        .prefetch_related(
            "activity__sessions",
            Prefetch("activity__partner__contacts", queryset=contacts.order_by("user__first_name", "pk")),
        )
        .annotate(
            waiting_too_long=ExpressionWrapper(waiting_too_long(today=today), output_field=BooleanField())
        )
        .order_by("-created_at", "-pk")
    )


def status_counts(user) -> dict[str, int]:
    """How many of the referrals the user may see are in each status (absent: none), for the filter."""
    return dict(policy.visible_referrals(user).values_list("status").annotate(n=Count("pk")).order_by())


def waiting_too_long_count(user, *, today: datetime.date | None = None) -> int:
    return policy.visible_referrals(user).filter(waiting_too_long(today=today)).count()


def referral_partners(user) -> QuerySet[PartnerPage]:
    """The partners whose activities the user's referrals went to: never another partner's."""
    partner_ids = policy.visible_referrals(user).values("activity__partner_id")
    return PartnerPage.objects.filter(pk__in=partner_ids).order_by("title", "pk").only("pk", "title")


def referral_activities(user) -> QuerySet[ActivityPage]:
    """The activities the user's referrals went to, with their sessions for distinguishing_label."""
    activity_ids = policy.visible_referrals(user).values("activity_id")
    return (
        ActivityPage.objects.filter(pk__in=activity_ids)
        .order_by("title", "venue_name", "pk")
        .prefetch_related("sessions")
    )


def referral_champions(user) -> QuerySet:
    """The champions who made the referrals the user may see."""
    champion_ids = policy.visible_referrals(user).filter(champion__isnull=False).values("champion_id")
    return (
        get_user_model()
        .objects.filter(pk__in=champion_ids)
        .order_by("first_name", "last_name", "username")
        .only("pk", "first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class ReferralRow:
    """One row of /referrals/: the referral, its activity's distinguishing label, how many working
    days it has waited for a reply (None once acknowledged or closed) and, for a referral waiting too
    long, who to chase: the partner's contacts and the activity's phone (not shown to the partner
    itself, who is the one being chased)."""

    referral: Referral
    activity_label: str
    days_waiting: int | None
    chase_contacts: tuple[PartnerContact, ...]
    chase_phone: str

    @property
    def waiting_too_long(self) -> bool:
        return self.referral.waiting_too_long


def referral_rows(user, referrals, *, today: datetime.date | None = None) -> list[ReferralRow]:
    """The rows for a page of referral_list(): no queries beyond those it made."""
    today = today or timezone.localdate()
    own_partners = partner_ids_for(user)
    rows = []
    for referral in referrals:
        activity = referral.activity
        chase = referral.waiting_too_long and activity.partner_id not in own_partners
        days = None
        if referral.status == Referral.Status.SENT:
            days = working_days_waited(timezone.localdate(referral.created_at), today=today)
        rows.append(
            ReferralRow(
                referral=referral,
                activity_label=distinguishing_label(activity),
                days_waiting=days,
                chase_contacts=tuple(activity.partner.contacts.all()) if chase else (),
                chase_phone=activity.contact_phone if chase else "",
            )
        )
    return rows


def participant_of(user, referral: Referral) -> Participant | None:
    """The participant a joined referral became, if this user may see participants."""
    if referral.status != Referral.Status.JOINED:
        return None
    return policy.visible_participants(user).filter(referral=referral).first()


# -- participants ------------------------------------------------------------------------


def participant_list(user, *, activity_slug: str = ""):
    """The participants a user may see. Each row's activity label comes from participant_activities(),
    which holds every activity in this list with its sessions, so no row needs a query of its own."""
    participants = (
        policy.visible_participants(user)
        .select_related("activity", "referral")
        .annotate(sessions=Count("attendances", distinct=True))
        .prefetch_related(Prefetch("check_ins", queryset=WellbeingCheckIn.objects.order_by("due_on")))
        .order_by("activity__title", "-joined_on", "code")
    )
    if activity_slug:
        participants = participants.filter(activity__slug=activity_slug)
    return participants


def participant_activities(user):
    """The activities a user's participants belong to, for the filter and the rows' labels, with the
    sessions and venue that activities.detail.distinguishing_label reads."""
    return (
        ActivityPage.objects.filter(pk__in=policy.visible_participants(user).values("activity_id"))
        .order_by("title", "pk")
        .only("pk", "title", "slug", "venue_name", "delivery", "postcode")
        .prefetch_related("sessions")
    )


# -- attendance --------------------------------------------------------------------------


def register_activities(user):
    # Live activities, and any others that still have participants (one that has just ended).
    return (
        policy.register_activities(user)
        .filter(Q(live=True) | Q(participants__isnull=False))
        .distinct()
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("title", "pk")
        # For activities.detail.distinguishing_label: one query for every activity's sessions.
        .prefetch_related("sessions")
    )


def recent_session_dates(
    activity: ActivityPage, *, today: datetime.date | None = None
) -> list[datetime.date]:
    """The activity's session dates in the last few weeks, newest first, from its schedule."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(weeks=REGISTER_WEEKS_BACK)
    dates = {
        day
        for session in activity.sessions.all()
        for day in session.next_dates(after=start, count=REGISTER_WEEKS_BACK + 2)
        if day <= today
    }
    return sorted(dates, reverse=True)


def register_rows(activity: ActivityPage, session_date: datetime.date) -> list[dict]:
    """Everyone who had joined by this date, and whether they came. Two queries, whatever the size."""
    participants = list(
        Participant.objects.filter(activity=activity, joined_on__lte=session_date)
        .select_related("referral")
        .order_by("referral__preferred_name", "code")
    )
    present = set(
        Attendance.objects.filter(participant__in=participants, session_date=session_date).values_list(
            "participant_id", flat=True
        )
    )
    return [
        {"participant": participant, "present": participant.pk in present} for participant in participants
    ]


def attendance_counts(activity: ActivityPage, dates: list[datetime.date]) -> dict[datetime.date, int]:
    return dict(
        Attendance.objects.filter(participant__activity=activity, session_date__in=dates)
        .values_list("session_date")
        .annotate(n=Count("pk"))
        .order_by()
    )


# -- "What has changed for you?" -----------------------------------------------------------

Sharing = WellbeingCheckIn.Sharing


@dataclass(frozen=True)
class SharedAnswer:
    """One answer to "What has changed for you?" as it may be shown: the words, the month, the
    activity and its locality. Never the participant, their code or the day it was written."""

    id: uuid.UUID  # the check-in's public id: opaque, to find the answer again (shared_answer())
    text: str
    month: datetime.date  # the first day of the month it was written
    activity_id: int
    activity_title: str
    locality_name: str
    sharing: str
    wording_version: str  # the version of the sharing wording they chose from: the consent to quote

    @property
    def sharing_label(self) -> str:
        return Sharing(self.sharing).label

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def may_be_quoted(self) -> bool:
        return self.sharing == Sharing.QUOTE


# The columns shared_answer_rows() gives, in SharedAnswer's order.
SHARED_ANSWER_COLUMNS = (
    "public_id",
    "what_changed",
    "month",
    "participant__activity_id",
    "participant__activity__title",
    "participant__activity__locality__name",
    "what_changed_sharing",
    "what_changed_wording_version",
)


def shared_answer_rows(sharing: tuple[str, ...] = (Sharing.INSIDE, Sharing.QUOTE)) -> QuerySet:
    """Answers shared at one of these levels, as tuples of SHARED_ANSWER_COLUMNS (as_shared_answers()
    makes them SharedAnswers), newest month first. One query, however many.

    Left out: empty answers, and anyone who has withdrawn consent for their wellbeing answers (which
    deletes them; checked here too, so a withdrawal can never leave an answer on show).
    """
    withdrawn = ConsentRecord.objects.filter(
        participant=OuterRef("participant"),
        purpose=ConsentRecord.Purpose.WELLBEING,
        withdrawn_at__isnull=False,
    )
    return (
        WellbeingCheckIn.objects.filter(
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            status=WellbeingCheckIn.Status.ANSWERED,
            what_changed_sharing__in=sharing,
        )
        .exclude(what_changed="")
        .exclude(Exists(withdrawn))
        .annotate(month=TruncMonth("completed_at", output_field=DateField()))
        # Within a month, by activity and then the words themselves: never in the order written,
        # which would say more about the day than the month does.
        .order_by("-month", "participant__activity__title", "what_changed")
        .values_list(*SHARED_ANSWER_COLUMNS)
    )


def as_shared_answers(rows) -> list[SharedAnswer]:
    return [SharedAnswer(*row) for row in rows]


def shared_answers(*, locality_id: int | None = None, sharing: str = "") -> list[SharedAnswer]:
    """Answers people shared inside Creative Minds or for quoting, for staff to read (policy.
    can_read_shared_answers), optionally in one locality or at one sharing level."""
    # Only the shared levels, whatever is asked for: "not shared" answers are never read.
    levels = tuple(level for level in (Sharing.INSIDE, Sharing.QUOTE) if not sharing or level == sharing)
    rows = shared_answer_rows(levels)
    if locality_id is not None:
        rows = rows.filter(participant__activity__locality_id=locality_id)
    return as_shared_answers(rows)


def quotable_answers() -> list[SharedAnswer]:
    """Answers people said may be quoted publicly without their name."""
    return as_shared_answers(shared_answer_rows((Sharing.QUOTE,)))


def shared_answer(answer_id: uuid.UUID | str) -> SharedAnswer | None:
    """One shared answer by its id (as SharedAnswer.id), or None if it is not shared (any more)."""
    try:
        answer_id = uuid.UUID(str(answer_id))
    except ValueError:
        return None
    return next(iter(as_shared_answers(shared_answer_rows().filter(public_id=answer_id))), None)
