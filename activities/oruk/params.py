"""The query parameters the feed reads, checked: every value it cannot use is refused with a
message saying what it takes (a 400), never guessed at and never a server error."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from creative_minds.geo.places import Place, PlaceNotFound, echo, locate
from creative_minds.search_words import clean_search_text

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# A page number is at most this long: larger is certainly past the end, and refused as malformed.
MAX_PAGE_DIGITS = 9
METRES_PER_MILE = 1609.344
MAX_PROXIMITY_METRES = 100_000  # about 62 miles: well beyond the four areas the directory covers
MAX_PLACE_CHARACTERS = 100
_WHOLE_NUMBER = re.compile(r"^[0-9]+$")
_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_TRUE, _FALSE = frozenset(("true", "1")), frozenset(("false", "0"))

# What each endpoint reads (the page cache keys on these and ignores anything else).
PAGING = ("page", "per_page", "format")
SERVICE_FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "postcode",
    "proximity",
)
READS = {
    "services": (*PAGING, *SERVICE_FILTERS, "minimal", "full"),
    "service_at_locations": (*PAGING, *SERVICE_FILTERS, "full"),
    "organizations": (*PAGING, "search", "full", "full_service"),
    "organization": ("full_service",),
    "taxonomies": (*PAGING, "search"),
    "taxonomy_terms": (*PAGING, "search", "taxonomy_id", "top_only", "parent_id"),
}


class BadRequest(ValueError):
    """A parameter the feed cannot use; the message says what it takes, in plain English."""


@dataclass(frozen=True)
class Query:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    search: str = ""
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    parent_id: str | None = None
    modified_after: datetime | None = None
    place: Place | None = None
    proximity_miles: float | None = None
    minimal: bool = False
    full: bool = False
    full_service: bool = False
    top_only: bool = False


def read_query(data, endpoint: str) -> Query:
    """The parameters `endpoint` reads from the query string `data`, checked. Others are ignored."""
    reads = READS[endpoint]
    given = {name: data.get(name) for name in reads if data.get(name) not in (None, "")}
    if given.get("format", "json") != "json":
        raise BadRequest("format must be json: this feed is published as JSON only")
    values = {}
    for name in ("page", "per_page"):
        if name in given:
            values[name] = whole_number(name, given[name])
    if not 1 <= values.get("per_page", DEFAULT_PER_PAGE) <= MAX_PER_PAGE:
        raise BadRequest(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}")
    if values.get("page", 1) < 1:
        raise BadRequest("page must be a whole number, 1 or more")
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        if name in given:
            values[name] = uuid_value(name, given[name])
    for name in ("minimal", "full", "full_service", "top_only"):
        if name in given:
            values[name] = boolean(name, given[name])
    if "search" in given:
        values["search"] = search_text(given["search"])
    if "modified_after" in given:
        values["modified_after"] = moment(given["modified_after"])
    if "postcode" in given:
        values["place"] = place(given["postcode"])
    if "proximity" in given:
        if "place" not in values:
            raise BadRequest("proximity needs a postcode or place to measure from: add postcode")
        values["proximity_miles"] = metres(given["proximity"]) / METRES_PER_MILE
    return Query(**values)


def whole_number(name: str, text: str) -> int:
    text = text.strip()
    if not _WHOLE_NUMBER.match(text) or len(text) > MAX_PAGE_DIGITS:
        raise BadRequest(f"{name} must be a whole number, like 1 or 2")
    return int(text)


def uuid_value(name: str, text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError as error:
        raise BadRequest(
            f"{name} must be an id from this feed, like 3f7b145d-84af-42d7-8fae-eaca714b02b2"
        ) from error


def boolean(name: str, text: str) -> bool:
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise BadRequest(f"{name} must be true or false")


def search_text(text: str) -> str:
    try:
        return clean_search_text(text)
    except ValidationError as error:
        raise BadRequest(error.messages[0]) from error


def moment(text: str) -> datetime:
    """An ISO 8601 date or date and time; without a time zone, UK time (the site's)."""
    text = text.strip()
    try:
        parsed = parse_datetime(text)
        if parsed is None and (day := parse_date(text)) is not None:
            parsed = datetime.combine(day, time.min)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise BadRequest(
            "modified_after must be a date or date and time like 2026-05-01 or 2026-05-01T09:00:00Z"
        )
    if timezone.is_naive(parsed):
        try:
            parsed = timezone.make_aware(parsed)
        except (ValueError, OverflowError) as error:
            raise BadRequest("modified_after must be a date between the years 1 and 9999") from error
    return parsed


def place(text: str) -> Place:
    """A postcode, sector, district or place name, found as the site's search finds `near`."""
    if len(text) > MAX_PLACE_CHARACTERS or not text.isprintable():
        raise BadRequest(f"postcode must be a postcode like HD1 2TA, or a town: not {echo(text)!r}")
    try:
        return locate(text)
    except PlaceNotFound as error:
        raise BadRequest(f"postcode: {error}") from error


def metres(text: str) -> float:
    text = text.strip()
    value = float(text) if _DECIMAL.match(text) and len(text) <= 20 else math.nan
    if not (0 < value <= MAX_PROXIMITY_METRES):
        raise BadRequest(
            f"proximity must be a distance in metres, more than 0 and at most {MAX_PROXIMITY_METRES:,}"
        )
    return value
