"""Reads for the public activity pages: search with facets, and an activity's detail."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from activities import facet_index
from activities.filters import (
    DAY_CHOICES,
    RADIUS_CHOICES,
    WHEN_CHOICES,
    ActivityFilter,
    Selection,
    slot_columns,
)
from activities.models import ActivityPage
from creative_minds.geo.places import distance_miles

PAGE_SIZE = 20
TEXT_SEARCH_CACHE_SECONDS = 60 * 60
NEXT_DATES = 3


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


def published_activities():
    return ActivityPage.objects.live().public()


def text_search(words: str, version: str) -> list[int]:
    """Ids of published activities matching the words, best match first (Wagtail search).

    Remembered in the cache under the search index's version, so a phrase people search for
    often is looked up once per change to the activities, and a change is never served stale.
    """
    normalised = " ".join(words.lower().split())
    digest = hashlib.sha1(normalised.encode(), usedforsecurity=False).hexdigest()
    key = f"activities:text:{version}:{digest}"
    ids = cache.get(key)
    if ids is None:
        results = published_activities().search(normalised, operator="and", order_by_relevance=True)
        ids = list(results.get_queryset().values_list("pk", flat=True))
        cache.set(key, ids, TEXT_SEARCH_CACHE_SECONDS)
    return ids


def new_search_filter(data) -> ActivityFilter:
    return ActivityFilter(data, queryset=None, text_search=text_search)


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
        ranked = index.rows_of(filterset.text_ranked_ids(index))
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
    }


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
    }


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


# -- activity detail ------------------------------------------------------------------------


def activity_detail_context(activity: ActivityPage, request) -> dict:
    today = timezone.localdate()
    sessions = list(activity.sessions.all())
    schedule = [
        {
            "session": session,
            "description": session.describe(),
            "next_dates": session.next_dates(today, NEXT_DATES),
        }
        for session in sessions
    ]
    next_date = min((d for row in schedule for d in row["next_dates"]), default=None)
    return {
        "schedule": schedule,
        "next_date": next_date,
        "categories": list(activity.categories.all()),
        "partner": activity.partner,
        "map_url": _map_url(activity),
        "json_ld": json_ld_for(activity, request, sessions),
    }


def _map_url(activity: ActivityPage) -> str | None:
    if activity.latitude is None:
        return None
    return (
        "https://www.openstreetmap.org/?"
        + urlencode({"mlat": f"{activity.latitude:.5f}", "mlon": f"{activity.longitude:.5f}"})
        + f"#map=17/{activity.latitude:.5f}/{activity.longitude:.5f}"
    )


def absolute_url(page, request) -> str:
    """The page's full address as the visitor reached the site (not the Site record's host name,
    which a fresh database sets to localhost)."""
    return request.build_absolute_uri(page.get_url(request))


SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SCHEMA_FREQUENCY = {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}


def json_ld_for(activity: ActivityPage, request, sessions) -> str:
    """schema.org Event with its recurring schedule and place, for search engines."""
    url = absolute_url(activity, request)
    location = {"@type": "Place", "name": activity.venue_name or activity.partner.title}
    if activity.address or activity.postcode:
        location["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line.strip() for line in activity.address.splitlines() if line.strip()
            ),
            "postalCode": activity.postcode,
            "addressCountry": "GB",
        }
    if activity.latitude is not None:
        location["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": activity.latitude,
            "longitude": activity.longitude,
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.summary,
        "url": url,
        "eventAttendanceMode": {
            "in_person": "https://schema.org/OfflineEventAttendanceMode",
            "online": "https://schema.org/OnlineEventAttendanceMode",
            "both": "https://schema.org/MixedEventAttendanceMode",
        }[activity.delivery],
        "location": location,
        "organizer": {
            "@type": "Organization",
            "name": activity.partner.title,
            "url": absolute_url(activity.partner, request),
        },
        "isAccessibleForFree": activity.cost_type == ActivityPage.CostType.FREE,
        "eventSchedule": [
            {
                "@type": "Schedule",
                "byDay": f"https://schema.org/{SCHEMA_DAYS[s.weekday]}",
                "startTime": s.start_time.strftime("%H:%M"),
                "endTime": s.end_time.strftime("%H:%M"),
                "repeatFrequency": SCHEMA_FREQUENCY[s.frequency],
                "startDate": s.valid_from.isoformat(),
                **({"endDate": s.valid_to.isoformat()} if s.valid_to else {}),
                "scheduleTimezone": "Europe/London",
            }
            for s in sessions
        ],
    }
    if activity.cost_type == ActivityPage.CostType.PAID and activity.cost_amount is not None:
        data["offers"] = {"@type": "Offer", "price": str(activity.cost_amount), "priceCurrency": "GBP"}
    encoded = json.dumps(data, cls=DjangoJSONEncoder)
    # Escape the characters that could close the script element early.
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(encoded)  # noqa: S308 - escaped above
