"""Reads for the referral, participant and attendance pages. Every queryset starts from the policy."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from activities.models import ActivityPage
from activities.referrals import policy
from activities.referrals.models import Attendance, Participant, Referral, WellbeingCheckIn

REGISTER_WEEKS_BACK = 8


def referral_list(user, *, status: str = ""):
    referrals = policy.visible_referrals(user).select_related("activity", "champion")
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-created_at")


def status_counts(user) -> dict[str, int]:
    """How many of the referrals the user may see are in each status (absent: none), for the filter."""
    return dict(policy.visible_referrals(user).values_list("status").annotate(n=Count("pk")).order_by())


def participant_of(user, referral: Referral) -> Participant | None:
    """The participant a joined referral became, if this user may see participants."""
    if referral.status != Referral.Status.JOINED:
        return None
    return policy.visible_participants(user).filter(referral=referral).first()


# -- participants ------------------------------------------------------------------------


def participant_list(user, *, activity_slug: str = ""):
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
    """The activities a user's participants belong to, for the filter."""
    return (
        ActivityPage.objects.filter(pk__in=policy.visible_participants(user).values("activity_id"))
        .order_by("title")
        .only("pk", "title", "slug")
    )


# -- attendance --------------------------------------------------------------------------


def register_activities(user):
    # Live activities, and any others that still have participants (one that has just ended).
    return (
        policy.register_activities(user)
        .filter(Q(live=True) | Q(participants__isnull=False))
        .distinct()
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("title")
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
