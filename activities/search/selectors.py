"""The search page's reads: filter, count each facet, order and paginate over the in-memory index."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from activities.search import facet_index
from activities.search.filters import (
    DAY_CHOICES,
    RADIUS_CHOICES,
    WHEN_CHOICES,
    ActivityFilter,
    Selection,
    slot_columns,
)
from activities.search.needs import NEED_FACETS, option_counts
from creative_minds.geo.places import distance_miles

PAGE_SIZE = 20


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def any_selected(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class SearchOutcome:
    page: object
    total: int
    facets: dict[str, Facet]
    sort: str
    place: object = None
    radius: int | None = None
    query_string: str = ""
    suggestions: list[dict] = field(default_factory=list)


def search_activities(filterset: ActivityFilter, *, page_number=1) -> SearchOutcome:
    """Filter, count every facet, order and paginate over the in-memory index; then load the
    20 cards on the page from the database. The query count does not depend on the results."""
    index = facet_index.current()
    data = filterset.form.cleaned_data
    place = filterset.place
    sort = _effective_sort(data.get("sort"), has_text=bool(data.get("q")), has_place=bool(place))
    everything = Selection(index)
    rows = _ordered(filterset, filterset.filter_queryset(everything).rows(), index, sort)

    paginator = Paginator(rows, PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    cards = [index.cards[row] for row in page.object_list]
    if place:
        cards = [
            replace(card, distance=distance_miles(place.point, (card.latitude, card.longitude)))
            if card.latitude is not None
            else card
            for card in cards
        ]
    page.object_list = cards

    return SearchOutcome(
        page=page,
        total=paginator.count,
        facets=_facets(filterset, everything),
        sort=sort,
        place=place,
        radius=filterset.radius_miles if place else None,
        query_string=_query_string_without_page(filterset),
        suggestions=_suggestions(filterset) if paginator.count == 0 else [],
    )


def _effective_sort(requested: str | None, *, has_text: bool, has_place: bool) -> str:
    if requested == "relevance" and not has_text:
        requested = None
    if requested == "distance" and not has_place:
        requested = None
    if requested:
        return requested
    if has_place:
        return "distance"
    return "relevance" if has_text else "name"


def _ordered(filterset: ActivityFilter, rows: np.ndarray, index, sort: str) -> np.ndarray:
    """Matching rows in display order. Rows are stored in name order, which breaks every tie."""
    if sort == "distance":
        return rows[np.argsort(filterset.distances(index)[rows], kind="stable")]
    if sort == "newest":
        return index.newest_order[np.isin(index.newest_order, rows)]
    if sort == "relevance":
        ranked = filterset.text_ranked_rows(index)
        return ranked[np.isin(ranked, rows)]
    return rows


def _facets(filterset: ActivityFilter, everything: Selection) -> dict[str, Facet]:
    """Each facet's counts with every other filter applied (so a count says what ticking gives)."""
    data = filterset.form.cleaned_data
    index = everything.index

    def others(name):
        return filterset.filter_queryset(everything, exclude={name}).mask

    in_locality = others("locality")
    in_category = index.categories[others("category")].sum(axis=0)
    in_days = index.slots[others("day")]
    in_whens = index.slots[others("when")]
    free_count = int((others("cost") & index.free).sum())
    whens, days = data.get("when") or (), data.get("day") or ()

    selected_locality = data.get("locality")
    selected_categories = {c.slug for c in data.get("category") or ()}
    column = {category_id: position for position, category_id in enumerate(index.category_ids)}
    return {
        "locality": Facet(
            "locality",
            "Area",
            [
                FacetOption(
                    loc.slug,
                    loc.name,
                    int((in_locality & (index.locality == loc.pk)).sum()),
                    selected_locality is not None and loc.pk == selected_locality.pk,
                )
                for loc in index.localities
            ],
        ),
        "category": Facet(
            "category",
            "Type of activity",
            [
                FacetOption(
                    cat.slug,
                    cat.name,
                    int(in_category[column[cat.pk]]) if cat.pk in column else 0,
                    cat.slug in selected_categories,
                )
                for cat in index.category_choices
            ],
        ),
        "day": Facet(
            "day",
            "Day",
            [
                FacetOption(
                    slug, label, int(in_days[:, slot_columns((slug,), whens)].any(axis=1).sum()), slug in days
                )
                for slug, label in DAY_CHOICES
            ],
        ),
        "when": Facet(
            "when",
            "Time",
            [
                FacetOption(
                    slug,
                    label,
                    int(in_whens[:, slot_columns(days, (slug,))].any(axis=1).sum()),
                    slug in whens,
                )
                for slug, label in WHEN_CHOICES
            ],
        ),
        "cost": Facet(
            "cost",
            "Cost",
            [FacetOption("free", "Free activities only", free_count, data.get("cost") == "free")],
        ),
        **_need_facets(filterset, index, others),
    }


def _need_facets(filterset: ActivityFilter, index, others) -> dict[str, Facet]:
    """Access, who it is for, how to join, in person or online, peer-led: each option counted
    from its column of the index with the other filters applied (activities.search.needs)."""
    facets = {}
    for need in NEED_FACETS:
        chosen = _chosen(filterset.form.cleaned_data.get(need.name))
        counts = option_counts(index.needs[need.name], need, others(need.name), chosen)
        facets[need.name] = Facet(
            need.name,
            need.label,
            [
                FacetOption(value, label, count, value in chosen)
                for (value, label), count in zip(need.choices, counts, strict=True)
            ],
        )
    return facets


def _chosen(value) -> list[str]:
    """A filter's cleaned value as a list: a single checkbox gives one value or none."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def facets_without_counts(data) -> dict[str, Facet]:
    """The filter options for a search that could not run (bad input), keeping what was ticked."""

    def options(name, choices):
        chosen = set(data.getlist(name))
        return [FacetOption(value, label, None, value in chosen) for value, label in choices]

    index = facet_index.current()
    return {
        "locality": Facet(
            "locality", "Area", options("locality", [(x.slug, x.name) for x in index.localities])
        ),
        "category": Facet(
            "category",
            "Type of activity",
            options("category", [(x.slug, x.name) for x in index.category_choices]),
        ),
        "day": Facet("day", "Day", options("day", DAY_CHOICES)),
        "when": Facet("when", "Time", options("when", WHEN_CHOICES)),
        "cost": Facet("cost", "Cost", options("cost", [("free", "Free activities only")])),
        **{need.name: Facet(need.name, need.label, options(need.name, need.choices)) for need in NEED_FACETS},
    }


def chosen_options(facets: dict[str, Facet]) -> int:
    """How many filter options are ticked (the phone's "Filter results" opens when any is)."""
    return sum(option.selected for facet in facets.values() for option in facet.options)


def _query_string_without_page(filterset: ActivityFilter) -> str:
    return _replace(filterset.data)


def _suggestions(filterset: ActivityFilter) -> list[dict]:
    """Ways to widen an empty search: a bigger radius, or dropping one filter at a time."""
    data = filterset.data
    suggestions = []
    if filterset.place:
        radii = [int(value) for value, _ in RADIUS_CHOICES]
        wider = [r for r in radii if r > filterset.radius_miles]
        if wider:
            suggestions.append(
                {"label": f"Search within {wider[0]} miles", "query": _replace(data, radius=str(wider[0]))}
            )
    labels = {
        "q": "your search words",
        "locality": "the area",
        "category": "the type of activity",
        "day": "the days",
        "when": "the times",
        "cost": "free only",
        "access": "the access needs",
        "who": "who it is for",
        "join": "how to join",
        "delivery": "in person or online",
        "peer_led": "peer-led only",
    }
    for key, label in labels.items():
        if data.get(key):
            suggestions.append({"label": f"Remove {label}", "query": _replace(data, **{key: None})})
    return suggestions


def _replace(data, **changes) -> str:
    """The search's query string without its page number, with `changes` (None drops a key)."""
    pairs = []
    for key in data:
        if key == "page" or key in changes:
            continue
        pairs.extend((key, value) for value in data.getlist(key) if value)
    for key, value in changes.items():
        if value is not None:
            pairs.append((key, value))
    return urlencode(pairs)
