"""The figures behind /impact/, the admin's "Wellbeing outcomes" report and partners' records.

Everything is counted in Python from six queries whatever the number of groups (localities,
categories, the categories of each activity, referrals counted by activity and status, each
joined person's first session, and each person's pair of scores). A person is counted in the
locality of the activity they joined; an activity can be in several categories, so one person can
count in several category rows.

Only outcomes_page() and partner_figures() are fit to publish: every count goes through
home.disclosure, and protect_column() / protect_overlapping() hide more where a published total,
the other table, or whether a mean is shown could otherwise give a hidden count away. collect()
and admin_rows() are exact, for trusted staff only.

Known limit: the checks treat each kind of count (referrals, taken up, people with both scores)
on its own. A reader also knows that taken up is at most referrals made, and people with both
scores at most taken up; those inequalities are not used in the checks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.safestring import SafeString

from activities.models import ActivityPage, Category
from activities.referrals import swemwbs
from activities.referrals.models import Attendance, Participant, Referral, WellbeingCheckIn
from home.charts import Pair, dumbbell_chart
from home.disclosure import (
    MIN_GROUP,
    SUPPRESS_BELOW,
    WITHHELD_TEXT,
    Disclosed,
    PairedChange,
    disclose_count,
    paired_change,
    reader_ranges,
    suppress_table,
)
from partners.models import Locality

ALL = None  # the key for "every locality" or "every category"
MINUS = "\N{MINUS SIGN}"
ALL_LOCALITIES = "All localities"
ALL_CATEGORIES = "All types of activity"


# ---------------------------------------------------------------------------
# Exact figures (never published as they are)
# ---------------------------------------------------------------------------


@dataclass
class Tally:
    """Exact figures for one group of people."""

    pairs: list[tuple[Decimal, Decimal]] = field(default_factory=list)
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
    tallies: dict[tuple[int | None, int | None], Tally]

    def tally(self, locality: int | None = ALL, category: int | None = ALL) -> Tally:
        return self.tallies.get((locality, category), Tally())


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

    tallies: dict[tuple[int | None, int | None], Tally] = defaultdict(Tally)

    def groups_of(activity_id: int, locality_id: int) -> list[Tally]:
        keys = [(locality_id, ALL), (ALL, ALL)]
        for category_id in categories_of.get(activity_id, ()):
            keys += [(locality_id, category_id), (ALL, category_id)]
        return [tallies[key] for key in keys]

    for activity_id, locality_id, status, count in referrals.values_list(
        "activity_id", "activity__locality_id", "status"
    ).annotate(count=Count("pk")):
        for tally in groups_of(activity_id, locality_id):
            tally.referrals += count
            tally.joined += count if status == Referral.Status.JOINED else 0

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
        for tally in groups_of(activity_id, locality_id):
            tally.days_to_first_session.append(days)

    for activity_id, locality_id, baseline, follow_up in _paired_scores(participants).values_list(
        "activity_id", "activity__locality_id", "baseline", "follow_up"
    ):
        for tally in groups_of(activity_id, locality_id):
            tally.pairs.append((baseline, follow_up))

    used = {category_id for _, category_id in tallies if category_id is not ALL}
    categories = [
        Group(*row)
        for row in Category.objects.filter(pk__in=used).order_by("name").values_list("pk", "name", "slug")
    ]
    return Outcomes(localities=localities, categories=categories, tallies=dict(tallies))


def _paired_scores(participants):
    """Participants with both scores, annotated with their first (baseline) and follow-up metric scores:
    one row each, the pairing done by the database."""
    answered = Q(check_ins__status=WellbeingCheckIn.Status.ANSWERED)
    return (
        participants.annotate(
            baseline=Min(
                "check_ins__metric_score", filter=answered & Q(check_ins__kind=WellbeingCheckIn.Kind.BASELINE)
            ),
            follow_up=Min(
                "check_ins__metric_score",
                filter=answered & Q(check_ins__kind=WellbeingCheckIn.Kind.FOLLOW_UP),
            ),
        )
        .filter(baseline__isnull=False, follow_up__isnull=False)
        .order_by()
    )


# ---------------------------------------------------------------------------
# Disclosure control beyond single rows
# ---------------------------------------------------------------------------


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
    while True:
        seen = [_as_read(disclosed[key], cells[key], min_for_stats) for key in cells]
        seen_total = _narrowed(_as_read(disclosed_total, total, min_for_stats), *total_bounds)
        ranges = reader_ranges(seen, seen_total)
        if not _any_pinned([*seen, seen_total], ranges):
            return Column(disclosed, disclosed_total, ranges[-1])
        if _hide_smallest(cells, disclosed):
            continue
        if not disclosed_total.suppressed:
            disclosed_total = _withheld(SUPPRESS_BELOW)
        elif disclosed_total.low:
            # As suppress_table() does: stop the hidden total bounding the cells from above.
            disclosed_total = _withheld(0)
        else:
            return Column(disclosed, disclosed_total, ranges[-1])  # only labels bound the cells now


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


def _narrowed(shown: Disclosed, low: float, high: float) -> Disclosed:
    upper = min(math.inf if shown.high is None else shown.high, high)
    return Disclosed(
        shown.text, shown.value, max(shown.low, int(low)), None if upper == math.inf else int(upper)
    )


def _any_pinned(seen: list[Disclosed], ranges: list[tuple[float, float]]) -> bool:
    return any(shown.suppressed and low == high for shown, (low, high) in zip(seen, ranges, strict=True))


def _hide_smallest(cells: dict[Hashable, int], disclosed: dict[Hashable, Disclosed]) -> bool:
    """Hide the smallest shown non-zero count (ties: the first); False if there is none."""
    shown = [key for key in cells if not disclosed[key].suppressed and disclosed[key].value]
    if not shown:
        return False
    disclosed[min(shown, key=lambda key: cells[key])] = _withheld(SUPPRESS_BELOW)
    return True


def _withheld(low: int) -> Disclosed:
    return Disclosed(text=WITHHELD_TEXT, value=None, low=low, high=None)


def _as_read(shown: Disclosed, count: int, min_for_stats: int | None) -> Disclosed:
    """What a reader can tell about a count from its text and from whether a mean is shown next to it."""
    if min_for_stats is None or shown.suppressed or shown.high is None:
        return shown
    if count >= min_for_stats:
        return Disclosed(shown.text, shown.value, max(shown.low, min_for_stats), shown.high)
    return Disclosed(shown.text, shown.value, shown.low, min(shown.high, min_for_stats - 1))


def shows_stats(shown: Disclosed, count: int) -> bool:
    """Means are published for 30 or more people, and never next to a hidden count (a mean would
    say the hidden count is at least 30)."""
    return not shown.suppressed and count >= MIN_GROUP


# ---------------------------------------------------------------------------
# Text, the same in the tables, the chart and the partner record
# ---------------------------------------------------------------------------


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


def _range_text(fewest: int, most: int) -> str:
    return str(most) if fewest == most else f"{fewest} to {most}"


def answers_needed_text(shown: Disclosed, count: int) -> str:
    needed = answers_needed(shown, count)
    if needed is None:
        return "Not shown, so that numbers hidden elsewhere in the table cannot be worked out"
    if count == 0:
        return f"No one has answered twice yet. We need answers from {MIN_GROUP} people"
    people = "person" if needed == (1, 1) else "people"
    return f"We need answers from {_range_text(*needed)} more {people}"


def median_days_text(days: list[int]) -> str:
    if len(days) < SUPPRESS_BELOW:
        return f"Not shown: fewer than {SUPPRESS_BELOW} people have been to a session"
    middle = median(days)
    return f"{middle:g} days" if middle != 1 else "1 day"


# ---------------------------------------------------------------------------
# The public page
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WellbeingRow:
    name: str
    people: Disclosed
    change: PairedChange | None  # None when the means are not shown
    why_not: str = ""
    share: str = ""
    is_total: bool = False

    @property
    def baseline(self) -> str:
        return score_text(self.change.mean_baseline) if self.change else ""

    @property
    def follow_up(self) -> str:
        return score_text(self.change.mean_followup) if self.change else ""

    @property
    def mean_change(self) -> str:
        return change_text(self.change.mean_change) if self.change else ""

    @property
    def interval(self) -> str:
        return interval_text(self.change) if self.change else ""


@dataclass(frozen=True)
class ReferralRow:
    name: str
    made: Disclosed
    joined: Disclosed
    median_days: str
    is_total: bool = False


@dataclass(frozen=True)
class OutcomesPage:
    wellbeing_by_locality: list[WellbeingRow]
    referrals_by_locality: list[ReferralRow]
    wellbeing_by_category: list[WellbeingRow]
    referrals_by_category: list[ReferralRow]


def outcomes_page() -> OutcomesPage:
    outcomes = collect()
    localities = {group.pk: outcomes.tally(locality=group.pk) for group in outcomes.localities}
    categories = {group.pk: outcomes.tally(category=group.pk) for group in outcomes.categories}
    overall = outcomes.tally()

    def column(count_of, min_for_stats=None):
        """(locality cells, their total, category cells) for one kind of count."""
        in_localities = {pk: count_of(tally) for pk, tally in localities.items()}
        in_categories = {pk: count_of(tally) for pk, tally in categories.items()}
        # Each table can tell a reader something about the other's total: the areas' total is
        # checked knowing what the categories say about it, and the categories knowing the range a
        # reader can put on that total from the area table.
        from_categories = bounds_on_total(in_categories, count_of(overall), min_for_stats=min_for_stats)
        by_locality = protect_column(
            in_localities, count_of(overall), min_for_stats=min_for_stats, total_bounds=from_categories
        )
        by_category, unsafe = protect_overlapping(
            in_categories, count_of(overall), by_locality.total_range, min_for_stats=min_for_stats
        )
        if unsafe:
            by_locality = protect_column(
                in_localities,
                count_of(overall),
                min_for_stats=min_for_stats,
                hide_total=True,
                total_bounds=from_categories,
            )
            # A reader now knows less about the total; check again (every category is hidden already,
            # so if this is still not enough there is nothing more to hide).
            by_category, _ = protect_overlapping(
                in_categories, count_of(overall), by_locality.total_range, min_for_stats=min_for_stats
            )
        return by_locality.cells, by_locality.total, by_category

    people, people_total, people_by_category = column(lambda tally: tally.people, MIN_GROUP)
    made, made_total, made_by_category = column(lambda tally: tally.referrals)
    joined, joined_total, joined_by_category = column(lambda tally: tally.joined)

    def referral_row(name, made, joined, tally, is_total=False):
        return ReferralRow(name, made, joined, median_days_text(tally.days_to_first_session), is_total)

    return OutcomesPage(
        wellbeing_by_locality=[
            *(
                _wellbeing_row(group.name, people[group.pk], localities[group.pk])
                for group in outcomes.localities
            ),
            _wellbeing_row(ALL_LOCALITIES, people_total, overall, is_total=True),
        ],
        referrals_by_locality=[
            *(
                referral_row(group.name, made[group.pk], joined[group.pk], localities[group.pk])
                for group in outcomes.localities
            ),
            referral_row(ALL_LOCALITIES, made_total, joined_total, overall, is_total=True),
        ],
        wellbeing_by_category=[
            _wellbeing_row(group.name, people_by_category[group.pk], categories[group.pk])
            for group in outcomes.categories
        ],
        referrals_by_category=[
            referral_row(
                group.name, made_by_category[group.pk], joined_by_category[group.pk], categories[group.pk]
            )
            for group in outcomes.categories
        ],
    )


def _wellbeing_row(name: str, shown: Disclosed, tally: Tally, *, is_total: bool = False) -> WellbeingRow:
    if not shows_stats(shown, tally.people):
        return WellbeingRow(
            name, shown, None, why_not=answers_needed_text(shown, tally.people), is_total=is_total
        )
    change = paired_change(tally.pairs)
    return WellbeingRow(name, shown, change, share=share_text(change), is_total=is_total)


# ---------------------------------------------------------------------------
# The admin report (exact counts, for trusted staff and coordinators)
# ---------------------------------------------------------------------------


def admin_rows(locality_ids: Iterable[int] | None = None) -> list[dict]:
    """One row per locality and category, per locality, and (for more than one locality) in total.

    Counts are exact; means are still given only for 30 people or more, because smaller groups'
    means are not reliable (Warwick's advice), whoever reads them. No participant code appears.
    """
    outcomes = collect(locality_ids)
    rows = []
    sections = [(group.pk, group.name) for group in outcomes.localities]
    if len(outcomes.localities) > 1:
        sections.append((ALL, ALL_LOCALITIES if locality_ids is None else "All your localities"))
    for locality_id, locality_name in sections:
        rows.append(_admin_row(locality_name, ALL_CATEGORIES, outcomes.tally(locality_id, ALL)))
        for category in outcomes.categories:
            tally = outcomes.tallies.get((locality_id, category.pk))
            if tally is not None:
                rows.append(_admin_row(locality_name, category.name, tally))
    return rows


def _admin_row(locality: str, category: str, tally: Tally) -> dict:
    change = paired_change(tally.pairs)
    enough = change.mean_change is not None

    def two_places(value: float | None) -> float | None:
        return round(value, 2) if value is not None else None

    return {
        "locality": locality,
        "category": category,
        "referrals": tally.referrals,
        "taken_up": tally.joined,
        "with_first_session": len(tally.days_to_first_session),
        "median_days": median(tally.days_to_first_session) if tally.days_to_first_session else None,
        "people": tally.people,
        "mean_baseline": two_places(change.mean_baseline),
        "mean_follow_up": two_places(change.mean_followup),
        "mean_change": two_places(change.mean_change),
        "ci_low": two_places(change.ci_low),
        "ci_high": two_places(change.ci_high),
        "share_improved": two_places(change.share_improved * 100) if enough else None,
        "note": "" if enough else change.needed_text,
    }


# ---------------------------------------------------------------------------
# A partner's record, for collective members deciding on funding
# ---------------------------------------------------------------------------


def partner_figures(partner_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """Each partner's referrals taken up, attendance and wellbeing change, in three queries.

    Each is disclosed as on /impact/; no totals across partners are shown, so no row needs
    secondary suppression.
    """
    partner_ids = list(partner_ids)
    referrals = {
        partner_id: (made, joined)
        for partner_id, made, joined in Referral.objects.filter(activity__partner_id__in=partner_ids)
        .values("activity__partner_id")
        .annotate(made=Count("pk"), joined=Count("pk", filter=Q(status=Referral.Status.JOINED)))
        .values_list("activity__partner_id", "made", "joined")
    }
    attendance = {
        partner_id: (visits, people)
        for partner_id, visits, people in Attendance.objects.filter(
            participant__activity__partner_id__in=partner_ids
        )
        .values("participant__activity__partner_id")
        .annotate(visits=Count("pk"), people=Count("participant", distinct=True))
        .values_list("participant__activity__partner_id", "visits", "people")
    }
    pairs_of: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for partner_id, baseline, follow_up in _paired_scores(
        Participant.objects.filter(activity__partner_id__in=partner_ids)
    ).values_list("activity__partner_id", "baseline", "follow_up"):
        pairs_of[partner_id].append((baseline, follow_up))

    figures = {}
    for partner_id in partner_ids:
        made, joined = referrals.get(partner_id, (0, 0))
        visits, people = attendance.get(partner_id, (0, 0))
        pairs = pairs_of.get(partner_id, [])
        figures[partner_id] = [
            (
                "Referrals taken up",
                f"{disclose_count(joined)} of {disclose_count(made)}" if made else "No referrals yet",
            ),
            ("Attendance", f"{disclose_count(visits)} session visits by {disclose_count(people)} people"),
            ("Wellbeing change", _partner_wellbeing_text(pairs)),
        ]
    return figures


def _partner_wellbeing_text(pairs: list[tuple[Decimal, Decimal]]) -> str:
    shown = disclose_count(len(pairs))
    if not shows_stats(shown, len(pairs)):
        needed = _range_text(*answers_needed(shown, len(pairs)))
        return f"Shown once {MIN_GROUP} people have answered twice ({needed} more needed)"
    change = paired_change(pairs)
    return (
        f"{change_text(change.mean_change)} points on average (95% confidence interval "
        f"{interval_text(change)}), from {shown} people who answered twice"
    )


# ---------------------------------------------------------------------------
# What /impact/ shows
# ---------------------------------------------------------------------------

# Change the version whenever OutcomesPage changes shape, so no server reads an old pickle.
CACHE_KEY = "impact:figures:v1"
CACHE_SECONDS = 300


def impact_figures() -> OutcomesPage:
    """The published figures, kept for a few minutes: they change slowly and the page is public."""
    return cache.get_or_set(CACHE_KEY, outcomes_page, CACHE_SECONDS)


def wellbeing_chart(rows: list[WellbeingRow]) -> SafeString | None:
    """Mean scores when people joined and at follow-up, for each group whose means are shown."""
    shown = [row for row in rows if row.change is not None]
    if not shown:
        return None
    words = "; ".join(
        f"{row.name}: {row.baseline} when they joined, {row.follow_up} at follow-up" for row in shown
    )
    return dumbbell_chart(
        [
            Pair(row.name, row.change.mean_baseline, row.baseline, row.change.mean_followup, row.follow_up)
            for row in shown
        ],
        chart_id="wellbeing-chart",
        title="Average wellbeing scores when people joined and at follow-up, by area",
        description=f"Scores go from 7 to 35; higher means better wellbeing. {words}.",
        first_label="When they joined",
        second_label="At follow-up",
        axis_label="Average wellbeing score (7 to 35)",
        # Metric scores run from 7 to 35, like raw scores.
        lowest=swemwbs.LOWEST_RAW,
        highest=swemwbs.HIGHEST_RAW,
        ticks=(7, 14, 21, 28, 35),
    )
