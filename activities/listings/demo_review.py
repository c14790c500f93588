"""Demo data for the review cycle: listings in every stage, and the daily job run once over them, so the
demo shows "last checked" notices, listings out of the search and the emails the job sends."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings

from activities.listings.services.review import run_review_cycle
from activities.models import ActivityPage
from activities.review_cycle import ReviewStage

# Days into (or before) a stage, so that each listing is plainly in it on the demo's day.
MARGIN = datetime.timedelta(days=10)


def last_reviewed_for(stage: ReviewStage, day: datetime.date) -> datetime.date:
    """A "last checked" date that puts a listing in `stage` on `day`."""
    due_if_checked_on = relativedelta(months=settings.LISTING_REVIEW_MONTHS)
    return {
        ReviewStage.CHECKED: day - relativedelta(months=1),
        ReviewStage.DUE_SOON: day - due_if_checked_on + MARGIN,
        ReviewStage.DUE: day - due_if_checked_on - MARGIN,
        ReviewStage.STALE: day
        - due_if_checked_on
        - relativedelta(months=settings.LISTING_STALE_MONTHS)
        - MARGIN,
    }[stage]


def spread_review_states(activities, *, day: datetime.date) -> dict:
    """Set "last checked" on `activities` in turn (checked, due soon, due, stale, then again), then run
    the review cycle for `day` once. Returns how many are in each stage and what the job did."""
    stages = list(ReviewStage)
    counts = dict.fromkeys(stages, 0)
    for position, activity in enumerate(activities):
        stage = stages[position % len(stages)]
        # Only the live row: the review cycle and the public page read it (as confirming does).
        ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=last_reviewed_for(stage, day))
        counts[stage] += 1
    return {"stages": {stage.value: count for stage, count in counts.items()}, "cycle": run_review_cycle(day)}
