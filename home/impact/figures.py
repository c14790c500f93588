"""Exact figures for the outcomes: never published as they are. home.impact.published discloses
them on /impact/; home.impact.report shows them to trusted staff.

Everything is counted in Python from six queries whatever the number of groups (localities,
categories, the categories of each activity, referrals counted by activity and status, each
joined person's first session, and each person's pair of scores). A person is counted in the
locality of the activity they joined; an activity can be in several categories, so one person can
count in several category rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from activities.models import ActivityPage, Category
from activities.referrals.models import Participant, Referral, WellbeingCheckIn
from partners.models import Locality

ALL = None  # the key for "every locality" or "every category"


@dataclass
class GroupFigures:
    """Exact figures for one group of people (one locality, one type of activity, both, or all)."""

    pairs: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    paired_ids: list[int] = field(default_factory=list)  # whose each pair is, in the same order
    # Answered the first questionnaire and were due the follow-up by now (or answered it early): the
    # people a response rate can fairly count. Someone who joined last week has not been asked yet.
    asked_ids: list[int] = field(default_factory=list)
    referrals: int = 0
    joined: int = 0
    days_to_first_session: list[int] = field(default_factory=list)

    @property
    def people(self) -> int:
        """People with both scores (an answered first and an answered follow-up questionnaire)."""
        return len(self.pairs)


@dataclass(frozen=True)
class Group:
    pk: int
    name: str
    slug: str


@dataclass(frozen=True)
class Outcomes:
    localities: list[Group]
    categories: list[Group]  # only those with at least one referral
    figures: dict[tuple[int | None, int | None], GroupFigures]
    # The first and last day an answered questionnaire counted here was filled in (None if none was).
    period: tuple[datetime.date, datetime.date] | None = None

    def of(self, locality: int | None = ALL, category: int | None = ALL) -> GroupFigures:
        return self.figures.get((locality, category), GroupFigures())


def collect(locality_ids: Iterable[int] | None = None) -> Outcomes:
    """Exact figures per locality, per category, per locality and category, and in total.

    Pass locality_ids to count only those localities (a coordinator's); the totals are then theirs.
    """
    localities_qs = Locality.objects.order_by("name")
    referrals = Referral.objects.order_by()
    participants = Participant.objects.order_by()
    if locality_ids is not None:
        locality_ids = set(locality_ids)
        localities_qs = localities_qs.filter(pk__in=locality_ids)
        referrals = referrals.filter(activity__locality_id__in=locality_ids)
        participants = participants.filter(activity__locality_id__in=locality_ids)
    localities = [Group(*row) for row in localities_qs.values_list("pk", "name", "slug")]

    categories_of: dict[int, list[int]] = defaultdict(list)
    for activity_id, category_id in ActivityPage.categories.through.objects.filter(
        Q(activitypage_id__in=Referral.objects.values("activity_id"))
        | Q(activitypage_id__in=Participant.objects.values("activity_id"))
    ).values_list("activitypage_id", "category_id"):
        categories_of[activity_id].append(category_id)

    figures: dict[tuple[int | None, int | None], GroupFigures] = defaultdict(GroupFigures)

    def groups_of(activity_id: int, locality_id: int) -> list[GroupFigures]:
        keys = [(locality_id, ALL), (ALL, ALL)]
        for category_id in categories_of.get(activity_id, ()):
            keys += [(locality_id, category_id), (ALL, category_id)]
        return [figures[key] for key in keys]

    for activity_id, locality_id, status, count in referrals.values_list(
        "activity_id", "activity__locality_id", "status"
    ).annotate(count=Count("pk")):
        for group in groups_of(activity_id, locality_id):
            group.referrals += count
            group.joined += count if status == Referral.Status.JOINED else 0

    # Counted by the referral's activity, like the referrals themselves. The day a referral was made
    # is taken in local time (a referral at 00:30 BST was made that day, not the day before).
    here = timezone.get_current_timezone()
    for activity_id, locality_id, referred_at, first_session in (
        participants.filter(referral__status=Referral.Status.JOINED)
        .annotate(first_session=Min("attendances__session_date"))
        .filter(first_session__isnull=False)
        .values_list(
            "referral__activity_id",
            "referral__activity__locality_id",
            "referral__created_at",
            "first_session",
        )
    ):
        days = (first_session - referred_at.astimezone(here).date()).days
        for group in groups_of(activity_id, locality_id):
            group.days_to_first_session.append(days)

    today = timezone.localdate()
    answered_on: list[datetime.date] = []
    for pk, activity_id, locality_id, baseline, follow_up, follow_up_due, first, last in scores(
        participants
    ).values_list(
        "pk",
        "activity_id",
        "activity__locality_id",
        "baseline",
        "follow_up",
        "follow_up_due",
        "first",
        "last",
    ):
        answered_on += [moment.astimezone(here).date() for moment in (first, last) if moment is not None]
        asked = follow_up is not None or (follow_up_due is not None and follow_up_due <= today)
        for group in groups_of(activity_id, locality_id):
            if asked:
                group.asked_ids.append(pk)
            if follow_up is not None:
                group.pairs.append((baseline, follow_up))
                group.paired_ids.append(pk)

    used = {category_id for _, category_id in figures if category_id is not ALL}
    categories = [
        Group(*row)
        for row in Category.objects.filter(pk__in=used).order_by("name").values_list("pk", "name", "slug")
    ]
    return Outcomes(
        localities=localities,
        categories=categories,
        figures=dict(figures),
        period=(min(answered_on), max(answered_on)) if answered_on else None,
    )


def scores(participants):
    """Participants who answered the first questionnaire, one row each: their first (baseline) and
    follow-up metric scores (follow_up None if not answered), when the follow-up is due, and when
    they first and last answered one."""
    answered = Q(check_ins__status=WellbeingCheckIn.Status.ANSWERED)
    return (
        _with_scores(participants)
        .annotate(
            follow_up_due=Min("check_ins__due_on", filter=Q(check_ins__kind=WellbeingCheckIn.Kind.FOLLOW_UP)),
            first=Min("check_ins__completed_at", filter=answered),
            last=Max("check_ins__completed_at", filter=answered),
        )
        .filter(baseline__isnull=False)
    )


def paired_scores(participants):
    """Participants with both scores, annotated with their first (baseline) and follow-up metric scores:
    one row each, the pairing done by the database."""
    return _with_scores(participants).filter(baseline__isnull=False, follow_up__isnull=False)


def _with_scores(participants):
    answered = Q(check_ins__status=WellbeingCheckIn.Status.ANSWERED)
    return participants.annotate(
        baseline=Min(
            "check_ins__metric_score", filter=answered & Q(check_ins__kind=WellbeingCheckIn.Kind.BASELINE)
        ),
        follow_up=Min(
            "check_ins__metric_score",
            filter=answered & Q(check_ins__kind=WellbeingCheckIn.Kind.FOLLOW_UP),
        ),
    ).order_by()


# ---------------------------------------------------------------------------
