"""When a listing's details fall due to be checked again, as plain dates. No database here, so the
page model, the search index, the admin report and the daily job all read the cycle from one place.

A listing is "last checked" on `last_reviewed`. It falls due LISTING_REVIEW_MONTHS later; its
partner's contacts are reminded LISTING_REMINDER_MONTHS before that; from the due date the page
says the details may be out of date; LISTING_STALE_MONTHS after the due date it leaves the search
(its page stays, with the warning). Confirming or editing the listing moves `last_reviewed` on,
which starts the cycle again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings


class ReviewStage(enum.StrEnum):
    """Where a listing is in its cycle on a given day, in order."""

    CHECKED = "checked"  # recently checked: nothing to do
    DUE_SOON = "due_soon"  # within the reminder window: the partner is asked to check
    DUE = "due"  # past its due date: the page warns, staff are told
    STALE = "stale"  # long past: out of the search, staff are told again

    @property
    def label(self) -> str:
        return {
            ReviewStage.CHECKED: "Checked",
            ReviewStage.DUE_SOON: "Due to be checked soon",
            ReviewStage.DUE: "Overdue: may be out of date",
            ReviewStage.STALE: "Out of search: not checked for too long",
        }[self]


@dataclass(frozen=True)
class ReviewDates:
    """The dates of one cycle, counted from when the listing was last checked."""

    last_reviewed: date
    remind_on: date
    due_on: date
    leaves_search_on: date

    def stage_on(self, day: date) -> ReviewStage:
        if day >= self.leaves_search_on:
            return ReviewStage.STALE
        if day >= self.due_on:
            return ReviewStage.DUE
        if day >= self.remind_on:
            return ReviewStage.DUE_SOON
        return ReviewStage.CHECKED


def review_dates(last_reviewed: date) -> ReviewDates:
    due_on = last_reviewed + relativedelta(months=settings.LISTING_REVIEW_MONTHS)
    return ReviewDates(
        last_reviewed=last_reviewed,
        remind_on=due_on - relativedelta(months=settings.LISTING_REMINDER_MONTHS),
        due_on=due_on,
        leaves_search_on=due_on + relativedelta(months=settings.LISTING_STALE_MONTHS),
    )


def stage_on(last_reviewed: date, day: date) -> ReviewStage:
    return review_dates(last_reviewed).stage_on(day)


def _first_not_reached(day: date, milestone: str, months: int) -> date:
    """The earliest "last checked" date whose listing has not reached `milestone` (a ReviewDates date)
    on `day`; a listing checked before it has. Found by stepping on from a date that has, rather than
    by counting the months back from `day`: at the ends of months counting back and counting on
    differ by up to three days, and the database filters must agree with stage_on to the day."""
    candidate = day - relativedelta(months=months) - timedelta(days=4)
    while getattr(review_dates(candidate), milestone) <= day:
        candidate += timedelta(days=1)
    return candidate


def reviewed_before_is_stale(day: date) -> date:
    """A listing last checked before this date is out of the search on `day` (the search index and
    the admin filter both ask this, as a database filter `last_reviewed__lt=`)."""
    months = settings.LISTING_REVIEW_MONTHS + settings.LISTING_STALE_MONTHS
    return _first_not_reached(day, "leaves_search_on", months)


def reviewed_before_is_due(day: date) -> date:
    """A listing last checked before this date is due (or stale) on `day`."""
    return _first_not_reached(day, "due_on", settings.LISTING_REVIEW_MONTHS)


def reviewed_before_is_due_soon(day: date) -> date:
    """A listing last checked before this date is at least due soon on `day`."""
    return _first_not_reached(
        day, "remind_on", settings.LISTING_REVIEW_MONTHS - settings.LISTING_REMINDER_MONTHS
    )
