"""What the feed knows about every published activity and partner without a query: their ids,
which terms they carry, their venues and when they last changed. Kept per process, rebuilt after
any change, like the search's own index.

Why: the feed's filters (search, terms, taxonomies, organization, modified_after, postcode and
proximity) are worked out on the search's in-memory index (activities.search.facet_index), so the
feed finds exactly what /activities/ finds and a list page reads from the database only the
services on that page. A look-up by a derived id (a service at a location) needs every such id,
which only this index has.

Which activities: those the public search finds (`ActivityPage.objects.in_search()`: live, public,
not ended, confirmed recently enough) whose partner is published. A stale listing, past its review
date unconfirmed, is out of the search because its details may no longer be true, and so out of
the feed, where a link worker's tool would otherwise keep sending people to it; it comes back when
the partner confirms it. An ended activity is out of both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from activities.models import ActivityPage, Category
from activities.oruk import ids
from activities.oruk.taxonomies import ACTIVITY_TYPES, Taxonomy, Term, all_taxonomies
from activities.search import facet_index, partner_index
from activities.search.facet_index import FacetIndex, PerProcessCopy
from activities.search.needs import NEED_FACETS
from partners.directory import PartnerEntry
from partners.models import PartnerPage

# When a page last changed, best first: a page made outside the admin (a migration, a script) may
# have no publishing date, but has a revision or a first publication.
MODIFIED_FIELDS = ("last_published_at", "latest_revision_created_at", "first_published_at")
CHANGED_AT_KEY = "oruk:version-first-built"
CHANGED_AT_SECONDS = 7 * 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class ServiceRow:
    pk: int
    id: str
    name: str
    partner_pk: int
    organization_id: str
    location_id: str | None  # None for an activity that meets only online
    service_at_location_id: str | None
    paused: bool  # paused on `FeedIndex.day`
    last_modified: float  # a POSIX timestamp; NaN if the page has no record of it


@dataclass(frozen=True, eq=False)
class FeedIndex:
    version: str
    day: date
    changed_at: float  # when any process first built this version (POSIX time), for Last-Modified
    facets: FacetIndex
    services: tuple[ServiceRow | None, ...]  # by facet row; None where the feed leaves a row out
    listed: np.ndarray  # bool by facet row: in the feed
    at_a_venue: np.ndarray  # bool by facet row: in the feed with a physical location
    last_modified: np.ndarray  # POSIX timestamp by facet row
    row_of_service: dict[str, int]
    row_of_service_at_location: dict[str, int]
    partners: tuple[PartnerEntry, ...]  # published partners, in name order (the directory's own)
    organization_ids: dict[int, str]  # partner page id → organization id
    partner_of_organization: dict[str, int]
    taxonomies: tuple[Taxonomy, ...]
    terms: dict[str, Term]
    term_rows: dict[str, np.ndarray]  # term id → bool by facet row
    taxonomy_rows: dict[str, np.ndarray]  # taxonomy id → bool by facet row: any of its terms

    def service_rows_of(self, partner_pk: int) -> np.ndarray:
        return np.flatnonzero(self.listed & (self.facets.partner == partner_pk))


def current() -> FeedIndex:
    """The index for the latest published data and today: a pause ends, and a listing goes
    stale, with the date, not with an edit."""
    index = _index.get()
    if index.day != timezone.localdate():
        _index.drop()
        index = _index.get()
    return index


def build(version: str) -> FeedIndex:
    # The search's copies of exactly this version: a background build may start while this
    # process still holds older ones.
    facets = facet_index.at_version(version)
    directory = partner_index.at_version(version)
    day = timezone.localdate()
    organization_ids = {
        pk: str(key)
        for pk, key in PartnerPage.objects.live()
        .public()
        .filter(pk__in=[entry.pk for entry in directory.entries])
        .values_list("pk", "translation_key")
    }
    services: list[ServiceRow | None] = [None] * facets.size
    for row in ActivityPage.objects.in_search().values(
        "pk",
        "translation_key",
        "title",
        "partner_id",
        "delivery",
        "postcode",
        "venue_name",
        "listing_status",
        "paused_until",
        *MODIFIED_FIELDS,
    ):
        position = facets.position.get(row["pk"])
        if position is None or row["partner_id"] not in organization_ids:
            continue
        services[position] = _service_row(row, organization_ids[row["partner_id"]], day)
    listed = np.array([service is not None for service in services], dtype=bool)
    taxonomies = all_taxonomies(Category.objects.order_by("name").values_list("slug", "name", "description"))
    term_rows = _term_rows(facets, taxonomies, listed)
    return FeedIndex(
        version=version,
        day=day,
        changed_at=_first_built(version),
        facets=facets,
        services=tuple(services),
        listed=listed,
        at_a_venue=np.array([s is not None and s.location_id is not None for s in services], dtype=bool),
        last_modified=np.array([s.last_modified if s else np.nan for s in services], dtype=np.float64),
        row_of_service={s.id: row for row, s in enumerate(services) if s},
        row_of_service_at_location={
            s.service_at_location_id: row for row, s in enumerate(services) if s and s.service_at_location_id
        },
        partners=tuple(entry for entry in directory.entries if entry.pk in organization_ids),
        organization_ids=organization_ids,
        partner_of_organization={key: pk for pk, key in organization_ids.items()},
        taxonomies=taxonomies,
        terms={term.id: term for taxonomy in taxonomies for term in taxonomy.terms},
        term_rows=term_rows,
        taxonomy_rows={taxonomy.id: _any_of(taxonomy, term_rows, facets.size) for taxonomy in taxonomies},
    )


def last_modified(page) -> datetime | None:
    """When the page (an object, or a dict of MODIFIED_FIELDS) was last changed, if known."""
    values = page if isinstance(page, dict) else {name: getattr(page, name) for name in MODIFIED_FIELDS}
    return next((values[name] for name in MODIFIED_FIELDS if values[name] is not None), None)


def _service_row(row: dict, organization_id: str, day: date) -> ServiceRow:
    service_id = str(row["translation_key"])
    location_id = sal_id = None
    if row["delivery"] != ActivityPage.Delivery.ONLINE and row["postcode"]:
        location_id = ids.location_id(row["postcode"], row["venue_name"])
        sal_id = ids.service_at_location_id(service_id, location_id)
    paused = row["listing_status"] == ActivityPage.ListingStatus.PAUSED and (
        row["paused_until"] is None or day <= row["paused_until"]
    )
    modified = last_modified(row)
    return ServiceRow(
        pk=row["pk"],
        id=service_id,
        name=row["title"],
        partner_pk=row["partner_id"],
        organization_id=organization_id,
        location_id=location_id,
        service_at_location_id=sal_id,
        paused=paused,
        last_modified=modified.timestamp() if modified else np.nan,
    )


def _any_of(taxonomy: Taxonomy, term_rows: dict[str, np.ndarray], size: int) -> np.ndarray:
    carried = np.zeros(size, dtype=bool)
    for term in taxonomy.terms:
        carried |= term_rows[term.id]
    return carried


def _term_rows(
    facets: FacetIndex, taxonomies: tuple[Taxonomy, ...], listed: np.ndarray
) -> dict[str, np.ndarray]:
    """Which rows carry each term: a category's column, or a need option's column, of the search's
    own index (so a term means here what the filter means there)."""
    category_column = {
        choice.slug: facets.category_ids.index(choice.pk)
        for choice in facets.category_choices
        if choice.pk in facets.category_ids
    }
    need_column = {
        facet.name: {value: column for column, (value, _) in enumerate(facet.choices)}
        for facet in NEED_FACETS
    }
    rows = {}
    for taxonomy in taxonomies:
        for term in taxonomy.terms:
            if taxonomy.code == ACTIVITY_TYPES:
                column = category_column.get(term.value)
                matrix = facets.categories
            else:
                column = need_column[taxonomy.code][term.value]
                matrix = facets.needs[taxonomy.code]
            carried = matrix[:, column] if column is not None else np.zeros(facets.size, dtype=bool)
            rows[term.id] = carried & listed
    return rows


def _first_built(version: str) -> float:
    """When this version was first built by any process: shared, so every process sends the same
    Last-Modified. The version changes on every save that changes the directory."""
    key = f"{CHANGED_AT_KEY}:{version}"
    cache.add(key, time.time(), CHANGED_AT_SECONDS)
    return cache.get(key) or time.time()


def forget() -> None:
    _index.drop()


# Built by each worker on the feed's first request after a change, not by the master on every
# publish: the feed is read by a few machines, the search by every visitor.
_index = PerProcessCopy(build, shared=False)
