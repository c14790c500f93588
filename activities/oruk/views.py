"""/api/oruk/: the Open Referral UK 3.0 read API. Views only read the query (activities.oruk.params),
find rows (selectors) and map them (mapping); every answer, error or not, is JSON that any web
page may read (CORS), and a 200 is cacheable with validators.

Conditional requests: the ETag is worked out before any query, from the published data's version
(which every save that changes the directory moves), today's date (a pause ends and a listing
goes stale with the date), the address and the parameters the endpoint reads, so a client that
has the current copy gets a 304 without the list being built.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, time
from functools import lru_cache, wraps

from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from activities.oruk import feed_index, openapi
from activities.oruk.mapping import Mapper
from activities.oruk.params import READS, BadRequest, Query, read_query
from activities.oruk.selectors import (
    activities_in_order,
    activity_at,
    matching_text,
    organization_entries,
    page_of,
    partners_in_order,
    service_rows,
)
from creative_minds.page_cache import normalised_query, vary_on_query

VERSION = "HSDS-UK-3.0"
MAX_AGE = 300
JSON_TYPE = "application/json"
METHODS = "GET, HEAD, OPTIONS"
TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


class NotFound(LookupError):
    """No published record answers to this id."""


def problem(status: int, detail: str) -> HttpResponse:
    """An error as RFC 9457 problem details."""
    body = {"type": "about:blank", "title": TITLES[status], "status": status, "detail": detail}
    response = HttpResponse(_dumps(body), status=status, content_type=openapi.PROBLEM_TYPE)
    return _open_to_all(response)


def feed_endpoint(endpoint: str | None = None):
    """A read-only endpoint: GET and HEAD answered with `produce(request, feed, query, **kwargs)`
    as JSON, OPTIONS with what is allowed, anything else 405; bad parameters 400, unknown ids 404."""

    def decorate(produce):
        @wraps(produce)
        def view(request, **kwargs):
            if request.method == "OPTIONS":
                return _options()
            if request.method not in ("GET", "HEAD"):
                response = problem(405, "This feed can only be read: use GET")
                response["Allow"] = METHODS
                return response
            reads = READS.get(endpoint, ())
            try:
                query = read_query(request.GET, endpoint) if endpoint else Query()
            except BadRequest as error:
                return problem(400, str(error))
            feed = feed_index.current()
            etag = _etag(request, feed, reads)
            last_modified = int(max(feed.changed_at, datetime.combine(feed.day, time.min).timestamp()))
            unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if unchanged is not None:
                return _cacheable(unchanged, etag, last_modified)
            try:
                body = produce(request, feed, query, **kwargs)
            except NotFound as error:
                return problem(404, str(error))
            response = HttpResponse(_dumps(body), content_type=JSON_TYPE)
            return vary_on_query(_cacheable(response, etag, last_modified), reads)

        # Nothing here writes, so a POST is answered with the feed's own 405 (JSON, with Allow),
        # not the CSRF check's HTML page.
        return csrf_exempt(view)

    return decorate


def _dumps(body) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _etag(request, feed, reads) -> str:
    # Everything the body depends on: the data's version, the day, the host and scheme (addresses
    # in the body are absolute), the path and the parameters read.
    parts = (feed.version, feed.day.isoformat(), request.build_absolute_uri(request.path))
    digest = hashlib.sha256("|".join((*parts, normalised_query(request.GET, reads))).encode())
    return f'"{digest.hexdigest()[:32]}"'


def _open_to_all(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def _cacheable(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return _open_to_all(response)


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = METHODS
    response["Access-Control-Allow-Methods"] = METHODS
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = "86400"
    return _open_to_all(response)


def _key(text: str, kind: str) -> str:
    """The id as the feed writes it, or NotFound (an id that is not a UUID is no record's)."""
    try:
        return str(uuid.UUID(text))
    except ValueError as error:
        raise NotFound(f"There is no {kind} with the id {text[:40]!r} in this feed") from error


def _missing(kind: str, key: str) -> NotFound:
    return NotFound(f"There is no {kind} with the id {key} in this feed")


def _activity_for(feed, rows_by_id: dict, id: str, kind: str):
    """The published activity whose `kind` record (a service, a service at a location) has this
    id, read from the row the feed's index gives for it; else NotFound."""
    key = _key(id, kind)
    row = rows_by_id.get(key)
    activity = activity_at(feed, row) if row is not None else None
    if activity is None:
        raise _missing(kind, key)
    return activity


# -- the endpoints ---------------------------------------------------------------------------------
@feed_endpoint()
def root(request, feed, query):
    return {
        "version": VERSION,
        "profile": openapi.PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
    }


@feed_endpoint()
def openapi_json(request, feed, query):
    return _bundled(request.build_absolute_uri(reverse("oruk:root")).rstrip("/"))


@lru_cache(maxsize=8)
def _bundled(server_url: str) -> dict:
    return openapi.bundled(server_url)


@feed_endpoint("services")
def services(request, feed, query):
    paged = page_of(service_rows(feed, query), query)
    mapper = Mapper(request, feed)
    if query.minimal:
        return paged.envelope([mapper.minimal_service(feed.services[row]) for row in paged.items])
    found = activities_in_order([feed.services[row].pk for row in paged.items], full=query.full)
    map_one = mapper.service if query.full else mapper.service_in_list
    return paged.envelope([map_one(activity) for activity in found])


@feed_endpoint()
def service(request, feed, query, id):
    activity = _activity_for(feed, feed.row_of_service, id, "service")
    return Mapper(request, feed).service(activity)


@feed_endpoint("service_at_locations")
def service_at_locations(request, feed, query):
    paged = page_of(service_rows(feed, query, at_a_venue=True), query)
    found = activities_in_order([feed.services[row].pk for row in paged.items], full=query.full)
    mapper = Mapper(request, feed)
    return paged.envelope([mapper.service_at_location(activity, full=query.full) for activity in found])


@feed_endpoint()
def service_at_location(request, feed, query, id):
    activity = _activity_for(feed, feed.row_of_service_at_location, id, "service at a location")
    return Mapper(request, feed).service_at_location(activity, full=True)


@feed_endpoint("organizations")
def organizations(request, feed, query):
    paged = page_of(organization_entries(feed, query), query)
    partners = partners_in_order([entry.pk for entry in paged.items])
    return paged.envelope(
        _organizations(request, feed, partners, full=query.full, full_service=query.full_service)
    )


@feed_endpoint("organization")
def organization(request, feed, query, id):
    key = _key(id, "organization")
    partner_pk = feed.partner_of_organization.get(key)
    partners = partners_in_order([partner_pk]) if partner_pk is not None else []
    if not partners:
        raise _missing("organization", key)
    return _organizations(request, feed, partners, full=True, full_service=query.full_service, listed=True)[0]


def _organizations(
    request, feed, partners, *, full: bool, full_service: bool, listed: bool = False
) -> list[dict]:
    """Organizations, each with its services when asked: in full (`full_service`, one query for
    every partner's), or as the feed's index has them (`listed`, no query)."""
    mapper = Mapper(request, feed)
    rows = {partner.pk: feed.service_rows_of(partner.pk) for partner in partners}
    nested = {}
    if full_service:
        pks = [feed.services[row].pk for partner in partners for row in rows[partner.pk]]
        for activity in activities_in_order(pks, full=True):
            nested.setdefault(activity.partner_id, []).append(mapper.service(activity))
    elif listed:
        for partner in partners:
            nested[partner.pk] = [mapper.minimal_service(feed.services[row]) for row in rows[partner.pk]]
    result = []
    for partner in partners:
        fields = mapper.organization(partner, full=full or full_service)
        if nested.get(partner.pk):
            # Not in the schema's list of fields, which allows more (the standard's description of
            # this endpoint asks for the organization's services).
            fields["services"] = nested[partner.pk]
        result.append(fields)
    return result


@feed_endpoint("taxonomies")
def taxonomies(request, feed, query):
    found = [t for t in feed.taxonomies if matching_text(query.search, t.name, t.description)]
    paged = page_of(found, query)
    mapper = Mapper(request, feed)
    return paged.envelope([mapper.taxonomy(taxonomy, with_terms=False) for taxonomy in paged.items])


@feed_endpoint()
def taxonomy(request, feed, query, id):
    key = _key(id, "taxonomy")
    found = next((taxonomy for taxonomy in feed.taxonomies if taxonomy.id == key), None)
    if found is None:
        raise _missing("taxonomy", key)
    return Mapper(request, feed).taxonomy(found, with_terms=True)


@feed_endpoint("taxonomy_terms")
def taxonomy_terms(request, feed, query):
    # Every term is at the top of its taxonomy (none has a parent): `top_only` keeps them all and
    # `parent_id` finds none.
    found = [
        term
        for term in feed.terms.values()
        if not query.parent_id
        and (not query.taxonomy_id or term.taxonomy_id == query.taxonomy_id)
        and matching_text(query.search, term.name, term.description)
    ]
    paged = page_of(found, query)
    mapper = Mapper(request, feed)
    return paged.envelope([mapper.taxonomy_term(term) for term in paged.items])


@feed_endpoint()
def taxonomy_term(request, feed, query, id):
    key = _key(id, "taxonomy term")
    if key not in feed.terms:
        raise _missing("taxonomy term", key)
    return Mapper(request, feed).taxonomy_term(feed.terms[key])


@feed_endpoint()
def not_found(request, feed, query, path=""):
    raise NotFound("There is nothing at this address in the feed: see openapi.json for its addresses")
