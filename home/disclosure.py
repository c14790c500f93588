"""Statistical disclosure control and group statistics for the published outcomes at /impact/.

Counts follow NHS England's practice for small numbers: 0 is shown, 1 to 7 are suppressed, and
8 or more are rounded to the nearest 5. Because a published row may also show its total, a single
suppressed cell could otherwise be worked out by subtraction; suppress_table() hides further
figures until no suppressed figure can be pinned to one value from what is shown.

Wellbeing change is reported only for groups of at least 30 people, as the SWEMWBS authors at
Warwick advise for group analysis.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

SUPPRESS_BELOW = 8
ROUND_TO = 5
FEWER_THAN_TEXT = f"fewer than {SUPPRESS_BELOW}"
WITHHELD_TEXT = "not shown"

MIN_GROUP = 30
MEANINGFUL_CHANGE = 3
CONFIDENCE = 0.95


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Disclosed:
    """A count as published, with what a reader can tell about the true count from it alone.

    low/high are the smallest and largest true counts consistent with the text; high is None
    when the text gives no upper limit.
    """

    text: str
    value: int | None
    low: int
    high: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return self.text


def round_to_nearest_five(n: int) -> int:
    """Round half up to the nearest 5.

    A whole number is never exactly halfway between two multiples of 5 (halfway is x2.5 or
    x7.5), so "half up" never actually decides anything; it is stated so the rule is complete.
    8 is 2 from 10 and 3 from 5, so 8 → 10; 12 → 10; 13 → 15.
    """
    return (n + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def disclose_count(n: int) -> Disclosed:
    _check_count(n)
    if n == 0:
        return Disclosed(text="0", value=0, low=0, high=0)
    if n < SUPPRESS_BELOW:
        return _fewer_than()
    shown = round_to_nearest_five(n)
    # Every count from shown-2 to shown+2 rounds to shown, but none of them can be below 8.
    return Disclosed(
        text=f"{shown:,}",
        value=shown,
        low=max(SUPPRESS_BELOW, shown - ROUND_TO // 2),
        high=shown + ROUND_TO // 2,
    )


def _fewer_than() -> Disclosed:
    return Disclosed(text=FEWER_THAN_TEXT, value=None, low=1, high=SUPPRESS_BELOW - 1)


def _withheld(low: int) -> Disclosed:
    return Disclosed(text=WITHHELD_TEXT, value=None, low=low, high=None)


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"A count must be a whole number of 0 or more, not {n!r}")


# ---------------------------------------------------------------------------
# Secondary suppression
# ---------------------------------------------------------------------------


class DisclosedRow(NamedTuple):
    cells: dict[str, Disclosed]
    total: Disclosed | None


def suppress_table(cells: dict[str, int], total: int | None) -> DisclosedRow:
    """Disclose one row of counts and, when shown, its total (which must be the sum of the cells).

    Rule, applied in this order:

    1. Primary: every count of 1 to 7 shows "fewer than 8".
    2. NHS England's secondary rule: if exactly one cell is suppressed and the total is shown,
       also hide the smallest other non-zero cell ("not shown"), or the total if there is none.
    3. Check, and repeat while needed: work out, as a reader could, the range of true values each
       hidden figure can take given every shown figure's rounding band, every label's meaning and
       cells + ... = total. If any hidden figure is pinned to a single value, hide the next-smallest
       shown non-zero cell, then the total. A "not shown" cell is taken to be at least 8, since a
       reader who knows this rule knows only shown cells (8 or more) are ever hidden this way.

    Step 3 ends because once the total is hidden nothing bounds the cells from above beyond their
    own labels. The one row that is still unsafe then is a total of "fewer than 8" made of seven
    cells of 1 (7 people, 7 cells of at least 1 each): its total is shown as "not shown" with no
    bounds instead.

    Zeros are never hidden: a cell of 0 does not identify anyone, and hiding it would not stop a
    hidden cell being derived.
    """
    _check_row(cells, total)
    disclosed = {name: disclose_count(count) for name, count in cells.items()}
    if total is None:
        return DisclosedRow(disclosed, None)
    disclosed_total = disclose_count(total)
    primary = [name for name, shown in disclosed.items() if shown.suppressed]
    if len(primary) == 1 and not disclosed_total.suppressed:
        disclosed_total = _hide_next(cells, disclosed, disclosed_total)
    while _someone_can_be_pinned(disclosed, disclosed_total):
        disclosed_total = _hide_next(cells, disclosed, disclosed_total)
    return DisclosedRow(disclosed, disclosed_total)


def _check_row(cells: dict[str, int], total: int | None) -> None:
    for count in cells.values():
        _check_count(count)
    if total is not None and total != sum(cells.values()):
        raise ValueError(f"The total {total} is not the sum of the cells ({sum(cells.values())})")


def _hide_next(cells: dict[str, int], disclosed: dict[str, Disclosed], total: Disclosed) -> Disclosed:
    """Hide the smallest shown non-zero cell in place, else the total; return the total as it now stands."""
    candidates = [name for name, shown in disclosed.items() if not shown.suppressed and shown.value]
    if candidates:
        # Hiding the smallest cell loses the least information; ties go to the earlier cell.
        smallest = min(candidates, key=lambda name: cells[name])
        disclosed[smallest] = _withheld(low=SUPPRESS_BELOW)
        return total
    if total.value is not None:
        return _withheld(low=SUPPRESS_BELOW)
    # Already hidden: drop the total's upper limit so it no longer bounds the cells.
    return _withheld(low=0)


def _someone_can_be_pinned(disclosed: dict[str, Disclosed], total: Disclosed) -> bool:
    ranges = reader_ranges(list(disclosed.values()), total)
    hidden = [shown.suppressed for shown in [*disclosed.values(), total]]
    return any(is_hidden and low == high for is_hidden, (low, high) in zip(hidden, ranges, strict=True))


def reader_ranges(cells: list[Disclosed], total: Disclosed) -> list[tuple[float, float]]:
    """The narrowest range a reader can put on each cell (then the total) from the published row.

    With one equation (cells add up to the total) and a range for each figure, the exact range of
    one figure is its own range cut down by "total minus the most/least the others can be". Every
    whole number inside it is reachable, since each other figure can move by 1 at a time.
    """
    lows = [cell.low for cell in cells]
    highs = [_upper(cell) for cell in cells]
    total_low, total_high = total.low, _upper(total)
    ranges = []
    for index, cell in enumerate(cells):
        others_low = sum(lows) - lows[index]
        others_high = sum(highs) - highs[index]
        ranges.append((max(cell.low, total_low - others_high), min(_upper(cell), total_high - others_low)))
    ranges.append((max(total_low, sum(lows)), min(total_high, sum(highs))))
    return ranges


def _upper(shown: Disclosed) -> float:
    return math.inf if shown.high is None else shown.high


# ---------------------------------------------------------------------------
# Paired change in wellbeing
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PairedChange:
    """Change from first to follow-up metric score for people who gave both.

    Every statistic is None below MIN_GROUP pairs; needed says how many more pairs would be enough.
    """

    n: int
    mean_baseline: float | None = None
    mean_followup: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    share_improved: float | None = None

    @property
    def needed(self) -> int:
        return max(0, MIN_GROUP - self.n)

    @property
    def needed_text(self) -> str:
        people = "person's" if self.needed == 1 else "people's"
        return f"{self.needed} more {people} answers are needed"


def paired_change(pairs: list[tuple[Decimal | float, Decimal | float]]) -> PairedChange:
    n = len(pairs)
    if n < MIN_GROUP:
        return PairedChange(n=n)
    baselines = [float(baseline) for baseline, _ in pairs]
    followups = [float(followup) for _, followup in pairs]
    changes = [followup - baseline for baseline, followup in zip(baselines, followups, strict=True)]
    mean_change = math.fsum(changes) / n
    margin = t_critical(n - 1) * _standard_error(changes, mean_change)
    return PairedChange(
        n=n,
        mean_baseline=math.fsum(baselines) / n,
        mean_followup=math.fsum(followups) / n,
        mean_change=mean_change,
        ci_low=mean_change - margin,
        ci_high=mean_change + margin,
        share_improved=sum(_improved(pair) for pair in pairs) / n,
    )


def _standard_error(values: list[float], mean: float) -> float:
    variance = math.fsum((value - mean) ** 2 for value in values) / (len(values) - 1)
    return math.sqrt(variance) / math.sqrt(len(values))


def _improved(pair: tuple[Decimal | float, Decimal | float]) -> bool:
    # Decimal arithmetic, so 23.21 - 20.21 is exactly 3 and counts; floats can land just below.
    baseline, followup = (Decimal(str(score)) for score in pair)
    return followup - baseline >= MEANINGFUL_CHANGE


@cache
def t_critical(df: int) -> float:
    """The two-sided 95% critical value of Student's t with df degrees of freedom (the 0.975 quantile).

    Found by bisection on the exact closed form of the t distribution for whole-number df,
    Abramowitz & Stegun, Handbook of Mathematical Functions, 26.7.3 (odd df) and 26.7.4 (even df),
    which give A(t|df) = P(|T| <= t) as a finite series. Bisection to 1e-13 is far finer than any
    published figure needs.
    """
    if df < 1:
        raise ValueError("t needs at least 1 degree of freedom")
    low, high = 0.0, 1.0
    while _two_sided_probability(high, df) < CONFIDENCE:
        high *= 2
    while high - low > 1e-13:
        middle = (low + high) / 2
        if _two_sided_probability(middle, df) < CONFIDENCE:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _two_sided_probability(t: float, df: int) -> float:
    """A(t|df) = P(-t <= T <= t), Abramowitz & Stegun 26.7.3 and 26.7.4."""
    theta = math.atan(t / math.sqrt(df))
    cos_squared = math.cos(theta) ** 2
    if df % 2 == 0:
        # sin θ · (1 + 1/2 cos²θ + 1·3/(2·4) cos⁴θ + … up to cos^(df-2) θ)
        return math.sin(theta) * _series(cos_squared, first_numerator=1, terms=df // 2)
    if df == 1:
        return 2 * theta / math.pi
    # 2/π · (θ + sin θ cos θ · (1 + 2/3 cos²θ + 2·4/(3·5) cos⁴θ + … up to cos^(df-3) θ))
    series = _series(cos_squared, first_numerator=2, terms=(df - 1) // 2)
    return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * series)


def _series(cos_squared: float, first_numerator: int, terms: int) -> float:
    """1 + term_1 + … + term_(terms-1), each term the one before times a/(a+1) · cos²θ, where a starts
    at first_numerator and goes up by 2: 1/2, 3/4, … (even df) or 2/3, 4/5, … (odd df)."""
    total, term = 1.0, 1.0
    for k in range(1, terms):
        numerator = first_numerator + 2 * (k - 1)
        term *= numerator / (numerator + 1) * cos_squared
        total += term
    return total
