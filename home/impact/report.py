"""The admin's "Wellbeing outcomes" report: exact counts, for trusted staff and coordinators."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median

from home.impact.disclosure import paired_change
from home.impact.figures import ALL, GroupFigures, collect
from home.impact.text import ALL_CATEGORIES, ALL_LOCALITIES


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
        rows.append(_admin_row(locality_name, ALL_CATEGORIES, outcomes.of(locality_id, ALL)))
        for category in outcomes.categories:
            figures = outcomes.figures.get((locality_id, category.pk))
            if figures is not None:
                rows.append(_admin_row(locality_name, category.name, figures))
    return rows


def _admin_row(locality: str, category: str, figures: GroupFigures) -> dict:
    change = paired_change(figures.pairs)
    enough = change.mean_change is not None

    def two_places(value: float | None) -> float | None:
        return round(value, 2) if value is not None else None

    return {
        "locality": locality,
        "category": category,
        "referrals": figures.referrals,
        "taken_up": figures.joined,
        "with_first_session": len(figures.days_to_first_session),
        "median_days": median(figures.days_to_first_session) if figures.days_to_first_session else None,
        "people": figures.people,
        "mean_baseline": two_places(change.mean_baseline),
        "mean_follow_up": two_places(change.mean_followup),
        "mean_change": two_places(change.mean_change),
        "ci_low": two_places(change.ci_low),
        "ci_high": two_places(change.ci_high),
        "share_improved": two_places(change.share_improved * 100) if enough else None,
        "note": "" if enough else change.needed_text,
    }


# ---------------------------------------------------------------------------
