"""Reads for the public activity pages: search with facets, and an activity's detail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe

from activities.filters import (
    DAY_CHOICES,
    RADIUS_CHOICES,
    WHEN_CHOICES,
    WHEN_CONDITIONS,
    ActivityFilter,
    session_condition,
)
from activities.models import ActivityPage, ActivitySession, Category
from creative_minds.geo.expressions import haversine_miles
from creative_minds.geo.places import distance_miles
from partners.models import Locality

PAGE_SIZE = 20
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


def matching_text(queryset, text: str):
    """Wagtail search, kept as a queryset so filters and facets can still be applied to it."""
    return queryset.search(text, operator="and", order_by_relevance=True).get_queryset()


def search_activities(filterset: ActivityFilter, *, page_number=1) -> SearchOutcome:
    """Apply every filter, count each facet, order and paginate. Query count does not grow with results."""
    data = filterset.form.cleaned_data
    base = published_activities()
    if data.get("q"):
        base = matching_text(base, data["q"])

    place = filterset.place
    sort = _effective_sort(data.get("sort"), has_text=bool(data.get("q")), has_place=bool(place))
    results = filterset.filter_queryset(base)
    if place:
        results = results.annotate(distance_sql=haversine_miles(place.latitude, place.longitude))
    results = _order(results, sort)

    # Paginate over primary keys only; the cards' data is loaded for just one page below.
    paginator = Paginator(results.values_list("pk", flat=True), PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    activities = _with_listing_data(page.object_list)
    for activity in activities:
        activity.distance = (
            distance_miles(place.point, (activity.latitude, activity.longitude))
            if place and activity.latitude is not None
            else None
        )
    page.object_list = activities

    return SearchOutcome(
        page=page,
        total=paginator.count,
        facets=_facets(filterset, base),
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


def _order(queryset, sort: str):
    if sort == "distance":
        return queryset.order_by("distance_sql", "title", "pk")
    if sort == "newest":
        return queryset.order_by("-first_published_at", "pk")
    if sort == "relevance":
        return queryset  # Wagtail search has already ordered by rank
    return queryset.order_by("title", "pk")


def _with_listing_data(ids) -> list[ActivityPage]:
    """Load exactly what a result card shows, in a fixed number of queries."""
    ids = list(ids)
    order = {pk: position for position, pk in enumerate(ids)}
    activities = list(
        ActivityPage.objects.filter(pk__in=ids)
        .select_related("partner", "locality")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("name")),
            Prefetch("sessions", queryset=ActivitySession.objects.order_by("sort_order", "pk")),
        )
    )
    activities.sort(key=lambda activity: order[activity.pk])
    return activities


def _facets(filterset: ActivityFilter, base) -> dict[str, Facet]:
    data = filterset.form.cleaned_data
    excluding = filterset.filter_queryset

    locality_counts = dict(
        excluding(base, exclude={"locality"}).order_by().values_list("locality__slug").annotate(n=Count("pk"))
    )
    category_counts = dict(
        ActivityPage.categories.through.objects.filter(
            activitypage_id__in=excluding(base, exclude={"category"}).order_by().values("pk")
        )
        .values_list("category__slug")
        .annotate(n=Count("activitypage_id"))
    )
    day_counts = dict(
        ActivitySession.objects.filter(
            session_condition(whens=data.get("when") or ()),
            page_id__in=excluding(base, exclude={"day"}).order_by().values("pk"),
        )
        .values_list("weekday")
        .annotate(n=Count("page_id", distinct=True))
    )
    when_counts = ActivitySession.objects.filter(
        session_condition(days=data.get("day") or ()),
        page_id__in=excluding(base, exclude={"when"}).order_by().values("pk"),
    ).aggregate(
        **{
            when: Count("page_id", distinct=True, filter=condition)
            for when, condition in WHEN_CONDITIONS.items()
        }
    )
    free_count = excluding(base, exclude={"cost"}).filter(cost_type=ActivityPage.CostType.FREE).count()

    selected_locality = data.get("locality")
    selected_categories = {c.slug for c in data.get("category") or ()}
    selected_days = set(data.get("day") or ())
    selected_whens = set(data.get("when") or ())
    return {
        "locality": Facet(
            "locality",
            "Area",
            [
                FacetOption(
                    loc.slug,
                    loc.name,
                    locality_counts.get(loc.slug, 0),
                    selected_locality is not None and loc.pk == selected_locality.pk,
                )
                for loc in _localities()
            ],
        ),
        "category": Facet(
            "category",
            "Type of activity",
            [
                FacetOption(
                    cat.slug, cat.name, category_counts.get(cat.slug, 0), cat.slug in selected_categories
                )
                for cat in _categories()
            ],
        ),
        "day": Facet(
            "day",
            "Day",
            [
                FacetOption(slug, label, day_counts.get(number, 0), slug in selected_days)
                for number, (slug, label) in enumerate(DAY_CHOICES)
            ],
        ),
        "when": Facet(
            "when",
            "Time",
            [
                FacetOption(slug, label, when_counts.get(slug, 0), slug in selected_whens)
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

    return {
        "locality": Facet("locality", "Area", options("locality", [(x.slug, x.name) for x in _localities()])),
        "category": Facet(
            "category", "Type of activity", options("category", [(x.slug, x.name) for x in _categories()])
        ),
        "day": Facet("day", "Day", options("day", DAY_CHOICES)),
        "when": Facet("when", "Time", options("when", WHEN_CHOICES)),
        "cost": Facet("cost", "Cost", options("cost", [("free", "Free activities only")])),
    }


def _localities():
    return list(Locality.objects.only("pk", "slug", "name").order_by("name"))


def _categories():
    return list(Category.objects.only("pk", "slug", "name").order_by("name"))


def _query_string_without_page(filterset: ActivityFilter) -> str:
    pairs = [
        (key, value)
        for key in filterset.data
        for value in filterset.data.getlist(key)
        if key != "page" and value
    ]
    return urlencode(pairs)


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
