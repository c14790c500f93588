"""Statistical disclosure control and group statistics for the published outcomes at /impact/.

Counts follow NHS England's practice for small numbers: 0 is shown, 1 to 7 are suppressed, and
8 or more are rounded to the nearest 5. Because a published row may also show its total, a single
suppressed cell could otherwise be worked out by subtraction; suppress_table() hides further
figures until no suppressed figure can be pinned to one value from what is shown. Every kind of
hiding is here, with one rule for what to hide next: protect_column() also allows for what another
table says about the total and for whether a mean is shown beside a count; protect_overlapping()
for counts that may overlap (categories), whose total another table publishes.

Wellbeing change is reported only for groups of at least 30 people, as the SWEMWBS authors at
Warwick advise for group analysis. Means get their own complementary suppression
(publishable_means()): no mix of published means, added and taken away, may give the mean of a group
of 1 to 29 people, in one table or across tables.

A rise of 3 or more metric points counts as a meaningful change for one person: Shah N, Cader M,
Andrews B, McCabe R, Stewart-Brown SL. Responsiveness of the Short Warwick Edinburgh Mental
Well-Being Scale (SWEMWBS): evaluation a clinical sample. Health and Quality of Life Outcomes 2018;
16:239 (doi:10.1186/s12955-018-1060-2) found that a change of between 1 and 3 points meets the
thresholds for a statistically important change in one person, depending on the standard used;
3 is the strictest of them (2.77 standard errors of measurement, 2.87 points).
"""

import math
from collections.abc import Collection, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import NamedTuple

SUPPRESS_BELOW = 8
ROUND_TO = 5
FEWER_THAN_TEXT = f"fewer than {SUPPRESS_BELOW}"
WITHHELD_TEXT = "not shown"

MIN_GROUP = 30
MEANINGFUL_CHANGE = 3
MEANINGFUL_CHANGE_SOURCE = (
    "Shah N and others (2018). Responsiveness of the Short Warwick Edinburgh Mental Well-Being Scale "
    "(SWEMWBS): evaluation a clinical sample. Health and Quality of Life Outcomes, volume 16, article 239"
)
MEANINGFUL_CHANGE_URL = "https://doi.org/10.1186/s12955-018-1060-2"
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
# Secondary suppression: one row, then what other tables and shown means tell a reader
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
    if len(primary) == 1 and not disclosed_total.suppressed and not _hide_smallest(cells, disclosed):
        disclosed_total = _withheld(SUPPRESS_BELOW)
    disclosed_total, _ = _hide_until_safe(cells, disclosed, total, disclosed_total)
    return DisclosedRow(disclosed, disclosed_total)


def _check_row(cells: dict[str, int], total: int | None) -> None:
    for count in cells.values():
        _check_count(count)
    if total is not None and total != sum(cells.values()):
        raise ValueError(f"The total {total} is not the sum of the cells ({sum(cells.values())})")


@dataclass(frozen=True)
class Column:
    """One column of counts as published, with the range a reader can put on its total."""

    cells: dict[Hashable, Disclosed]
    total: Disclosed
    total_range: tuple[float, float]


def protect_column(
    cells: dict[Hashable, int],
    total: int,
    *,
    min_for_stats: int | None = None,
    hide_total: bool = False,
    total_bounds: tuple[float, float] = (0, math.inf),
) -> Column:
    """Disclose a column of counts and its total (suppress_table()), then hide more until a reader
    cannot pin down any hidden count, knowing also whether a mean is shown beside each count.

    min_for_stats: a mean is shown next to a count only when the true count is at least this.
    Whether a mean is shown tells a reader a little more than the rounded count does ("30" with
    a mean is 30 to 32 people, without one 28 or 29), which could pin a hidden count that
    suppress_table() alone left safe. Further counts are hidden as suppress_table() does it:
    the smallest shown one, then the total.

    hide_total hides the total from the start, which only ever leaves a reader knowing less.
    total_bounds is what a reader can tell about the total from elsewhere (another table).
    """
    row = suppress_table(cells, total)
    disclosed, disclosed_total = dict(row.cells), row.total
    if hide_total:
        # A "fewer than 8" total would still bound the cells, so it goes too.
        disclosed_total = _withheld(0 if disclosed_total.suppressed else SUPPRESS_BELOW)
    disclosed_total, total_range = _hide_until_safe(
        cells, disclosed, total, disclosed_total, min_for_stats=min_for_stats, total_bounds=total_bounds
    )
    return Column(disclosed, disclosed_total, total_range)


def protect_overlapping(
    cells: dict[Hashable, int],
    total: int,
    total_range: tuple[float, float],
    *,
    min_for_stats: int | None = None,
) -> tuple[dict[Hashable, Disclosed], bool]:
    """Disclose counts that may overlap (one person can be in several categories), whose total is
    published in another table, where a reader can place it in total_range.

    The check treats the cells as adding up to their sum S, known to lie between the lowest total
    a reader can work out and S's own rounding band (exactly total_range when nobody is in two
    cells). That is safe: a reader knows only that the cells add up to the total or more, which
    pins down a cell less than this does.

    Returns the cells and whether the total must be hidden in the other table as well, which is
    needed only if the cells are not safe even with every one of them hidden.
    """
    disclosed = {key: disclose_count(count) for key, count in cells.items()}
    whole = sum(cells.values())
    if whole == total:
        low, high = total_range
    else:
        low, high = total_range[0], disclose_count(whole).high
    sum_as_read = Disclosed(text="", value=None, low=int(low), high=None if high == math.inf else int(high))
    while True:
        seen = [_as_read(disclosed[key], cells[key], min_for_stats) for key in cells]
        ranges = reader_ranges(seen, sum_as_read)
        if not _any_pinned(seen, ranges[:-1]):
            return disclosed, False
        if not _hide_smallest(cells, disclosed):
            return disclosed, True


def bounds_on_total(
    cells: dict[Hashable, int], total: int, *, min_for_stats: int | None = None
) -> tuple[float, float]:
    """What counts that may overlap (categories) tell a reader about the total of another table, at
    most: read as if only counts of 1 to 7 were hidden, since any further hiding only tells less.

    The total is at most the sum of the counts. When nobody is in two of them it is also at least
    their sum; when someone is, that is not true, so it is not assumed (a check made with a false
    fact could wrongly pass).
    """
    seen = [_as_read(disclose_count(count), count, min_for_stats) for count in cells.values()]
    highest = sum(math.inf if shown.high is None else shown.high for shown in seen)
    lowest = sum(shown.low for shown in seen) if sum(cells.values()) == total else 0
    # Someone in an activity with no category is in none of the counts: then the sum may fall short.
    return lowest, highest if highest >= total else math.inf


def shows_stats(shown: Disclosed, count: int) -> bool:
    """Means are published for 30 or more people, and never next to a hidden count (a mean would
    say the hidden count is at least 30)."""
    return not shown.suppressed and count >= MIN_GROUP


def _hide_until_safe(
    cells: dict[Hashable, int],
    disclosed: dict[Hashable, Disclosed],
    total: int,
    disclosed_total: Disclosed,
    *,
    min_for_stats: int | None = None,
    total_bounds: tuple[float, float] = (0, math.inf),
) -> tuple[Disclosed, tuple[float, float]]:
    """Hide further figures (in `disclosed`, in place) until a reader can pin down no hidden one: the
    smallest shown non-zero cell first, then the total, then the total's own upper limit. Returns
    the total as it then stands and the range a reader can put on it.

    The reader sees each figure's text, whether a mean is shown beside it (min_for_stats), and
    whatever bounds another table puts on the total (total_bounds); without those, the text alone.
    """
    while True:
        seen = [_as_read(disclosed[key], cells[key], min_for_stats) for key in cells]
        seen_total = _narrowed(_as_read(disclosed_total, total, min_for_stats), *total_bounds)
        ranges = reader_ranges(seen, seen_total)
        if not _any_pinned([*seen, seen_total], ranges):
            return disclosed_total, ranges[-1]
        if _hide_smallest(cells, disclosed):
            continue
        if not disclosed_total.suppressed:
            disclosed_total = _withheld(SUPPRESS_BELOW)
        elif disclosed_total.low:
            # Already hidden: drop what its label still says ("fewer than 8", or at least 8 for one
            # hidden by this rule), so the total no longer bounds the cells at all.
            disclosed_total = _withheld(0)
        else:
            return disclosed_total, ranges[-1]  # only labels bound the cells now


def _hide_smallest(cells: dict[Hashable, int], disclosed: dict[Hashable, Disclosed]) -> bool:
    """Hide the smallest shown non-zero count (ties: the first); False if there is none.
    Hiding the smallest loses the least information."""
    shown = [key for key in cells if not disclosed[key].suppressed and disclosed[key].value]
    if not shown:
        return False
    disclosed[min(shown, key=lambda key: cells[key])] = _withheld(SUPPRESS_BELOW)
    return True


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


def _any_pinned(seen: list[Disclosed], ranges: list[tuple[float, float]]) -> bool:
    return any(shown.suppressed and low == high for shown, (low, high) in zip(seen, ranges, strict=True))


def _as_read(shown: Disclosed, count: int, min_for_stats: int | None) -> Disclosed:
    """What a reader can tell about a count from its text and from whether a mean is shown next to it."""
    if min_for_stats is None or shown.suppressed or shown.high is None:
        return shown
    if count >= min_for_stats:
        return Disclosed(shown.text, shown.value, max(shown.low, min_for_stats), shown.high)
    return Disclosed(shown.text, shown.value, shown.low, min(shown.high, min_for_stats - 1))


def _narrowed(shown: Disclosed, low: float, high: float) -> Disclosed:
    upper = min(math.inf if shown.high is None else shown.high, high)
    return Disclosed(
        shown.text, shown.value, max(shown.low, int(low)), None if upper == math.inf else int(upper)
    )


def _upper(shown: Disclosed) -> float:
    return math.inf if shown.high is None else shown.high


# ---------------------------------------------------------------------------
# Means: complementary suppression, across every table that shows them
# ---------------------------------------------------------------------------

# Searching every mix of published means takes 2 ** rank steps, each a pass over the kinds of
# people (by locality and set of types of activity: a few dozen). Past this many independent means
# the smallest is hidden without searching, which is safe but may hide more than needed; the page
# is far below it (4 localities, a total, and the types of activity with 30 people or more).
MAX_SEARCH_RANK = 16


def publishable_means(
    members: Mapping[Hashable, Collection[Hashable]],
    candidates: Collection[Hashable],
    *,
    tallies: Sequence[Collection[Hashable]] = (),
) -> set[Hashable]:
    """The groups, out of candidates, whose means may be published. members gives the people in
    every group (keys in the order the page shows them); a person may be in several groups, and a
    group may hold others (the all-localities total holds every locality).

    A mean is published only for MIN_GROUP people or more. A reader who knows the published means
    and the size of each group knows each group's sum, and can add and take away sums: the
    all-localities total less Kirklees is the sum of everyone else. No group whose sum can be worked
    out like this may have 1 to MIN_GROUP - 1 people. Rounding the sizes does not help (it still
    gives a small group's mean roughly), so sizes are taken to be known exactly. While some group
    can be worked out, the smallest mean needed to work it out is hidden, as for counts.

    tallies are for shares, which are means too (of 1 for each person in the tally and 0 for the
    rest): then no group a reader can work out may hold 1 to SUPPRESS_BELOW - 1 people of a tally,
    or of those not in it.
    """
    published = {key for key in candidates if len(members[key]) >= MIN_GROUP}
    while True:
        leak = derivable_leak(members, published, tallies=tallies)
        if leak is None:
            return published
        published.discard(_smallest_needed(members, published, leak))


def derivable_leak(
    members: Mapping[Hashable, Collection[Hashable]],
    published: Collection[Hashable],
    *,
    tallies: Sequence[Collection[Hashable]] = (),
) -> frozenset | None:
    """A group of people whose mean (or share) follows from the published ones and is too small to
    show, or None if there is none.

    Sums can be combined with any fractions, so a group's sum can be worked out exactly when the
    group is in the span of the published groups. People who are in the same published groups
    (an "atom") cannot be told apart, so only unions of atoms can be worked out. After reducing the
    published groups to row echelon form, a union of atoms in their span is fixed by which pivot
    atoms it holds, so trying every set of pivots (2 ** rank) tries every group a reader can
    work out.
    """
    keys = [key for key in members if key in published]
    atoms = _atoms(members, keys)
    rows, _ = _reduced([[Fraction(index in atom) for atom, _ in atoms] for index in range(len(keys))])
    if len(rows) > MAX_SEARCH_RANK:
        return frozenset(members[min(keys, key=lambda key: len(members[key]))])
    # Atoms with the same column in the reduced rows are in or out of every group in the span
    # together, so each such class is searched as one: far fewer columns to add up at each step.
    classes: dict[tuple[Fraction, ...], set] = {}
    for index, (_, people) in enumerate(atoms):
        classes.setdefault(tuple(row[index] for row in rows), set()).update(people)
    columns = list(classes)
    merged = [[column[r] for column in columns] for r in range(len(rows))]
    people_in = [frozenset(classes[column]) for column in columns]
    sizes = [len(people) for people in people_in]
    counts = [[len(people & set(tally)) for tally in tallies] for people in people_in]
    for chosen in _unions_in_span(merged):
        size = sum(size for size, member in zip(sizes, chosen, strict=True) if member)
        tallied = [
            sum(count[i] for count, member in zip(counts, chosen, strict=True) if member)
            for i in range(len(tallies))
        ]
        if _too_small(size, tallied):
            return frozenset().union(
                *(people for people, member in zip(people_in, chosen, strict=True) if member)
            )
    return None


def _too_small(size: int, tallied: list[int]) -> bool:
    if 0 < size < MIN_GROUP:
        return True
    return any(0 < count < SUPPRESS_BELOW or 0 < size - count < SUPPRESS_BELOW for count in tallied)


def _atoms(
    members: Mapping[Hashable, Collection[Hashable]], keys: list[Hashable]
) -> list[tuple[frozenset[int], frozenset]]:
    """People grouped by the published groups they are in: (indexes of those groups, the people)."""
    groups_of: dict[Hashable, set[int]] = {}
    for index, key in enumerate(keys):
        for person in members[key]:
            groups_of.setdefault(person, set()).add(index)
    people_in: dict[frozenset[int], set] = {}
    for person, indexes in groups_of.items():
        people_in.setdefault(frozenset(indexes), set()).add(person)
    return [(indexes, frozenset(people)) for indexes, people in people_in.items()]


def _reduced(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form (Gauss-Jordan, exact): the non-zero rows and their pivot columns."""
    rows = [list(row) for row in rows]
    pivots: list[int] = []
    width = len(rows[0]) if rows else 0
    rank = 0
    for column in range(width):
        found = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[rank], rows[found] = rows[found], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [value / lead for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        pivots.append(column)
        rank += 1
    return rows[:rank], pivots


def _unions_in_span(rows: list[list[Fraction]]) -> Iterator[list[bool]]:
    """Every non-empty 0/1 vector in the span of rows (reduced row echelon form), as which atoms it holds.

    Such a vector is 1 at some pivots and 0 at the others, so it is the sum of those pivots' rows.
    The sums are walked in Gray-code order (one row added or taken away per step) over whole numbers
    (every entry times the rows' common denominator), so each step costs one pass over the atoms.
    """
    if not rows:
        return
    denominator = math.lcm(*(value.denominator for row in rows for value in row))
    scaled = [[int(value * denominator) for value in row] for row in rows]
    total = [0] * len(scaled[0])
    used = [False] * len(scaled)
    for step in range(1, 2 ** len(scaled)):
        index = (step & -step).bit_length() - 1
        sign = -1 if used[index] else 1
        used[index] = not used[index]
        total = [a + sign * b for a, b in zip(total, scaled[index], strict=True)]
        if all(value in (0, denominator) for value in total):
            yield [value == denominator for value in total]


def _smallest_needed(
    members: Mapping[Hashable, Collection[Hashable]], published: set[Hashable], leak: frozenset
) -> Hashable:
    """The smallest published group without which the leaking group can no longer be worked out; if
    it can be worked out in more than one way so no single group will do, the smallest of all (the
    caller then looks again)."""
    by_size = sorted(published, key=lambda key: (len(members[key]), list(members).index(key)))
    for key in by_size:
        if not _in_span(members, published - {key}, leak):
            return key
    return by_size[0]


def _in_span(
    members: Mapping[Hashable, Collection[Hashable]], published: set[Hashable], group: frozenset
) -> bool:
    keys = [key for key in members if key in published]
    atoms = _atoms(members, keys)
    covered = frozenset().union(*(people for _, people in atoms))
    if not group <= covered or any(people & group and not people <= group for _, people in atoms):
        return False
    matrix = [[Fraction(index in atom) for atom, _ in atoms] for index in range(len(keys))]
    wanted = [Fraction(bool(people & group)) for _, people in atoms]
    return len(_reduced([*matrix, wanted])[0]) == len(_reduced(matrix)[0])


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
        share_improved=sum(improved(pair) for pair in pairs) / n,
    )


def _standard_error(values: list[float], mean: float) -> float:
    variance = math.fsum((value - mean) ** 2 for value in values) / (len(values) - 1)
    return math.sqrt(variance) / math.sqrt(len(values))


def improved(pair: tuple[Decimal | float, Decimal | float]) -> bool:
    """The score rose by MEANINGFUL_CHANGE metric points or more."""
    # Decimal arithmetic, so 23.21 - 20.21 is exactly 3 and counts; floats can land just below.
    baseline, followup = (Decimal(str(score)) for score in pair)
    return followup - baseline >= MEANINGFUL_CHANGE


def fell(pair: tuple[Decimal | float, Decimal | float]) -> bool:
    """The follow-up score is below the first (by any amount)."""
    baseline, followup = (Decimal(str(score)) for score in pair)
    return followup < baseline


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
