"""The search page's reads: filter, count each facet, order and paginate over the in-memory index."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.urls import reverse

from activities.models import ActivityPage
from activities.search import facet_index
from activities.search.filters import (
    DAY_CHOICES,
    RADIUS_CHOICES,
    WHEN_CHOICES,
    ActivityFilter,
    Selection,
    slot_bits,
)
from activities.search.needs import NEED_FACETS, column_counts, option_counts
from activities.search.understanding import sentence
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
    suggestions: list[Suggestion] = field(default_factory=list)


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
        suggestions=_suggestions(filterset, everything) if paginator.count == 0 else [],
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
    in_category = column_counts(index.counting["category"], others("category"))
    # Each activity's sessions as the bits of one integer: a day's count is one AND per activity.
    in_days = index.slot_bits[others("day")]
    in_whens = index.slot_bits[others("when")]
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
                FacetOption(slug, label, np.count_nonzero(in_days & slot_bits((slug,), whens)), slug in days)
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
                    np.count_nonzero(in_whens & slot_bits(days, (slug,))),
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
        counts = option_counts(
            index.needs[need.name], index.counting[need.name], need, others(need.name), chosen
        )
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


@dataclass(frozen=True)
class Link:
    label: str
    query: str


@dataclass(frozen=True)
class Understanding:
    """What the typed words were read as, and the link to search for them as typed instead."""

    sentence: str
    typed: str
    as_typed_query: str


def understanding_of(filterset: ActivityFilter) -> Understanding | None:
    """None when no word was read as a filter."""
    if not filterset.understood:
        return None
    reading = filterset.reading
    return Understanding(
        sentence(reading.understood, reading.remaining),
        reading.typed,
        _replace(filterset.sent, as_typed="1"),
    )


def place_choices(filterset: ActivityFilter) -> list[Link]:
    """Each place a name shared by several could be, as the same search near it."""
    return [
        Link(place.label, _replace(filterset.data, near=place.label))
        for place in filterset.form.place_candidates
    ]


def area_choices(filterset: ActivityFilter) -> list[Link]:
    """For a place that could not be found: the same search in each area instead."""
    if not filterset.form.has_error("near", "not_found"):
        return []
    return [
        Link(area.name, _replace(filterset.data, near=None, sort=None, locality=area.slug))
        for area in facet_index.current().localities
    ]


def chosen_options(facets: dict[str, Facet]) -> int:
    """How many filter options are ticked (the phone's "Filter results" opens when any is)."""
    return sum(option.selected for facet in facets.values() for option in facet.options)


def _query_string_without_page(filterset: ActivityFilter) -> str:
    return _replace(filterset.data)


@dataclass(frozen=True)
class Suggestion:
    """A way out of a search that found nothing, and how many activities it would give."""

    label: str
    query: str
    count: int


# Filters that are not a choice a person could drop on its own.
NOT_DROPPED = frozenset({"q", "near", "radius", "sort", "as_typed"})
# How many of the best text matches say which type of activity the words are closest to.
CLOSEST_CATEGORY_SAMPLE = 20
# How many searches with one word left out are offered (those finding most first).
FEWER_WORDS_OFFERED = 2


def _suggestions(filterset: ActivityFilter, everything: Selection) -> list[Suggestion]:
    """Ways out of an empty search, each only if it would find something, with its count, all
    counted in the in-memory index (no query): the smallest wider distance; each filter
    dropped in turn; the words without the place; fewer of the words; the search without the
    words; the type of activity closest to the words."""
    found = [
        _wider_distance(filterset, everything),
        *_each_filter_dropped(filterset, everything),
        _without_the_place(filterset, everything),
        *_fewer_words(filterset, everything),
        _without_the_words(filterset, everything),
        _closest_category(filterset, everything),
    ]
    return [suggestion for suggestion in found if suggestion is not None and suggestion.count > 0]


def _count_without(filterset: ActivityFilter, everything: Selection, *names: str) -> np.ndarray:
    return filterset.filter_queryset(everything, exclude=set(names)).mask


def _wider_distance(filterset: ActivityFilter, everything: Selection) -> Suggestion | None:
    if not filterset.place:
        return None
    anywhere = _count_without(filterset, everything, "near")
    for radius in sorted(int(value) for value, _ in RADIUS_CHOICES):
        if radius <= filterset.radius_miles:
            continue
        count = int((anywhere & (filterset.distances(everything.index, radius) <= radius)).sum())
        if count:
            return Suggestion(
                f"Search within {radius} miles", _replace(filterset.data, radius=str(radius)), count
            )
    return None


def _each_filter_dropped(filterset: ActivityFilter, everything: Selection) -> list[Suggestion]:
    data = filterset.form.cleaned_data
    return [
        Suggestion(
            f"Remove '{_chosen_labels(filterset, name)}'",
            _replace(filterset.data, **{name: None}),
            int(_count_without(filterset, everything, name).sum()),
        )
        for name in filterset.filters
        if name not in NOT_DROPPED and _has_value(data.get(name))
    ]


def _has_value(value) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "model"):
        return len(value) > 0
    return True


def _chosen_labels(filterset: ActivityFilter, name: str) -> str:
    """The chosen options of a filter as the page words them ("Saturday, Sunday")."""
    value = filterset.form.cleaned_data.get(name)
    values = value if isinstance(value, list) else [value]
    # Areas and types of activity (filters.HeldChoiceField) have no choices: each chosen one is
    # an index Choice, which is written as its name.
    options = dict(getattr(filterset.form.fields[name], "choices", None) or ())
    labels = [str(options.get(option, option)).split(" (")[0] for option in values]
    return ", ".join(labels)


def _without_the_place(filterset: ActivityFilter, everything: Selection) -> Suggestion | None:
    if not filterset.place:
        return None
    return Suggestion(
        f"Search everywhere, not only near {filterset.place.label}",
        _replace(filterset.data, near=None, radius=None, sort=None),
        int(_count_without(filterset, everything, "near").sum()),
    )


def _fewer_words(filterset: ActivityFilter, everything: Selection) -> list[Suggestion]:
    """The words as any of them rather than all: each word left out in turn, keeping those that
    find most with the other filters ("Search for 'choir' without 'pottery'")."""
    pieces = (filterset.form.cleaned_data.get("q") or "").split()
    if len(pieces) < 2:
        return []
    index = everything.index
    others = _count_without(filterset, everything, "q")
    found = []
    for position, left_out in enumerate(pieces):
        kept = " ".join(pieces[:position] + pieces[position + 1 :])
        matching = np.zeros(index.size, dtype=bool)
        matching[index.text.match(kept)] = True
        found.append(
            Suggestion(
                f"Search for '{kept}' without '{left_out}'",
                _replace(filterset.data, q=kept),
                int((others & matching).sum()),
            )
        )
    found.sort(key=lambda suggestion: -suggestion.count)
    return [suggestion for suggestion in found if suggestion.count][:FEWER_WORDS_OFFERED]


def _without_the_words(filterset: ActivityFilter, everything: Selection) -> Suggestion | None:
    words = filterset.form.cleaned_data.get("q")
    if not words:
        return None
    return Suggestion(
        f"Search without the words '{words}'",
        _replace(filterset.data, q=None, sort=None),
        int(_count_without(filterset, everything, "q").sum()),
    )


def _closest_category(filterset: ActivityFilter, everything: Selection) -> Suggestion | None:
    """The type of activity most common among the best matches for any of the words, with
    every other filter kept: "Search all 'Crafts' activities"."""
    words = filterset.form.cleaned_data.get("q")
    if not words:
        return None
    index = everything.index
    best = index.text.match_any(words)[:CLOSEST_CATEGORY_SAMPLE]
    if not len(best):
        return None
    chosen = {category.pk for category in filterset.form.cleaned_data.get("category") or ()}
    per_category = index.categories[best].sum(axis=0)
    others = _count_without(filterset, everything, "q", "category")
    # The most common type among the best matches that finds something with the other filters.
    for column in np.argsort(-per_category, kind="stable"):
        category_id = index.category_ids[column]
        count = int((others & index.categories[:, column]).sum())
        if per_category[column] == 0:
            return None
        if category_id in chosen or count == 0:
            continue
        category = next(choice for choice in index.category_choices if choice.pk == category_id)
        return Suggestion(
            f"Search all '{category.name}' activities instead",
            _replace(filterset.data, q=None, category=category.slug, sort=None),
            count,
        )
    return None


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


def busiest_addresses() -> list[str]:
    """The pages most visitors ask for, one of each kind, for a gunicorn master to serve itself
    before it forks (creative_minds.serving.warm_up_with): the search, bare and with words and a
    place; the partner directory; the first activity and its partner."""
    search = reverse("activity_search")
    addresses = [
        search,
        f"{search}?{urlencode({'q': 'walking group', 'near': 'Huddersfield', 'radius': 5})}",
        reverse("partner_directory"),
    ]
    activity = ActivityPage.objects.live().select_related("partner").order_by("path").first()
    if activity is not None:
        addresses += [activity.url, activity.partner.url]
    return addresses
