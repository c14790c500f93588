"""A column-per-attribute, in-memory index of the published activities, for search and facets.

Why it exists: the search page shows a count beside every filter option, each counted with
all the *other* filters applied. In SQL that is one scan of every activity per facet per
request (about 80 ms of database time at 20,000 activities). Here each attribute is a numpy
array, so a filter is one vectorised comparison and all the counts of a facet take one pass:
well under a millisecond for 20,000 activities.

The index holds what filters and counts need (ids, locality, partner, categories, the day
and time of each session, cost, coordinates, sort keys), the words of each activity for text
matching (`text`, activities.search.text_index) and what a result card shows (`cards`,
activities.search.cards), so a search needs no query for its results at all.

Freshness (issue 16). Saving or deleting an activity, a session, a category, a locality, a
partner (whose name is on the cards) or a search synonym calls `bump`. Once the transaction
commits (never before: another process could otherwise rebuild from data not yet committed
and keep it), the version number in the shared cache (Redis in production) changes, and the
process that made the change rebuilds its own copy there and then, so the person who saved
sees it on their next page. Every other process notices the new version on its next search and
rebuilds in a background thread while the copy it has keeps answering; a visitor never waits
for a rebuild, except in a process that has no copy yet. Changes in quick succession make at
most one build at a time per process, and the last build reads them all. Under gunicorn
(gunicorn.conf.py) the workers build nothing: their master rebuilds once and replaces them with
workers forked from it, which share its copy (creative_minds.serving), and meanwhile they answer
from the copy they have (so a worker reads the version at most once a second: `published_version`).

Each build reads one consistent snapshot (`snapshot`): every statement in one transaction, at
REPEATABLE READ on PostgreSQL; so a page published while a build runs is either wholly in it or
not at all. Rows of sessions, categories or text for an activity not in the build's rows are
ignored all the same.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import F
from wagtail.models import Site

from activities.models import ActivityPage, ActivitySession, Category
from activities.schedule import EVENING_STARTS, MORNING_ENDS, describe_session
from activities.search.cards import CardColumns, CardTable
from activities.search.needs import ACCESS_FIELDS, NEED_FACETS, OPTIONS_OF
from activities.search.page_parts import PAGE_SESSION_FIELDS, SessionColumns, published_stamp
from activities.search.text_index import LISTING_FIELDS, TextIndex, current_synonyms, fingerprint, listing
from creative_minds import process_copies, serving
from creative_minds.geo.places import EARTH_RADIUS_MILES
from partners.models import Locality

logger = logging.getLogger(__name__)

VERSION_KEY = "activities:facet-index:version"
PARTS_OF_DAY = ("morning", "afternoon", "evening")
SLOTS = 7 * len(PARTS_OF_DAY)  # one column per weekday and part of day

# What the build reads of each published activity, in one statement: the facets' columns, the
# need options and the card.
ROW_FIELDS = (
    "pk", "locality_id", "partner_id", "cost_type", "cost_amount", "latitude", "longitude",
    "first_published_at", "title", "url_path", "summary", "delivery", "venue_name", "postcode",
    "how_to_join", "peer_led", "listing_status", "paused_until", "audience", "audience_group_kind",
    "min_age", "max_age", "last_published_at", *ACCESS_FIELDS.values(),
)  # fmt: skip
ROW_RELATED = {"partner_title": F("partner__title"), "locality_name": F("locality__name")}
SESSION_FIELDS = ("page_id", "weekday", "start_time", "end_time", "frequency", "week_of_month")
ROWS_PER_FETCH = 2000  # rows are read this many at a time, so a build never holds them all


def slot(weekday: int, part: int) -> int:
    return weekday * len(PARTS_OF_DAY) + part


def part_of_day(start_time) -> int:
    if start_time >= EVENING_STARTS:
        return 2
    return 1 if start_time >= MORNING_ENDS else 0


class Choice(NamedTuple):
    """An area or a type of activity as the index holds it (and as the search's filters give it)."""

    pk: int
    slug: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class FacetIndex:
    version: str
    ids: np.ndarray  # activity page ids, in name order (title, then id)
    locality: np.ndarray  # locality id per activity
    partner: np.ndarray  # partner page id per activity
    categories: np.ndarray  # bool matrix: activity × category (columns in category_ids order)
    category_ids: tuple[int, ...]
    slots: np.ndarray  # bool matrix: activity × (weekday, part of day) it has a session in
    slot_bits: np.ndarray  # the same as one int64 per activity, bit n for column n (facet counts)
    free: np.ndarray  # bool per activity
    needs: dict[str, np.ndarray]  # need facet name → bool matrix: activity × option (activities.search.needs)
    # The category matrix ("category") and each need matrix again as float32, for the facets' counts
    # (needs.column_counts): a product with a bool matrix converts all of it on every count.
    counting: dict[str, np.ndarray]
    latitude: np.ndarray  # NaN where the activity has no point (online only)
    longitude: np.ndarray
    newest_order: np.ndarray  # row positions, most recently published first
    position: dict[int, int]  # activity id → row
    localities: tuple[Choice, ...]  # in name order, for the facet's options
    category_choices: tuple[Choice, ...]  # in name order
    cards: CardColumns  # what each result card shows, by row: cards[row] is an ActivityCard
    text: TextIndex  # the words of each row, for text matching
    # For the activity's own page (activities.search.page_parts): when each row was last published
    # (page_parts.published_stamp), its sessions, and every category's fields by id.
    last_published: np.ndarray
    sessions: SessionColumns
    category_fields: dict[int, dict]

    @property
    def size(self) -> int:
        return len(self.ids)

    def everything(self) -> np.ndarray:
        return np.ones(self.size, dtype=bool)

    def rows_of(self, page_ids) -> np.ndarray:
        """Row positions of those activity ids that are in the index, in the order given."""
        position = self.position
        return np.fromiter((position[i] for i in page_ids if i in position), dtype=np.int64)

    def distances_miles(self, latitude: float, longitude: float, rows: np.ndarray) -> np.ndarray:
        """Haversine distance in miles (geopy's great-circle sphere) from a point to the given rows."""
        lat1, lon1 = np.radians(latitude), np.radians(longitude)
        lat2, lon2 = np.radians(self.latitude[rows]), np.radians(self.longitude[rows])
        a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        return 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(a))


def published_version() -> str:
    """The version of the published data, changed after every commit `bump` hears of (the
    partner directory's index follows it too).

    A gunicorn worker whose master rebuilds (creative_minds.serving) reads it at most once every
    process_copies.REVALIDATE_SECONDS: until the master replaces it, the worker answers from the
    copy it has whatever the version says, so a read on every search would be a round trip for
    nothing. Its own change it knows at once (`_published`)."""
    if not serving.rebuilt_by_parent():
        return _read_version()
    now = _now()
    if _version_seen["value"] is None or now - _version_seen["read_at"] >= process_copies.REVALIDATE_SECONDS:
        _version_seen.update(value=_read_version(), read_at=now)
    return _version_seen["value"]


def _read_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _saw_version(version: str | None) -> None:
    _version_seen.update(value=version, read_at=_now())


_copies: list[PerProcessCopy] = []
# A clock that never goes back (a change to the system time must not stretch a worker's grace).
_now = time.monotonic
# The version as a gunicorn worker last read it, and when (published_version).
_version_seen: dict = {"value": None, "read_at": float("-inf")}


class PerProcessCopy:
    """One process's copy of something built from the published data (`build(version)`, whose
    result has a `version`).

    A process with no copy builds one at once. A stale copy keeps answering while one builder
    thread makes the next; it builds again until its copy has the latest version, so changes in
    quick succession make at most one build at a time and a last one that includes them all.
    The thread starts in the process that serves (a gunicorn worker, after the fork), and a
    forked child starts with no builder of its own.

    `shared` copies are built by a gunicorn master before it forks its workers, and again after
    each change (`build_every_copy`). Any other copy is built by each process when first asked
    for: one that few requests need (the open data feed's) would otherwise make every rebuild
    after a publish cost more, for every worker."""

    def __init__(self, build, *, shared: bool = True):
        self._build = build
        self.shared = shared
        self._copy = None
        self._stale_since: float | None = None  # when a worker first saw its copy stale
        self._threads_reset()
        os.register_at_fork(after_in_child=self._threads_reset)
        _copies.append(self)

    def _threads_reset(self) -> None:
        self._state = threading.Lock()  # guards _builder
        self._one_build = threading.Lock()  # one build at a time in this process
        self._builder: threading.Thread | None = None

    def get(self):
        version = published_version()
        copy = self._copy
        if copy is not None and copy.version == version:
            self._stale_since = None
            return copy
        if copy is None or connection.in_atomic_block:
            # No copy to answer with; or the caller is inside a transaction, whose own writes a
            # builder thread (another connection) could not see.
            return self._build_now(version)
        if not self._left_to_parent():
            self._start_builder()
        return copy

    def is_current(self) -> bool:
        """Whether this process's copy (if it has one) is of the latest published data."""
        return self._copy is None or self._copy.version == published_version()

    def _left_to_parent(self) -> bool:
        """A gunicorn worker keeps answering from its stale copy while its master rebuilds and
        replaces it (creative_minds.serving), unless that is taking far longer than it should."""
        if not serving.rebuilt_by_parent():
            return False
        now = _now()
        if self._stale_since is None:
            self._stale_since = now
        return now - self._stale_since < serving.PARENT_GRACE_SECONDS

    def at(self, version: str):
        """The copy for exactly `version`, built now if this process holds another. For a build
        made from this one (the feed's index from the search's): built from an older copy, it
        would keep that copy's rows under the newer version until the next change."""
        copy = self._copy
        if copy is not None and copy.version == version:
            return copy
        return self._build_now(version)

    def refresh(self) -> None:
        """Rebuild this process's copy now, if it has one (after this process's own change). A
        failure is logged, not raised: the change is committed, and the next search builds again.
        A worker whose master rebuilds leaves it to the master, which replaces it within seconds."""
        if self._copy is None or serving.rebuilt_by_parent():
            return
        try:
            with self._one_build:
                self._copy = self._build(published_version())
        except Exception:
            logger.exception("The search index could not be rebuilt after a change")

    def held(self):
        """The copy this process holds now, whatever its version (None if it has none): what a
        rebuild may reuse."""
        return self._copy

    def drop(self) -> None:
        self._copy = None

    def _build_now(self, version: str):
        with self._one_build:
            if self._copy is None or self._copy.version != version:
                self._copy = self._build(version)
            return self._copy

    def _start_builder(self) -> None:
        with self._state:
            if self._builder is None:
                self._builder = threading.Thread(
                    target=self._keep_building, name="search-index-builder", daemon=True
                )
                self._builder.start()

    def _keep_building(self) -> None:
        try:
            while True:
                with self._state:
                    version = published_version()
                    if self._copy is not None and self._copy.version == version:
                        self._builder = None
                        return
                with self._one_build:
                    if self._copy is None or self._copy.version != version:
                        self._copy = self._build(version)
        except Exception:
            # The copy it has keeps answering; the next search after a change tries again.
            logger.exception("The search index could not be rebuilt")
            with self._state:
                self._builder = None
        finally:
            connections.close_all()  # this thread's own connection


def at_version(version: str) -> FacetIndex:
    """The index for `version` exactly (see PerProcessCopy.at)."""
    return _index.at(version)


def current() -> FacetIndex:
    """The index for the latest published data (see "Freshness" above)."""
    return _index.get()


def held() -> FacetIndex | None:
    """This process's index as it is, whatever its version (None before the first build): for a
    reader that checks each row it uses against the database itself (page_parts)."""
    return _index.held()


_unpublished = threading.local()  # bumps this thread has made since it last published a version


def bump(**kwargs) -> None:
    """Mark every process's copies stale once the transaction commits; this process rebuilds its
    own then. Several bumps in one transaction (a page, its sessions, its categories) make one:
    the first of their callbacks publishes a version for all of them, the others find none left."""
    _unpublished.count = getattr(_unpublished, "count", 0) + 1
    transaction.on_commit(_published)


def _published() -> None:
    # A bump whose transaction was rolled back leaves its count: it only makes the next one publish.
    if not getattr(_unpublished, "count", 0):
        return
    _unpublished.count = 0
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _saw_version(version)
    for copy in _copies:
        copy.refresh()


@contextmanager
def snapshot():
    """Every statement inside reads the same committed data: one transaction, REPEATABLE READ on
    PostgreSQL (SQLite's transactions read one snapshot anyway). Inside a transaction already (a
    test, a view's own atomic block), that transaction's view is the one there is."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def build(version: str) -> FacetIndex:
    with snapshot():
        return _read(version)


def _read(version: str) -> FacetIndex:
    """The index from the database, read inside one snapshot. The activities' rows come first;
    every other read is keyed to them, and a row for an activity not among them is ignored."""
    category_rows = list(Category.objects.order_by("name").values())
    category_choices = tuple(Choice(row["id"], row["slug"], row["name"]) for row in category_rows)
    category_ids = tuple(sorted(choice.pk for choice in category_choices))
    localities = tuple(
        Choice(*row) for row in Locality.objects.order_by("name").values_list("pk", "slug", "name")
    )
    session_slots, session_lines, session_rows = _sessions()
    published = ActivityPage.objects.in_search()

    rows = _Rows(Site.get_site_root_paths())
    for row in (
        published.order_by("title", "pk")
        .values(*ROW_FIELDS, **ROW_RELATED)
        .iterator(chunk_size=ROWS_PER_FETCH)
    ):
        rows.add(row, session_slots.get(row["pk"], 0), session_lines.get(row["pk"], []))
    position = rows.position
    ids = np.array(rows.ids, dtype=np.int64)

    categories = _category_matrix(position, category_ids)
    needs = rows.need_matrices()
    latitude = np.array(rows.latitude, dtype=np.float64)  # None becomes NaN
    longitude = np.array(rows.longitude, dtype=np.float64)
    published_at = np.array(rows.published_at, dtype=np.float64)
    last_published = np.array(rows.last_published, dtype=np.float64)
    return FacetIndex(
        version=version,
        ids=ids,
        locality=np.array(rows.locality, dtype=np.int64),
        partner=np.array(rows.partner, dtype=np.int64),
        categories=categories,
        category_ids=category_ids,
        slots=_unpack_slots(rows.slots),
        slot_bits=np.array(rows.slots, dtype=np.int64),
        free=np.array(rows.free, dtype=bool),
        needs=needs,
        counting={
            name: matrix.astype(np.float32) for name, matrix in {"category": categories, **needs}.items()
        },
        latitude=latitude,
        longitude=longitude,
        newest_order=np.lexsort((ids, -published_at)),
        position=position,
        localities=localities,
        category_choices=category_choices,
        cards=rows.cards.columns(ids, latitude, longitude),
        text=_text_index(published, position, categories, category_choices, category_ids, _index.held()),
        last_published=last_published,
        sessions=SessionColumns.build(rows.ids, session_rows),
        category_fields={row["id"]: row for row in category_rows},
    )


def _category_matrix(position: dict[int, int], category_ids: tuple[int, ...]) -> np.ndarray:
    """Activity × category (columns in category_ids order), for the activities in `position`."""
    column_of = {category_id: column for column, category_id in enumerate(category_ids)}
    categories = np.zeros((len(position), len(category_ids)), dtype=bool)
    for page_id, category_id in ActivityPage.categories.through.objects.values_list(
        "activitypage_id", "category_id"
    ):
        if page_id in position and category_id in column_of:
            categories[position[page_id], column_of[category_id]] = True
    return categories


def _sessions() -> tuple[dict[int, int], dict[int, list[str]], dict[int, list[tuple]]]:
    """Per activity id: the (weekday, part of day) slots it meets in, as bits; its sessions' lines
    for the card; and its sessions' rows for its page (page_parts.PAGE_SESSION_FIELDS); each in the
    sessions' order. Every activity's: the rows decide which are kept. A session pattern's line is
    worked out once (thousands of sessions share a few hundred)."""
    slots: dict[int, int] = {}
    lines: dict[int, list[str]] = {}
    rows: dict[int, list[tuple]] = {}
    line_of: dict[tuple, str] = {}
    pattern_length = len(SESSION_FIELDS) - 1
    for page_id, *values in ActivitySession.objects.order_by("page_id", "sort_order", "pk").values_list(
        *SESSION_FIELDS, *PAGE_SESSION_FIELDS
    ):
        key = tuple(values[:pattern_length])
        line = line_of.get(key)
        if line is None:
            line = line_of[key] = describe_session(**dict(zip(SESSION_FIELDS[1:], key, strict=True)))
        weekday, start_time = key[0], key[1]
        slots[page_id] = slots.get(page_id, 0) | 1 << slot(weekday, part_of_day(start_time))
        lines.setdefault(page_id, []).append(line)
        rows.setdefault(page_id, []).append(tuple(values[pattern_length:]))
    return slots, lines, rows


def _unpack_slots(bits: list[int]) -> np.ndarray:
    """The activity × slot matrix from one integer of slot bits per activity."""
    packed = np.array(bits, dtype=np.int64)
    return (packed[:, None] >> np.arange(SLOTS)) & 1 == 1 if len(bits) else np.zeros((0, SLOTS), dtype=bool)


class _Rows:
    """The columns of the index, filled one activity row at a time."""

    def __init__(self, root_paths):
        self.position: dict[int, int] = {}
        self.ids: list[int] = []
        self.locality: list[int] = []
        self.partner: list[int] = []
        self.free: list[bool] = []
        self.latitude: list[float | None] = []
        self.longitude: list[float | None] = []
        self.published_at: list[float] = []
        self.last_published: list[float] = []
        self.slots: list[int] = []
        self.needs: dict[str, list[tuple[int, int]]] = {facet.name: [] for facet in NEED_FACETS}
        self._need_columns = {
            facet.name: {value: column for column, (value, _) in enumerate(facet.choices)}
            for facet in NEED_FACETS
        }
        self.cards = CardTable(root_paths)

    def add(self, row: dict, slot_bits: int, when: list[str]) -> None:
        page_id = row["pk"]
        if page_id in self.position:
            return
        position = self.position[page_id] = len(self.ids)
        self.ids.append(page_id)
        self.locality.append(row["locality_id"])
        self.partner.append(row["partner_id"])
        self.free.append(row["cost_type"] == ActivityPage.CostType.FREE)
        self.latitude.append(row["latitude"])
        self.longitude.append(row["longitude"])
        published = row["first_published_at"]
        self.published_at.append(published.timestamp() if published else 0.0)
        self.last_published.append(published_stamp(row["last_published_at"]))
        self.slots.append(slot_bits)
        for name, options_of in OPTIONS_OF.items():
            columns = self._need_columns[name]
            self.needs[name].extend((position, columns[value]) for value in options_of(row))
        self.cards.add(row, when)

    def need_matrices(self) -> dict[str, np.ndarray]:
        """One boolean matrix per need facet (activities.search.needs): row × option."""
        matrices = {}
        for facet in NEED_FACETS:
            matrix = np.zeros((len(self.ids), len(facet.choices)), dtype=bool)
            if self.needs[facet.name]:
                rows, columns = zip(*self.needs[facet.name], strict=True)
                matrix[list(rows), list(columns)] = True
            matrices[facet.name] = matrix
        return matrices


def _text_index(
    published, position, categories, category_choices, category_ids, previous: FacetIndex | None
) -> TextIndex:
    """The words of each row, with its category names. Given this process's previous index, only
    the rows whose fields changed are read into words again (TextIndex.rebuild)."""
    name_of = {choice.pk: choice.name for choice in category_choices}
    column_names = [name_of[category_id] for category_id in category_ids]
    previous_row = None
    if previous is not None:
        previous_row = np.fromiter(
            (previous.position.get(page_id, -1) for page_id in position), dtype=np.int64, count=len(position)
        )

    def rows():
        for page_id, *values in published.values_list("pk", *LISTING_FIELDS).iterator(
            chunk_size=ROWS_PER_FETCH
        ):
            row = position.get(page_id)
            if row is not None:
                names = [column_names[column] for column in np.flatnonzero(categories[row])]
                yield row, fingerprint(values, names), partial(listing, values, names)

    return TextIndex.rebuild(
        len(position), rows(), current_synonyms(), previous.text if previous else None, previous_row
    )


def build_every_copy() -> None:
    """Build this process's copy of every shared index built from the published data, at the
    latest version (the search's first, then those built on it), as a gunicorn master does before
    forking its workers and again after each change (creative_minds.serving)."""
    version = published_version()
    for copy in _copies:
        if copy.shared:
            copy.at(version)
        else:
            copy.drop()  # each worker builds its own when a request first needs it


def any_copy_stale() -> bool:
    """Whether a change has been published since this process built one of its copies."""
    return not all(copy.is_current() for copy in _copies)


def forget() -> None:
    """Drop this process's copies (the search's and every copy built on its version: the partner
    directory's, the feed's) and the version (tests start each case from the database)."""
    for copy in _copies:
        copy.drop()
    cache.delete(VERSION_KEY)
    _saw_version(None)


_index = PerProcessCopy(build)
