"""Reads for "Your listings": the partners a person chooses from, one partner's profile and each of
its activities with where it stands, and the count the account page shows.

A partner's page costs the same number of queries however many activities it has: the activities
(with their sessions prefetched), then the Wagtail workflow states and the open problem reports of
all of them at once, each keyed by page id. What a row says is read from the live row (the
published version, with the pause or end kept outside revisions); a change waiting for review shows
only as "waiting for review", never as if it were live.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import dateformat, timezone
from wagtail.models import Page, WorkflowState

from activities.listings import policy
from activities.listings.models import ProblemReport
from activities.models import ActivityPage
from activities.review_cycle import ReviewDates, ReviewStage, reviewed_before_is_due_soon
from partners.models import PartnerPage

OPEN_REPORTS = (ProblemReport.Status.NEW, ProblemReport.Status.PASSED_TO_PARTNER)
ASKS_FOR_A_CHECK = (ReviewStage.DUE_SOON, ReviewStage.DUE, ReviewStage.STALE)


def day_words(day: datetime.date, today: datetime.date) -> str:
    """ "4 January", with the year only when it is not this year's ("4 January 2027")."""
    return dateformat.format(day, "j F" if day.year == today.year else "j F Y")


@dataclass(frozen=True)
class PendingChange:
    """A change the partner sent that staff have not published yet (a Wagtail workflow in
    progress), or one staff sent back with a comment (Wagtail's "reject": our "Ask for changes")."""

    needs_changes: bool
    sent_at: datetime.datetime
    comment: str = ""

    def label(self, today: datetime.date) -> str:
        if self.needs_changes:
            return f"Changes asked for: {self.comment}" if self.comment else "Changes asked for"
        sent = day_words(timezone.localtime(self.sent_at).date(), today)
        return f"Your changes are waiting for review (sent {sent})"


@dataclass(frozen=True)
class ProfileState:
    partner: PartnerPage
    change: PendingChange | None
    problems: list[str]
    today: datetime.date

    @property
    def label(self) -> str:
        if self.change is not None:
            return self.change.label(self.today)
        return "Live" if self.partner.live else "Not published yet"


@dataclass(frozen=True)
class ListingRow:
    """One activity on a partner's "Your listings", and what it says about where it stands."""

    activity: ActivityPage
    sessions: list[str]
    place: str
    change: PendingChange | None
    problems: list[str]
    today: datetime.date

    @property
    def is_new(self) -> bool:
        """Made by the partner and never published (the page has no public address yet)."""
        return not self.activity.live and self.activity.first_published_at is None

    @property
    def status_label(self) -> str:
        activity = self.activity
        if self.is_new:
            if self.change is None:
                return "New: not sent for review yet"
            return "New: changes asked for" if self.change.needs_changes else "New: waiting for review"
        if activity.has_ended:
            return "Ended"
        if activity.is_paused_on(self.today):
            if activity.paused_until is None:
                return "Paused"
            return f"Paused until {day_words(activity.paused_until, self.today)}"
        return "Live"

    @property
    def change_label(self) -> str:
        """What is happening to a change the partner sent: "" when nothing is."""
        if self.change is None or (self.is_new and not self.change.needs_changes):
            return ""  # a new one's status already says it is waiting
        return self.change.label(self.today)

    @property
    def review(self) -> ReviewDates:
        return self.activity.review

    @property
    def review_stage(self) -> ReviewStage | None:
        """Where it is in the review cycle; None when nobody is asked to check it (new or ended)."""
        if not self.activity.live or self.activity.has_ended:
            return None
        return self.review.stage_on(self.today)

    @property
    def asks_for_a_check(self) -> bool:
        return self.review_stage in ASKS_FOR_A_CHECK

    @property
    def is_stale(self) -> bool:
        return self.review_stage == ReviewStage.STALE


def partner_listing_rows(partner: PartnerPage, *, day: datetime.date) -> list[ListingRow]:
    """The partner's activities, live ones and its new ones not yet published, each with its sessions
    in words, its place, any change waiting for review and the open problem reports about it.

    Five queries however many there are: the activities, their sessions, their workflow states,
    their problem reports (and the one for the content type, cached after the first use)."""
    activities = list(
        ActivityPage.objects.filter(partner=partner)
        .filter(Q(live=True) | Q(first_published_at__isnull=True))
        .prefetch_related("sessions")
        .order_by("title", "pk")
    )
    ids = [activity.pk for activity in activities]
    changes = pending_changes(ids)
    problems = open_problems(ids)
    rows = [
        ListingRow(
            activity=activity,
            sessions=[session.describe() for session in activity.sessions.all()],
            place=place_words(activity),
            change=changes.get(activity.pk),
            problems=problems.get(activity.pk, []),
            today=day,
        )
        for activity in activities
    ]
    # New ones first (they are what the partner is working on), ended ones last.
    return sorted(rows, key=lambda row: (not row.is_new, row.activity.has_ended))


def partner_profile_state(partner: PartnerPage, *, day: datetime.date) -> ProfileState:
    """The partner profile's state on "Your listings": live, changes waiting or changes asked for."""
    return ProfileState(
        partner=partner,
        change=pending_changes([partner.pk]).get(partner.pk),
        problems=open_problems([partner.pk]).get(partner.pk, []),
        today=day,
    )


def place_words(activity: ActivityPage) -> str:
    """ "Lawrence Batley Theatre, HD1 2SP", "Online", or both for an activity that runs both ways."""
    in_person = ", ".join(part for part in (activity.venue_name, activity.postcode) if part)
    if activity.delivery == ActivityPage.Delivery.ONLINE:
        return "Online"
    if activity.delivery == ActivityPage.Delivery.BOTH:
        return f"{in_person} and online" if in_person else "Online"
    return in_person


def pending_changes(page_ids: list[int]) -> dict[int, PendingChange]:
    """Each page's change waiting for review or sent back, by page id, in one query.

    Wagtail keeps at most one active workflow state (in progress or needing changes) per page. When a
    task is rejected the state's current task state stays the rejected one, so its comment is the
    reviewer's latest "Ask for changes"; when the partner sends the change again, a new task state
    starts, and its start is when they sent it."""
    if not page_ids:
        return {}
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=_page_type(), object_id__in=[str(pk) for pk in page_ids])
        .select_related("current_task_state")
    )
    changes = {}
    for state in states:
        task_state = state.current_task_state
        needs_changes = state.status == WorkflowState.STATUS_NEEDS_CHANGES
        changes[int(state.object_id)] = PendingChange(
            needs_changes=needs_changes,
            sent_at=task_state.started_at if task_state is not None else state.created_at,
            comment=task_state.comment if needs_changes and task_state is not None else "",
        )
    return changes


def open_problems(page_ids: list[int]) -> dict[int, list[str]]:
    """The reasons of each page's open problem reports, by page id, in one query. Only the reason:
    never the visitor's note or email address, which are for staff."""
    reasons = defaultdict(list)
    rows = (
        ProblemReport.objects.filter(page_id__in=page_ids, status__in=OPEN_REPORTS)
        .order_by("created_at", "pk")
        .values_list("page_id", "reason")
    )
    for page_id, reason in rows:
        reasons[page_id].append(ProblemReport.Reason(reason).label)
    return dict(reasons)


def partners_to_choose(user, *, search: str = "") -> QuerySet[PartnerPage]:
    """The partners whose listings the person manages, by name, matching `search` if given."""
    partners = policy.managed_partners(user).order_by("title", "pk")
    if search:
        partners = partners.filter(title__icontains=search)
    return partners


def attention_count(user, *, day: datetime.date) -> int:
    """How many activities of the partners the person manages need a check or are waiting for
    review: the number the account page shows beside "Your listings". One query."""
    active_change = WorkflowState.objects.active().filter(
        base_content_type=_page_type(), object_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    needs_check = Q(live=True, last_reviewed__lte=reviewed_before_is_due_soon(day)) & ~Q(
        listing_status=ActivityPage.ListingStatus.ENDED
    )
    return (
        ActivityPage.objects.filter(partner__in=policy.managed_partners(user))
        .filter(needs_check | Exists(active_change))
        .count()
    )


def _page_type() -> ContentType:
    # Wagtail records a page's workflow states under the base Page content type.
    return ContentType.objects.get_for_model(Page)
