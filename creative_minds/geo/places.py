"""Turn what a person types ("hd12ta", "HD1 2TA", "hd1", "Hebden Bridge") into a point on the map.

Order of lookup, cheapest first and all offline by default:
1. a full postcode in the local Postcode table;
2. a postcode sector or district in the local PostcodeArea table (the district is also
   the fall-back for a well-formed postcode the table does not hold, e.g. a new one);
3. optionally an online postcode service (POSTCODE_ONLINE_FALLBACK_URL), off by default;
4. for text with no digits, a town or village name in the shipped gazetteer (gazetteer.py).

`locate_postcode` is steps 1-3 only: for a venue's or partner's postcode, which must be one.
`find_place_in_text` finds a place named inside a longer search ("knitting near Batley").
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

import requests
from django.conf import settings
from geopy.distance import EARTH_RADIUS, great_circle

from creative_minds.search_words import STOP_WORDS

from .gazetteer import NamedPlace, gazetteer, place_key
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
PLACE_NOT_FOUND_MESSAGE = (
    "We could not find a place called {text}. Check the spelling, or enter a postcode like HD1 2TA"
)
AMBIGUOUS_MESSAGE = "There is more than one {name}. Choose one: {choices}"
# How much of what was typed a message repeats: enough to recognise it, never a wall of text.
MESSAGE_ECHO_LIMIT = 40

# Words that name a place here but are also everyday words ("park", "bridge"): on their own they
# count as a place only straight after "near", "in" or "around".
EVERYDAY_WORDS = frozenset((
    "bank", "bridge", "common", "green", "hall", "hill", "lane", "mill", "moor", "park", "shaw",
    "moss", "walk", "wood",
))  # fmt: skip
PLACE_PREPOSITIONS = frozenset(("near", "in", "around"))
# Up to this many postcode-shaped words of a search are looked up (one query each), so a search
# pasted full of codes costs a bounded number of queries.
POSTCODE_TRIES = 3


class PlaceNotFound(ValueError):
    """The text is not a postcode or place we can find. The message is safe to show to the user."""


class AmbiguousPlace(PlaceNotFound):
    """The name belongs to places in more than one area; `candidates` lists them, sorted by area."""

    def __init__(self, name: str, candidates: list[Place]):
        choices = ", ".join(candidate.label for candidate in candidates)
        super().__init__(AMBIGUOUS_MESSAGE.format(name=name, choices=choices))
        self.candidates = candidates


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    precision: str  # "postcode", "sector", "district", or "place" for a town or village

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)

    @property
    def is_named_place(self) -> bool:
        """True for a town or village, whose point is its centre rather than a postcode's."""
        return self.precision == "place"


@dataclass(frozen=True)
class PlaceInText:
    """What `find_place_in_text` found in a search: the place (or the candidates, when the name
    is ambiguous), the words as typed that named it, and the rest of the search."""

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
    """Return the point for a postcode, sector, district or place name, or raise PlaceNotFound
    (AmbiguousPlace when the name belongs to places in more than one area)."""
    text = text or ""
    if any(character.isdigit() for character in text) or not place_key(text):
        # Digits mean a postcode, perhaps mistyped: its own messages say how to write one. A town
        # typed with one ("Halifax HX1", "HD1 Huddersfield") is read as the postcode in it.
        try:
            return locate_postcode(text)
        except PlaceNotFound:
            within = find_place_in_text(text)
            if within.place is None or not gazetteer().find(within.remaining):
                raise
            return within.place
    return locate_named_place(text)


def locate_named_place(text: str) -> Place:
    """The town or village `text` names ("Hebden Bridge", "Shelley, Kirklees")."""
    found = gazetteer().find(text)
    if not found:
        raise PlaceNotFound(PLACE_NOT_FOUND_MESSAGE.format(text=echo(text)))
    if len(found) > 1:
        raise AmbiguousPlace(found[0].name, [place_from(named) for named in found])
    return place_from(found[0])


def place_from(named: NamedPlace) -> Place:
    return Place(named.label, named.latitude, named.longitude, "place")


def echo(text: str) -> str:
    """What was typed, as a message may repeat it: printable, single-spaced and short."""
    shown = " ".join("".join(c for c in text if c.isprintable()).split())
    return shown if len(shown) <= MESSAGE_ECHO_LIMIT else f"{shown[:MESSAGE_ECHO_LIMIT].rstrip()}…"


def locate_postcode(text: str) -> Place:
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

    Forms validate postcodes with `locate_postcode`; this is for saving, where a missing point only
    means the record is left out of distance searches.
    """
    if not postcode:
        return None, None
    try:
        place = locate_postcode(postcode)
    except PlaceNotFound:
        return None, None
    return place.latitude, place.longitude


# The words of a search with where they are in it, so that what named a place can be cut out as
# typed; each word is then read by the shared `words` rule, like every search.
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_INWARD = re.compile(r"^[0-9][A-Z]{2}$")
_SECTOR_DIGIT = re.compile(r"^[0-9]$")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    typed: str
    key: str  # the word as place names are compared, "" for none

    @property
    def looks_like_postcode(self) -> bool:
        return any(c.isdigit() for c in self.typed) and any(c.isalpha() for c in self.typed)


def find_place_in_text(text: str) -> PlaceInText:
    """The place a search names, if any: a postcode, sector or district ("art HD1", "art hx1 2aa"),
    else the longest run of words that names a town or village ("art in hebden bridge"). The
    rest of the search is returned without those words and without a "near", "in" or "around"
    just before them. A postcode wins over a name: it is the more exact of the two.
    """
    text = text or ""
    typed_words = [_Word(m.start(), m.end(), m.group(), place_key(m.group())) for m in _WORD.finditer(text)]
    return (
        _postcode_in(text, typed_words)
        or _name_in(text, typed_words)
        or PlaceInText(None, (), "", " ".join(text.split()))
    )


def _postcode_in(text: str, typed: list[_Word]) -> PlaceInText | None:
    tries = 0
    for index, word in enumerate(typed):
        if not word.looks_like_postcode:
            continue
        if tries == POSTCODE_TRIES:
            return None
        tries += 1
        following = typed[index + 1] if index + 1 < len(typed) else None
        spans = [index, index + 1] if following and _completes_postcode(word, following) else [index]
        for last in reversed(spans):
            try:
                place = locate_postcode(text[word.start : typed[last].end])
            except PlaceNotFound:
                continue
            return _found(text, typed, index, last, place, ())
    return None


def _completes_postcode(outward: _Word, following: _Word) -> bool:
    """True when `following` is the rest of a postcode or sector ("2AA", "2") after `outward`."""
    upper = following.typed.upper()
    return bool(_INWARD.match(upper) or _SECTOR_DIGIT.match(upper)) and len(outward.typed) <= 4


def _name_in(text: str, typed: list[_Word]) -> PlaceInText | None:
    places = gazetteer()
    for length in range(min(places.longest_name, len(typed)), 0, -1):
        for first in range(len(typed) - length + 1):
            last = first + length - 1
            key = " ".join(word.key for word in typed[first : last + 1])
            found = places.named(key)
            if not found or (length == 1 and not _may_name_a_place_alone(typed, first)):
                continue
            last, found = _with_area(typed, last, found)
            places_found = [place_from(named) for named in found]
            if len(places_found) == 1:
                return _found(text, typed, first, last, places_found[0], ())
            return _found(text, typed, first, last, None, tuple(places_found))
    return None


def _may_name_a_place_alone(typed: list[_Word], index: int) -> bool:
    """A stop word never names a place alone; an everyday word only after "near", "in" or "around"."""
    key = typed[index].key
    if key in STOP_WORDS:
        return False
    return key not in EVERYDAY_WORDS or _preposition_before(typed, index)


def _preposition_before(typed: list[_Word], index: int) -> bool:
    return index > 0 and typed[index - 1].key in PLACE_PREPOSITIONS


def _with_area(
    typed: list[_Word], last: int, found: tuple[NamedPlace, ...]
) -> tuple[int, tuple[NamedPlace, ...]]:
    """Take an area's name just after the place's as part of it ("Shelley, Kirklees"): that one."""
    if last + 1 >= len(typed):
        return last, found
    following = typed[last + 1].key
    chosen = tuple(named for named in found if place_key(named.area) == following)
    if chosen:
        return last + 1, chosen
    return last, found


def _found(
    text: str, typed: list[_Word], first: int, last: int, place: Place | None, candidates: tuple[Place, ...]
) -> PlaceInText:
    cut_from = typed[first - 1].start if _preposition_before(typed, first) else typed[first].start
    cut_to = typed[last].end
    remaining = " ".join(f"{text[:cut_from]} {text[cut_to:]}".split()).strip(" ,;:-")
    return PlaceInText(place, candidates, text[typed[first].start : cut_to], remaining)
