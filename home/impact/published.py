"""The figures published at /impact/: every count disclosed (home.impact.disclosure), with more
hidden where a published total, the other table, or whether a mean is shown could otherwise give a
hidden count away.

Known limit: the checks treat each kind of count (referrals, taken up, people with both scores)
on its own. A reader also knows that taken up is at most referrals made, and people with both
scores at most taken up; those inequalities are not used in the checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from home.impact.disclosure import (
    MIN_GROUP,
    Disclosed,
    PairedChange,
    bounds_on_total,
    paired_change,
    protect_column,
    protect_overlapping,
    shows_stats,
)
from home.impact.figures import GroupFigures, collect
from home.impact.text import (
    ALL_LOCALITIES,
    answers_needed_text,
    change_text,
    interval_text,
    median_days_text,
    score_text,
    share_text,
)


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

    def referral_row(name, made, joined, figures, is_total=False):
        return ReferralRow(name, made, joined, median_days_text(figures.days_to_first_session), is_total)

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


def _wellbeing_row(
    name: str, shown: Disclosed, figures: GroupFigures, *, is_total: bool = False
) -> WellbeingRow:
    if not shows_stats(shown, figures.people):
        return WellbeingRow(
            name, shown, None, why_not=answers_needed_text(shown, figures.people), is_total=is_total
        )
    change = paired_change(figures.pairs)
    return WellbeingRow(name, shown, change, share=share_text(change), is_total=is_total)


# Change the version whenever OutcomesPage changes shape or any class in it moves module, so no
# server reads an old pickle (v2: home.impact became a package).
CACHE_KEY = "impact:figures:v2"
CACHE_SECONDS = 300


def impact_figures() -> OutcomesPage:
    """The published figures, kept for a few minutes: they change slowly and the page is public."""
    return cache.get_or_set(CACHE_KEY, outcomes_page, CACHE_SECONDS)
