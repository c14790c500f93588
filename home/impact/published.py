"""The figures published at /impact/ and in /impact/figures.csv: every count disclosed
(home.impact.disclosure), with more hidden where a published total, the other table, or whether a
mean is shown could otherwise give a hidden count away; and every mean, share and response rate
hidden where it, added to or taken from the others, would give the mean of fewer than 30 people.

Known limit: the checks treat each kind of count (referrals, taken up, people with both scores)
on its own. A reader also knows that taken up is at most referrals made, and people with both
scores at most taken up; those inequalities are not used in the checks. Nor is what a percentage
tells a reader about its rounded numerator and denominator (76% of "40" can only be 32 of 42): every
percentage is for 30 people or more, and the percentages have to be shown with their n.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from activities.stories.selectors import stories_index_url, theme_counts_by_locality
from home.impact.disclosure import (
    MEANINGFUL_CHANGE,
    MIN_GROUP,
    Disclosed,
    PairedChange,
    bounds_on_total,
    disclose_count,
    fell,
    improved,
    paired_change,
    protect_column,
    protect_overlapping,
    publishable_means,
    shows_stats,
    suppress_table,
)
from home.impact.figures import ALL, Group, GroupFigures, Outcomes, collect
from home.impact.text import (
    ALL_LOCALITIES,
    HIDDEN_TO_PROTECT_MEANS,
    TOO_FEW_FOR_SHARE,
    answers_needed_text,
    as_of_text,
    change_text,
    interval_text,
    median_days_text,
    of_text,
    percent_text,
    period_text,
    score_text,
)

# Column headings, the same on the page and in the CSV's "measure" column.
PEOPLE = "People with both scores"
FIRST_SCORE = "Average first score"
FOLLOW_UP_SCORE = "Average follow-up score"
CHANGE = "Average change"
INTERVAL = "95% confidence interval"
ROSE = f"Score up by {MEANINGFUL_CHANGE} points or more"
FELL = "Score went down"
MADE = "Referrals made"
JOINED = "Taken up"
MEDIAN = "Typical time to first session (median)"
ASKED = "Answered the first questionnaire, follow-up due"
ANSWERED = "Of them, answered the follow-up"
RATE = "Response rate"


@dataclass(frozen=True)
class Share:
    """A percentage with its numerator and denominator as published."""

    numerator: Disclosed
    denominator: Disclosed
    percent: str

    @property
    def n(self) -> str:
        return of_text(self.numerator, self.denominator)


@dataclass(frozen=True)
class WellbeingRow:
    name: str
    people: Disclosed
    change: PairedChange | None  # None when the means are not shown
    why_not: str = ""
    rose: Share | None = None
    fell: Share | None = None
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

    @property
    def shares_shown(self) -> bool:
        return self.rose is not None


@dataclass(frozen=True)
class ReferralRow:
    name: str
    made: Disclosed
    joined: Disclosed
    attended: Disclosed  # the median's n: people who have been to a session
    median_days: str
    is_total: bool = False

    @property
    def median_shown(self) -> bool:
        return bool(self.attended.value)


@dataclass(frozen=True)
class ResponseRow:
    name: str
    asked: Disclosed
    answered: Disclosed
    rate: Share | None
    why_not: str = ""
    is_total: bool = False


@dataclass(frozen=True)
class ThemeRow:
    """One theme: its published stories per locality (in the page's locality order) and in all."""

    name: str
    slug: str
    by_locality: list[tuple[str, Disclosed]]  # (the locality's name, its count)
    total: Disclosed


@dataclass(frozen=True)
class OutcomesPage:
    wellbeing_by_locality: list[WellbeingRow]
    referrals_by_locality: list[ReferralRow]
    wellbeing_by_category: list[WellbeingRow]
    referrals_by_category: list[ReferralRow]
    responses_by_locality: list[ResponseRow]
    period: str  # the months the questionnaires counted were answered in
    as_of: datetime.datetime  # when the figures were worked out
    themes_by_locality: list[ThemeRow]
    stories_url: str  # /stories/, which each theme links to, filtered by that theme

    @property
    def as_of_text(self) -> str:
        return as_of_text(self.as_of)


# Table captions, the same on the page and in the CSV's "table" column.
WELLBEING_BY_LOCALITY = "Wellbeing scores by area"
REFERRALS_BY_LOCALITY = "Referrals by area"
RESPONSES_BY_LOCALITY = "Questionnaires answered by area"
WELLBEING_BY_CATEGORY = "Wellbeing scores by type of activity"
REFERRALS_BY_CATEGORY = "Referrals by type of activity"
STORY_THEMES = "Published stories by theme and area"


def outcomes_page() -> OutcomesPage:
    outcomes = collect()
    localities = {group.pk: outcomes.of(locality=group.pk) for group in outcomes.localities}
    categories = {group.pk: outcomes.of(category=group.pk) for group in outcomes.categories}
    overall = outcomes.of()

    def column(count_of, min_for_stats=None):
        """(locality cells, their total, category cells) for one kind of count."""
        in_localities = {pk: count_of(figures) for pk, figures in localities.items()}
        in_categories = {pk: count_of(figures) for pk, figures in categories.items()}
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

    people, people_total, people_by_category = column(lambda figures: figures.people, MIN_GROUP)
    made, made_total, made_by_category = column(lambda figures: figures.referrals)
    joined, joined_total, joined_by_category = column(lambda figures: figures.joined)
    attended, attended_total, attended_by_category = column(
        lambda figures: len(figures.days_to_first_session)
    )

    # Means and shares, decided across both wellbeing tables at once: the all-localities total is in
    # the area table, and the types of activity cover the same people, so a reader can combine them.
    groups = _groups(outcomes)
    shown_counts = {
        **{("locality", pk): people[pk] for pk in localities},
        ("all",): people_total,
        **{("category", pk): people_by_category[pk] for pk in categories},
    }
    means, shares = _publishable(groups, shown_counts, overall)

    def wellbeing_row(key: Hashable, name: str, is_total: bool = False) -> WellbeingRow:
        return _wellbeing_row(
            name, shown_counts[key], groups[key], means=key in means, shares=key in shares, is_total=is_total
        )

    def referral_row(name, made, joined, attended, figures, is_total=False):
        median = median_days_text(figures.days_to_first_session, attended)
        return ReferralRow(name, made, joined, attended, median, is_total)

    return OutcomesPage(
        wellbeing_by_locality=[
            *(wellbeing_row(("locality", group.pk), group.name) for group in outcomes.localities),
            wellbeing_row(("all",), ALL_LOCALITIES, is_total=True),
        ],
        referrals_by_locality=[
            *(
                referral_row(
                    group.name, made[group.pk], joined[group.pk], attended[group.pk], localities[group.pk]
                )
                for group in outcomes.localities
            ),
            referral_row(ALL_LOCALITIES, made_total, joined_total, attended_total, overall, is_total=True),
        ],
        wellbeing_by_category=[
            wellbeing_row(("category", group.pk), group.name) for group in outcomes.categories
        ],
        referrals_by_category=[
            referral_row(
                group.name,
                made_by_category[group.pk],
                joined_by_category[group.pk],
                attended_by_category[group.pk],
                categories[group.pk],
            )
            for group in outcomes.categories
        ],
        responses_by_locality=_responses(outcomes, people, people_total),
        period=period_text(outcomes.period),
        as_of=timezone.now(),
        themes_by_locality=_themes(outcomes.localities),
        stories_url=stories_index_url(),
    )


def _themes(localities: list[Group]) -> list[ThemeRow]:
    """Published stories per theme and locality, each theme's row disclosed like any row of counts
    with its total (suppress_table()): a story is about one activity, so in one locality, and the
    areas add up to "All localities". A story can have several themes, so a column's themes overlap
    and add up to nothing published: no number of stories per area is shown, which leaves a column
    nothing to be worked out from.

    Each published story can be read at /stories/, filtered by area and theme, so these counts hide
    nothing a reader could not count there; they follow the same rules so that every count on the
    page and in its CSV means the same thing."""
    rows = []
    for theme in theme_counts_by_locality():
        cells = {group.pk: theme.by_locality.get(group.pk, 0) for group in localities}
        row = suppress_table(cells, sum(cells.values()))
        rows.append(
            ThemeRow(
                theme.name,
                theme.slug,
                [(group.name, row.cells[group.pk]) for group in localities],
                row.total,
            )
        )
    return rows


def _groups(outcomes: Outcomes) -> dict[Hashable, GroupFigures]:
    """Every group whose wellbeing means may be shown, in page order."""
    return {
        **{("locality", group.pk): outcomes.of(locality=group.pk) for group in outcomes.localities},
        ("all",): outcomes.of(),
        **{("category", group.pk): outcomes.of(category=group.pk) for group in outcomes.categories},
    }


def _publishable(
    groups: dict[Hashable, GroupFigures], shown_counts: dict[Hashable, Disclosed], overall: GroupFigures
) -> tuple[set[Hashable], set[Hashable]]:
    """The groups whose means may be shown, and of them those whose shares (up by 3 or more, down)
    may be shown too. A share needs its mean's group, and no group a reader can work out may hold
    1 to 7 people who rose, who did not, who fell or who did not."""
    members = {key: figures.paired_ids for key, figures in groups.items()}
    candidates = [key for key in groups if shows_stats(shown_counts[key], groups[key].people)]
    means = publishable_means(members, candidates)
    pair_of = dict(zip(overall.paired_ids, overall.pairs, strict=True))
    rose = {pk for pk, pair in pair_of.items() if improved(pair)}
    went_down = {pk for pk, pair in pair_of.items() if fell(pair)}
    shares = publishable_means(members, means, tallies=[rose, went_down])
    return means, shares


def _wellbeing_row(
    name: str, shown: Disclosed, figures: GroupFigures, *, means: bool, shares: bool, is_total: bool = False
) -> WellbeingRow:
    if not means:
        # A group big enough for a mean whose mean is hidden all the same is hidden for the others' sake.
        why_not = (
            HIDDEN_TO_PROTECT_MEANS
            if shows_stats(shown, figures.people)
            else answers_needed_text(shown, figures.people)
        )
        return WellbeingRow(name, shown, None, why_not=why_not, is_total=is_total)
    change = paired_change(figures.pairs)
    if not shares:
        return WellbeingRow(name, shown, change, is_total=is_total)
    return WellbeingRow(
        name,
        shown,
        change,
        rose=_share(sum(map(improved, figures.pairs)), shown, figures.people),
        fell=_share(sum(map(fell, figures.pairs)), shown, figures.people),
        is_total=is_total,
    )


def _share(numerator: int, denominator: Disclosed, exact_denominator: int) -> Share:
    return Share(disclose_count(numerator), denominator, percent_text(numerator, exact_denominator))


def _responses(
    outcomes: Outcomes, answered: dict[int, Disclosed], answered_total: Disclosed
) -> list[ResponseRow]:
    """How many answered the first questionnaire (once their follow-up was due), how many of them
    the follow-up, and the response rate: a share, so shown like one (30 people or more, and no
    group a reader can work out with 1 to 7 people who answered, or who did not)."""
    localities = {group.pk: outcomes.of(locality=group.pk) for group in outcomes.localities}
    overall = outcomes.of()
    # Whether a rate is shown beside a count says whether it is 30 or more, as for means.
    asked = protect_column(
        {pk: len(figures.asked_ids) for pk, figures in localities.items()},
        len(overall.asked_ids),
        min_for_stats=MIN_GROUP,
    )
    members = {
        **{pk: figures.asked_ids for pk, figures in localities.items()},
        ALL: overall.asked_ids,
    }
    shown_asked = {**asked.cells, ALL: asked.total}
    shown_answered = {**answered, ALL: answered_total}
    candidates = [
        key
        for key in members
        if shows_stats(shown_asked[key], len(members[key])) and not shown_answered[key].suppressed
    ]
    rates = publishable_means(members, candidates, tallies=[set(overall.paired_ids)])

    def row(key, name, is_total=False):
        figures = outcomes.of(locality=key)
        if key in rates:
            # Those who answered the follow-up are the people with both scores, published as such.
            rate = Share(
                shown_answered[key], shown_asked[key], percent_text(figures.people, len(figures.asked_ids))
            )
            return ResponseRow(name, shown_asked[key], shown_answered[key], rate, is_total=is_total)
        return ResponseRow(
            name,
            shown_asked[key],
            shown_answered[key],
            None,
            why_not=_why_no_rate(shown_asked[key], len(figures.asked_ids)),
            is_total=is_total,
        )

    return [
        *(row(group.pk, group.name) for group in outcomes.localities),
        row(ALL, ALL_LOCALITIES, is_total=True),
    ]


def _why_no_rate(shown: Disclosed, count: int) -> str:
    if shows_stats(shown, count):
        return TOO_FEW_FOR_SHARE
    return f"Shown once {MIN_GROUP} people have been asked the follow-up"


# ---------------------------------------------------------------------------
# The figures one by one, for the CSV
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published figure, exactly as the page shows it, and its n as the page shows it."""

    table: str
    group: str
    measure: str
    value: str
    n: str


def figure_rows(page: OutcomesPage) -> Iterator[Figure]:
    """Every figure on /impact/, table by table and row by row, as the page shows it. A figure that is
    not shown (a hidden mean, a median for too few people) is left out; a hidden count is given as
    the page gives it ("fewer than 8", "not shown"). A count is its own n."""

    def count(table: str, group: str, measure: str, shown: Disclosed) -> Figure:
        return Figure(table, group, measure, str(shown), str(shown))

    for table, rows in (
        (WELLBEING_BY_LOCALITY, page.wellbeing_by_locality),
        (WELLBEING_BY_CATEGORY, page.wellbeing_by_category),
    ):
        for row in rows:
            yield count(table, row.name, PEOPLE, row.people)
            if row.change is not None:
                n = str(row.people)
                yield Figure(table, row.name, FIRST_SCORE, row.baseline, n)
                yield Figure(table, row.name, FOLLOW_UP_SCORE, row.follow_up, n)
                yield Figure(table, row.name, CHANGE, row.mean_change, n)
                yield Figure(table, row.name, INTERVAL, row.interval, n)
            if row.shares_shown:
                yield Figure(table, row.name, ROSE, row.rose.percent, row.rose.n)
                yield Figure(table, row.name, FELL, row.fell.percent, row.fell.n)
    for table, rows in (
        (REFERRALS_BY_LOCALITY, page.referrals_by_locality),
        (REFERRALS_BY_CATEGORY, page.referrals_by_category),
    ):
        for row in rows:
            yield count(table, row.name, MADE, row.made)
            yield count(table, row.name, JOINED, row.joined)
            if row.median_shown:
                yield Figure(table, row.name, MEDIAN, row.median_days, str(row.attended))
    for row in page.responses_by_locality:
        yield count(RESPONSES_BY_LOCALITY, row.name, ASKED, row.asked)
        yield count(RESPONSES_BY_LOCALITY, row.name, ANSWERED, row.answered)
        if row.rate is not None:
            yield Figure(RESPONSES_BY_LOCALITY, row.name, RATE, row.rate.percent, row.rate.n)
    for row in page.themes_by_locality:
        for locality, shown in row.by_locality:
            yield count(STORY_THEMES, row.name, locality, shown)
        yield count(STORY_THEMES, row.name, ALL_LOCALITIES, row.total)


# Change the version whenever OutcomesPage changes shape or any class in it moves module, so no
# server reads an old pickle (v2: home.impact became a package; v3: shares, response rates, the
# reporting period; v4: stories' themes by area).
CACHE_KEY = "impact:figures:v4"
CACHE_SECONDS = 300


def impact_figures() -> OutcomesPage:
    """The published figures, kept for a few minutes: they change slowly and the page is public.
    as_of is when they were worked out, so it says how old a cached copy is."""
    return cache.get_or_set(CACHE_KEY, outcomes_page, CACHE_SECONDS)
