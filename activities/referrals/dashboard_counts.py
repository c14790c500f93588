"""The numbers the account page shows about referrals, registers and questionnaires, for each role.

Counts only, never a person: the account page needs no second factor, and a number says nothing
about anyone. Each count starts from the role it is for (a partner's own activities, a champion's
own referrals, a coordinator's localities), so nobody counts another partner's work, and each is
one query (two for the registers) however many records there are.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from activities.models import ActivityPage
from activities.referrals import policy, session_dates
from activities.referrals.models import Attendance, Referral, WellbeingCheckIn
from activities.referrals.selectors import waiting_too_long
from partners.permissions import partner_ids_for

REGISTER_DAYS_BACK = 14


def partner_referral_counts(user, *, today: datetime.date) -> dict[str, int]:
    """Referrals to the user's own partners' activities: `new` (sent, waiting for them to reply) and
    `waiting_too_long` (of those, the ones waiting too long)."""
    return Referral.objects.filter(
        activity__partner_id__in=partner_ids_for(user), anonymised_at__isnull=True
    ).aggregate(
        new=Count("pk", filter=Q(status=Referral.Status.SENT)),
        waiting_too_long=Count("pk", filter=waiting_too_long(today=today)),
    )


def registers_to_fill(user, *, today: datetime.date, now: datetime.datetime | None = None) -> int:
    """Sessions of the user's partners' activities in the last REGISTER_DAYS_BACK days (today's once
    it has ended) with nobody recorded as there, counted only once someone had joined the activity.
    Two queries (the activities with their sessions, then the dates attendance was recorded)."""
    now = timezone.localtime(now)
    first = today - datetime.timedelta(days=REGISTER_DAYS_BACK)
    activities = list(
        ActivityPage.objects.filter(partner_id__in=partner_ids_for(user))
        .annotate(first_joined=Min("participants__joined_on"))
        .filter(first_joined__lte=today)
        .prefetch_related("sessions")
        .only("pk")
    )
    recorded = set(
        Attendance.objects.filter(participant__activity__in=activities, session_date__range=(first, today))
        .values_list("participant__activity_id", "session_date")
        .distinct()
    )
    return sum(
        1
        for activity in activities
        for session in activity.sessions.all()
        for day in session_dates.meeting_dates([session], first=max(first, activity.first_joined), last=today)
        if (day < today or session.end_time <= now.time()) and (activity.pk, day) not in recorded
    )


def questionnaires_due(user, *, today: datetime.date) -> int:
    """Follow-up questionnaires of the user's partners' participants that are due (or overdue) and
    have not been handed out yet, by email or QR code."""
    return WellbeingCheckIn.objects.filter(
        participant__activity__partner_id__in=partner_ids_for(user),
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on__lte=today,
        link_sent_at__isnull=True,
    ).count()


def champion_status_counts(user) -> dict[str, int]:
    """How many of the referrals this champion made are in each status (absent: none)."""
    return dict(
        Referral.objects.filter(champion=user).values_list("status").annotate(n=Count("pk")).order_by()
    )


def coordinator_waiting_too_long(user, *, today: datetime.date) -> int:
    """Referrals in the localities the user coordinates that are waiting too long."""
    return (
        Referral.objects.filter(activity__locality_id__in=policy.coordinated_locality_ids(user))
        .filter(waiting_too_long(today=today), anonymised_at__isnull=True)
        .count()
    )
