"""Figures as words, the same in the /impact/ tables, its chart and the partner record."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from home.impact.disclosure import MIN_GROUP, SUPPRESS_BELOW, Disclosed, PairedChange, disclose_count

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


def share_text(change: PairedChange) -> str:
    """The share whose score rose by 3 points or more, unless it would give away a count of 1 to 7
    (those who rose, or those who did not)."""
    rose = round(change.share_improved * change.n)  # share_improved is rose / n, so this is exact
    if disclose_count(rose).suppressed or disclose_count(change.n - rose).suppressed:
        return "Not shown: too few people to show safely"
    percent = (Decimal(rose) * 100 / change.n).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{percent}%"


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


def median_days_text(days: list[int]) -> str:
    if len(days) < SUPPRESS_BELOW:
        return f"Not shown: fewer than {SUPPRESS_BELOW} people have been to a session"
    middle = median(days)
    return f"{middle:g} days" if middle != 1 else "1 day"


# ---------------------------------------------------------------------------
