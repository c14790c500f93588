"""The feed's reads: which rows a list shows (worked out on the in-memory indexes, like the
site's search) and the pages of those rows from the database, prefetched, so a list costs the
same few queries whatever its size."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from activities.models import ActivityPage
from activities.oruk.feed_index import FeedIndex
from activities.oruk.params import Query
from creative_minds.geo.places import bounding_box
from creative_minds.search_words import terms
from partners.directory import matching_words
from partners.models import PartnerPage


@dataclass(frozen=True)
class Paged:
    """One page of a list: the standard's envelope without its contents."""

    total_items: int
    page_number: int
    per_page: int
    items: list

    @property
    def total_pages(self) -> int:
        # An empty list is one empty page, so "the last page" is always a page that exists.
        return max(1, math.ceil(self.total_items / self.per_page))

    def envelope(self, contents: list) -> dict:
        return {
            "total_items": self.total_items,
            "total_pages": self.total_pages,
            "page_number": self.page_number,
            "size": len(contents),
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= self.total_pages,
            "empty": not contents,
            "contents": contents,
        }


def page_of(items, query: Query) -> Paged:
    """The page `query` asks for; a page past the end is empty (the list's own envelope says
    how many pages there are), as an unknown filter value gives an empty list."""
    start = (query.page - 1) * query.per_page
    return Paged(len(items), query.page, query.per_page, list(items[start : start + query.per_page]))


def service_rows(feed: FeedIndex, query: Query, *, at_a_venue: bool = False) -> np.ndarray:
    """Index rows of the services (or, with `at_a_venue`, services at a location) the filters
    find: in name order; best match first with `search`; nearest first with `postcode`."""
    facets = feed.facets
    wanted = (feed.at_a_venue if at_a_venue else feed.listed).copy()
    if query.taxonomy_term_id:
        wanted &= feed.term_rows.get(query.taxonomy_term_id, np.zeros_like(wanted))
    if query.taxonomy_id:
        wanted &= feed.taxonomy_rows.get(query.taxonomy_id, np.zeros_like(wanted))
    if query.organization_id:
        partner = feed.partner_of_organization.get(query.organization_id)
        wanted &= facets.partner == partner if partner is not None else False
    if query.modified_after:
        # A page with no record of when it changed is kept: a consumer would otherwise never see it.
        with np.errstate(invalid="ignore"):
            wanted &= ~(feed.last_modified < query.modified_after.timestamp())
    order = np.arange(facets.size)
    if query.search:
        order = facets.text.match(query.search)
    if query.place:
        distances = distances_miles(feed, query)
        if query.proximity_miles is not None:
            wanted &= distances <= query.proximity_miles
        order = order[np.argsort(distances[order], kind="stable")]
    return order[wanted[order]]


def distances_miles(feed: FeedIndex, query: Query) -> np.ndarray:
    """Miles from the place to every row, as the site's search measures them (a bounding box,
    then the search index's own haversine); infinity outside the box or without a point."""
    facets, place = feed.facets, query.place
    distances = np.full(facets.size, np.inf)
    if query.proximity_miles is None:
        rows = np.flatnonzero(~np.isnan(facets.latitude))
    else:
        min_lat, max_lat, min_lon, max_lon = bounding_box(place.point, query.proximity_miles)
        rows = np.flatnonzero(
            (facets.latitude >= min_lat)
            & (facets.latitude <= max_lat)
            & (facets.longitude >= min_lon)
            & (facets.longitude <= max_lon)
        )
    distances[rows] = facets.distances_miles(place.latitude, place.longitude, rows)
    return distances


def activities_in_order(pks: list[int], *, full: bool) -> list[ActivityPage]:
    """The activities, in the order given: with their partner and area in the same query, and
    (for full services) their sessions and categories in one more query each."""
    found = ActivityPage.objects.filter(pk__in=pks).select_related("partner", "locality")
    if full:
        found = found.prefetch_related("sessions", "categories")
    by_pk = {activity.pk: activity for activity in found}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def activity_at(feed: FeedIndex, row: int) -> ActivityPage | None:
    found = activities_in_order([feed.services[row].pk], full=True)
    return found[0] if found else None


def organization_entries(feed: FeedIndex, query: Query) -> list:
    """Published partners, matched as the partner directory matches its words."""
    return matching_words(feed.partners, list(dict.fromkeys(terms(query.search))))


def partners_in_order(pks: list[int]) -> list[PartnerPage]:
    by_pk = PartnerPage.objects.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def matching_text(text: str, *candidates: str) -> bool:
    """Whether every search term is in the candidates' words (taxonomies and their terms)."""
    wanted = set(terms(text))
    return wanted <= set(terms(" ".join(candidates)))
