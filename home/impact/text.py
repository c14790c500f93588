"""Figures as words, the same in the /impact/ tables, its chart and the partner record."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.utils import timezone

from home.impact.disclosure import MIN_GROUP, SUPPRESS_BELOW, Disclosed, PairedChange

MINUS = "\N{MINUS SIGN}"
ALL_LOCALITIES = "All localities"
ALL_CATEGORIES = "All types of activity"


def score_text(value: float) -> str:
    return f"{_one_place(value)}"


def change_text(value: float) -> str:
    rounded = _one_place(value)
    if rounded > 0:
        return f"+{rounded}"
    if rounded < 0:
        return f"{MINUS}{-rounded}"
    return "0.0"


def interval_text(change: PairedChange) -> str:
    return f"{change_text(change.ci_low)} to {change_text(change.ci_high)}"


def _one_place(value: float) -> Decimal:
    # Half up, as people round by hand, rather than Python's round-half-even.
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(numerator: int, denominator: int) -> str:
    """A share as a whole percentage, rounded half up (as people round by hand)."""
    return f"{(Decimal(numerator) * 100 / denominator).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def of_text(numerator: Disclosed, denominator: Disclosed) -> str:
    """A percentage's n: its numerator and denominator, each as published ("15 of 30")."""
    return f"{numerator} of {denominator}"


def period_text(period: tuple[datetime.date, datetime.date] | None) -> str:
    """The months the questionnaires were answered in ("March 2026 to November 2026")."""
    if period is None:
        return "No questionnaires answered yet"
    first, last = (f"{day:%B %Y}" for day in period)
    return first if first == last else f"{first} to {last}"


def as_of_text(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


TOO_FEW_FOR_SHARE = "Not shown: too few people to show safely"
HIDDEN_TO_PROTECT_MEANS = (
    "Not shown, so that the averages of a smaller group cannot be worked out from the others"
)


def answers_needed(shown: Disclosed, count: int) -> tuple[int, int] | None:
    """The fewest and most more people who must answer twice before a mean is shown, worked out only
    from what is published, so it gives away nothing the count hides (PairedChange.needed uses the
    exact count, which would undo the rounding). None when the count itself is hidden to protect
    other counts: then even a range would say too much."""
    if count == 0:
        return MIN_GROUP, MIN_GROUP
    if shown.suppressed and shown.high is None:
        return None
    return max(1, MIN_GROUP - min(shown.high, MIN_GROUP - 1)), MIN_GROUP - shown.low


def range_text(fewest: int, most: int) -> str:
    return str(most) if fewest == most else f"{fewest} to {most}"


def answers_needed_text(shown: Disclosed, count: int) -> str:
    needed = answers_needed(shown, count)
    if needed is None:
        return "Not shown, so that numbers hidden elsewhere in the table cannot be worked out"
    if count == 0:
        return f"No one has answered twice yet. We need answers from {MIN_GROUP} people"
    people = "person" if needed == (1, 1) else "people"
    return f"We need answers from {range_text(*needed)} more {people}"


def median_days_text(days: list[int], shown: Disclosed) -> str:
    """The median wait, shown only when its n (people who have been to a session) is shown."""
    if shown.value == 0:
        return "No one has been to a session yet"
    if shown.suppressed:
        if shown.high is not None:
            return f"Not shown: fewer than {SUPPRESS_BELOW} people have been to a session"
        return "Not shown, so that numbers hidden elsewhere in the table cannot be worked out"
    middle = median(days)
    return f"{middle:g} days" if middle != 1 else "1 day"


# ---------------------------------------------------------------------------
