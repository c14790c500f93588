"""What an activity's own page shows beyond its fields: the sessions with their next dates, a map
link, the venue for the map drawn in the browser and schema.org JSON-LD for search engines; and
the places on any page's map (`map_places`).

activities.models.activity imports this module (ActivityPage.get_context), so nothing here imports
the models back: the page is passed in.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from activities.schedule import Weekday, format_time

NEXT_DATES = 3
# Sessions named in a label before "and more".
LABEL_SESSIONS = 2


def activity_detail_context(activity, request) -> dict:
    """What an activity's page shows beyond its own fields."""
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
        "map_places": map_places([_venue(activity, request)]),
        "json_ld": json_ld_for(activity, request, sessions),
    }


def _map_url(activity) -> str | None:
    if activity.latitude is None:
        return None
    return (
        "https://www.openstreetmap.org/?"
        + urlencode({"mlat": f"{activity.latitude:.5f}", "mlon": f"{activity.longitude:.5f}"})
        + f"#map=17/{activity.latitude:.5f}/{activity.longitude:.5f}"
    )


@dataclass(frozen=True, slots=True)
class MapItem:
    """One activity as a map shows it: what a search result card gives (ActivityCard has the same
    attributes), so `map_places` takes cards and an activity page's own venue alike."""

    title: str
    url: str
    where: str
    latitude: float | None
    longitude: float | None


# A result card's `where` for an activity that meets only online (activities.search.cards): such an
# activity may still have a postcode, the organiser's, which is not a place to go.
ONLINE_ONLY_WHERE = "Online"
# Places closer than this (in degrees, about a metre) are one place on the map.
PLACE_DECIMALS = 5


def map_places(items) -> list[dict]:
    """The places to mark on a map, one for each venue, each listing the activities there in the
    order given: [{"lat", "lng", "activities": [{"title", "url", "where"}]}]. Activities with no
    coordinates, or that meet only online, have no place."""
    places: dict[tuple[float, float], dict] = {}
    for item in items:
        if item.latitude is None or item.longitude is None or item.where == ONLINE_ONLY_WHERE:
            continue
        point = (round(item.latitude, PLACE_DECIMALS), round(item.longitude, PLACE_DECIMALS))
        place = places.setdefault(point, {"lat": point[0], "lng": point[1], "activities": []})
        place["activities"].append({"title": item.title, "url": item.url, "where": item.where})
    return list(places.values())


def _venue(activity, request) -> MapItem:
    # get_url(request): the site's root paths as this request already read them (page.url would
    # read them again from the cache).
    url = activity.get_url(request)
    if activity.delivery == activity.Delivery.ONLINE:
        return MapItem(activity.title, url, ONLINE_ONLY_WHERE, None, None)
    where = ", ".join(part for part in (activity.venue_name, activity.postcode) if part)
    return MapItem(activity.title, url, where, activity.latitude, activity.longitude)


def visitor_url(page, request) -> str:
    """The page's full address as the visitor reached the site (not the Site record's host name,
    which a fresh database sets to localhost)."""
    return request.build_absolute_uri(page.get_url(request))


SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SCHEMA_FREQUENCY = {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}


def json_ld_for(activity, request, sessions) -> str:
    """schema.org Event with its recurring schedule and place, for search engines."""
    url = visitor_url(activity, request)
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
            "url": visitor_url(activity.partner, request),
        },
        "isAccessibleForFree": activity.cost_type == activity.CostType.FREE,
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
    if activity.cost_type == activity.CostType.PAID and activity.cost_amount is not None:
        data["offers"] = {"@type": "Offer", "price": str(activity.cost_amount), "priceCurrency": "GBP"}
    encoded = json.dumps(data, cls=DjangoJSONEncoder)
    # Escape the characters that could close the script element early.
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(encoded)  # noqa: S308 - escaped above


def distinguishing_label(activity) -> str:
    """The title with when and where it meets, so that lists of activities with one name can be told
    apart: "Knit and natter (Tuesday 10am, Thursday 2pm; Batley Library)". Reads
    `activity.sessions.all()`: prefetch the sessions for a list."""
    sessions = sorted(activity.sessions.all(), key=lambda session: (session.weekday, session.start_time))
    when = ", ".join(
        f"{Weekday(session.weekday).label} {format_time(session.start_time)}"
        for session in sessions[:LABEL_SESSIONS]
    )
    if len(sessions) > LABEL_SESSIONS:
        when += " and more"
    where = activity.venue_name or ("online" if activity.delivery == "online" else activity.postcode)
    details = "; ".join(part for part in (when, where) if part)
    return f"{activity.title} ({details})" if details else activity.title
