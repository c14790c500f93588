"""Turn what a person types ("hd12ta", "HD1 2TA", "hd1") into a point on the map.

Order of lookup, cheapest first and all offline by default:
1. a full postcode in the local Postcode table;
2. a postcode sector or district in the local PostcodeArea table (the district is also
   the fall-back for a well-formed postcode the table does not hold, e.g. a new one);
3. optionally an online postcode service (POSTCODE_ONLINE_FALLBACK_URL), off by default.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

import requests
from django.conf import settings
from geopy.distance import EARTH_RADIUS, great_circle

from .models import Postcode, PostcodeArea

logger = logging.getLogger(__name__)

MILES_PER_KM = 0.621371
EARTH_RADIUS_MILES = EARTH_RADIUS * MILES_PER_KM

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL = re.compile(rf"^(?P<outward>{_OUTWARD})(?P<inward>[0-9][A-Z]{{2}})$")
_SECTOR = re.compile(rf"^(?P<outward>{_OUTWARD}) (?P<sector>[0-9])$")
_DISTRICT = re.compile(rf"^{_OUTWARD}$")

INVALID_MESSAGE = "Enter a postcode like HD1 2TA, or the first part of one, like HD1"
NOT_FOUND_MESSAGE = "We could not find {code}. Check it and try again, or enter just the first part, like HD1"


class PlaceNotFound(ValueError):
    """The text is not a postcode we can place. The message is safe to show to the user."""


class AmbiguousPlace(PlaceNotFound):
    """The name belongs to more than one place; `candidates` are each of them."""

    def __init__(self, message: str, candidates: list[Place]):
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    precision: str  # "postcode", "sector" or "district"

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)

    @property
    def is_named_place(self) -> bool:
        return self.precision == "place"


@dataclass(frozen=True)
class PlaceInText:
    """A place named inside a longer text: `matched` is how it was typed, `remaining` the rest."""

    place: Place | None
    candidates: tuple[Place, ...]
    matched: str
    remaining: str


def normalise(text: str) -> tuple[str, str]:
    """Return (kind, code) with code written the standard way, e.g. ("postcode", "HD1 2TA").

    kind is "postcode", "sector" or "district". Raises PlaceNotFound for anything else.
    """
    cleaned = " ".join((text or "").upper().split())
    compact = cleaned.replace(" ", "")
    if match := _FULL.match(compact):
        return "postcode", f"{match['outward']} {match['inward']}"
    if match := _SECTOR.match(cleaned):
        return "sector", f"{match['outward']} {match['sector']}"
    if _DISTRICT.match(compact):
        return "district", compact
    raise PlaceNotFound(INVALID_MESSAGE)


def locate(text: str) -> Place:
    """Return the point for a postcode, sector or district, or raise PlaceNotFound."""
    kind, code = normalise(text)
    compact = code.replace(" ", "")
    if kind == "postcode":
        row = Postcode.objects.filter(compact=compact).values("latitude", "longitude").first()
        if row:
            return Place(code, row["latitude"], row["longitude"], "postcode")
        online = _locate_online(code)
        if online:
            return online
        # A well-formed postcode we do not hold (a new one, say): its district is close enough
        # to list nearby activities, and better than turning the person away.
        compact = code.split(" ")[0]
        kind = "district"
    area = PostcodeArea.objects.filter(compact=compact).values("latitude", "longitude").first()
    if area:
        return Place(code, area["latitude"], area["longitude"], kind)
    raise PlaceNotFound(NOT_FOUND_MESSAGE.format(code=code))


def _locate_online(code: str) -> Place | None:
    """Ask the configured online postcode service (postcodes.io's API shape); None on any failure."""
    base_url = settings.POSTCODE_ONLINE_FALLBACK_URL
    if not base_url:
        return None
    try:
        response = requests.get(
            f"{base_url.rstrip('/')}/postcodes/{code.replace(' ', '')}",
            timeout=settings.POSTCODE_ONLINE_TIMEOUT_SECONDS,
        )
        if response.status_code != 200:
            return None
        result = response.json().get("result") or {}
        return Place(code, float(result["latitude"]), float(result["longitude"]), "postcode")
    except (requests.RequestException, ValueError, KeyError, TypeError):
        logger.warning("Online postcode lookup failed for %s", code, exc_info=True)
        return None


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (geopy; the same sphere as the database ordering)."""
    return great_circle(a, b).miles


def bounding_box(point: tuple[float, float], miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains every point within `miles`.

    Used as a cheap indexed pre-filter before the exact distance.
    """
    lat, lon = point
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    # Longitude degrees shrink with latitude; use the widest (polewards) edge to stay safe.
    widest = math.radians(min(89.0, abs(lat) + dlat))
    dlon = math.degrees(miles / (EARTH_RADIUS_MILES * math.cos(widest)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def point_or_none(postcode: str) -> tuple[float | None, float | None]:
    """(latitude, longitude) for a saved postcode, or (None, None) if it cannot be placed.

    Forms validate postcodes with `locate`; this is for saving, where a missing point only
    means the record is left out of distance searches.
    """
    if not postcode:
        return None, None
    try:
        place = locate(postcode)
    except PlaceNotFound:
        return None, None
    return place.latitude, place.longitude


def find_place_in_text(text: str) -> PlaceInText:
    """The first full postcode or district in the text ("yoga HD1", "choir near hx1 2aa")."""
    tokens = (text or "").split()
    for start in range(len(tokens)):
        for length in (2, 1):
            typed = " ".join(tokens[start : start + length])
            if len(tokens[start : start + length]) < length:
                continue
            try:
                kind, _ = normalise(typed)
            except PlaceNotFound:
                continue
            if kind == "sector":
                continue
            try:
                place = locate(typed)
            except PlaceNotFound:
                continue
            before = tokens[:start]
            if before and before[-1].lower() in ("near", "in", "around"):
                before = before[:-1]
            remaining = " ".join([*before, *tokens[start + length :]])
            return PlaceInText(place, (), typed, remaining)
    return PlaceInText(None, (), "", text or "")
