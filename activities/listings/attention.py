"""Reads for Reports → Listings needing attention (activities.listings.admin_views): which activities
staff should look at on a given day, and why.

Each reason is one database condition (`reason_condition`), annotated on every row as a boolean, so
the rows the report lists, the "what needs attention" filter and what each row says all come from
the same definition. One query for a page of rows, however many rows: problem reports and workflow
states are counted and dated in subqueries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page, WorkflowState

from activities.listings.models import ProblemReport
from activities.models import ActivityPage
from activities.review_cycle import (
    ReviewStage,
    reviewed_before_is_due,
    reviewed_before_is_due_soon,
    reviewed_before_is_stale,
)

Status = ActivityPage.ListingStatus
OPEN_REPORT = (ProblemReport.Status.NEW, ProblemReport.Status.PASSED_TO_PARTNER)


class Attention(models.TextChoices):
    """Why a listing needs attention, in the order the report says them."""

    DUE_SOON = "due_soon", ReviewStage.DUE_SOON.label
    DUE = "due", ReviewStage.DUE.label
    STALE = "stale", ReviewStage.STALE.label
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"
    REPORTED = "reported", "Problem reported"
    AWAITING_APPROVAL = "awaiting_approval", "Changes awaiting approval"
    CHANGES_ASKED = "changes_asked", "Changes asked for"


def _flag(reason: Attention) -> str:
    return f"needs_{reason.value}"


def reason_condition(reason: Attention, day: date) -> Q:
    """The condition on an annotated activity row (see _annotated) under which `reason` holds on `day`.
    The review cycle's stages count only for a published activity that has not ended."""
    in_cycle = Q(live=True) & ~Q(listing_status=Status.ENDED)
    due_soon, due, stale = (
        reviewed_before_is_due_soon(day),
        reviewed_before_is_due(day),
        reviewed_before_is_stale(day),
    )
    return {
        Attention.DUE_SOON: in_cycle & Q(last_reviewed__lt=due_soon, last_reviewed__gte=due),
        Attention.DUE: in_cycle & Q(last_reviewed__lt=due, last_reviewed__gte=stale),
        Attention.STALE: in_cycle & Q(last_reviewed__lt=stale),
        # As ActivityPage.is_paused_on: a pause whose last day has passed is over.
        Attention.PAUSED: Q(listing_status=Status.PAUSED)
        & (Q(paused_until__isnull=True) | Q(paused_until__gte=day)),
        Attention.ENDED: Q(listing_status=Status.ENDED),
        Attention.REPORTED: Q(open_reports__gt=0),
        Attention.AWAITING_APPROVAL: Q(waiting_since__isnull=False),
        Attention.CHANGES_ASKED: Q(changes_asked=True),
    }[reason]


def _workflow_states(status: str):
    """The page's workflow states with `status` (a page's are keyed by the Page content type)."""
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
        status=status,
    )


def _annotated(day: date):
    open_reports = (
        ProblemReport.objects.filter(page=OuterRef("pk"), status__in=OPEN_REPORT)
        .order_by()
        .values("page")
        .annotate(count=Count("pk"))
        .values("count")
    )
    activities = ActivityPage.objects.select_related("partner", "locality").annotate(
        open_reports=Coalesce(Subquery(open_reports), 0),
        waiting_since=Subquery(
            _workflow_states(WorkflowState.STATUS_IN_PROGRESS)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
        changes_asked=Exists(_workflow_states(WorkflowState.STATUS_NEEDS_CHANGES)),
    )
    flags = {
        _flag(reason): ExpressionWrapper(reason_condition(reason, day), output_field=models.BooleanField())
        for reason in Attention
    }
    return activities.annotate(**flags)


def needing(queryset, reasons: Iterable[str]):
    """The rows of `queryset` (from listings_needing_attention) that need attention for any of `reasons`."""
    return queryset.filter(reduce(or_, (Q(**{_flag(Attention(reason)): True}) for reason in reasons)))


def listings_needing_attention(day: date):
    """Every activity that needs attention on `day` for at least one reason, the longest unchecked
    first, annotated with each reason (`needs_<reason>`), its open problem reports
    (`open_reports`), when its change was sent for approval (`waiting_since`) and whether changes
    were asked for (`changes_asked`)."""
    return needing(_annotated(day), Attention).order_by("last_reviewed", "title")


@dataclass(frozen=True)
class AttentionRow:
    """One row of the report: an activity and what needs attention."""

    pk: int
    title: str
    partner: str
    locality: str
    needs: tuple[Attention, ...]
    last_reviewed: date
    due_on: date
    open_reports: int
    waiting_since: datetime | None

    @property
    def attention(self) -> str:
        return "; ".join(reason.label for reason in self.needs)


def attention_row(activity: ActivityPage) -> AttentionRow:
    """The report's row for an activity from listings_needing_attention()."""
    return AttentionRow(
        pk=activity.pk,
        title=activity.title,
        partner=activity.partner.title,
        locality=activity.locality.name,
        needs=tuple(reason for reason in Attention if getattr(activity, _flag(reason))),
        last_reviewed=activity.last_reviewed,
        due_on=activity.review.due_on,
        open_reports=activity.open_reports,
        waiting_since=activity.waiting_since,
    )
