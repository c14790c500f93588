"""What an activity's own page reads from other tables (its sessions and its categories), kept in the
search index (activities.search.facet_index), so that the page asks the database for the page alone.

The page read its sessions and its categories with two queries of their own: with the page's own
query, two thirds of the database round trips of the site's second busiest page. The index reads
both anyway, for every activity the search finds. It keeps the sessions as compact columns
(`SessionColumns`), and the page's view hands them to the page as `prefetch_related` would
(`prefetch_from_index`), but only when the index was built from the same publish of the page (the
same `last_published_at`). A page published a moment ago, which this process's index does not have
yet, reads them from the database as before; so does any page the search does not find (an
ended listing).
"""

from __future__ import annotations

import datetime

import numpy as np

from activities.models import ActivitySession, Category
from activities.models.session import Frequency

FREQUENCIES = tuple(Frequency.values)
NONE = -1  # in an integer column: no value (sort_order, valid_to)
NO_WEEK = 99  # in week_of_month: none (-1 is a week: the last of the month)
NEVER_PUBLISHED = -1.0  # no publish has a timestamp before 1970
# What the index reads of each session, after the page's id (facet_index._sessions).
PAGE_SESSION_FIELDS = (
    "pk", "sort_order", "weekday", "start_time", "end_time", "frequency", "week_of_month", "valid_from",
    "valid_to",
)  # fmt: skip

_COLUMNS = np.dtype(
    [
        ("pk", np.int64),
        ("sort_order", np.int32),
        ("weekday", np.int8),
        ("start", np.int64),  # microseconds since midnight
        ("end", np.int64),
        ("frequency", np.int8),  # position in FREQUENCIES
        ("week_of_month", np.int8),
        ("valid_from", np.int32),  # proleptic ordinal
        ("valid_to", np.int32),
    ]
)


def _microseconds(value: datetime.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _time(microseconds: int) -> datetime.time:
    seconds, micro = divmod(int(microseconds), 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime.time(hour, minute, second, micro)


class SessionColumns:
    """Every row's sessions, in the page's order: row n's are sessions[starts[n]:starts[n + 1]]."""

    def __init__(self, starts: np.ndarray, sessions: np.ndarray):
        self.starts = starts
        self.sessions = sessions

    @classmethod
    def build(cls, ids, by_page: dict[int, list[tuple]]) -> SessionColumns:
        """From each activity id's session rows (PAGE_SESSION_FIELDS, in the page's order), for the rows
        `ids` in order."""
        counts = np.fromiter(
            (len(by_page.get(page_id, ())) for page_id in ids), dtype=np.int64, count=len(ids)
        )
        sessions = np.array(
            [
                (
                    pk,
                    NONE if sort_order is None else sort_order,
                    weekday,
                    _microseconds(start),
                    _microseconds(end),
                    FREQUENCIES.index(frequency),
                    NO_WEEK if week is None else week,
                    valid_from.toordinal(),
                    NONE if valid_to is None else valid_to.toordinal(),
                )
                for page_id in ids
                for pk, sort_order, weekday, start, end, frequency, week, valid_from, valid_to in by_page.get(
                    page_id, ()
                )
            ],
            dtype=_COLUMNS,
        )
        return cls(np.concatenate(([0], np.cumsum(counts))).astype(np.int64), sessions)

    def of(self, row: int, page) -> list[ActivitySession]:
        """Row `row`'s sessions as the page's own (unsaved copies of the rows, never saved)."""
        found = []
        for values in self.sessions[self.starts[row] : self.starts[row + 1]].tolist():
            pk, sort_order, weekday, start, end, frequency, week, valid_from, valid_to = values
            session = ActivitySession(
                pk=pk,
                sort_order=None if sort_order == NONE else sort_order,
                page_id=page.pk,
                weekday=weekday,
                start_time=_time(start),
                end_time=_time(end),
                frequency=FREQUENCIES[frequency],
                week_of_month=None if week == NO_WEEK else week,
                valid_from=datetime.date.fromordinal(valid_from),
                valid_to=None if valid_to == NONE else datetime.date.fromordinal(valid_to),
            )
            session._state.adding = False
            session._state.db = page._state.db
            session._state.fields_cache["page"] = page
            found.append(session)
        return found

    @property
    def nbytes(self) -> int:
        return self.starts.nbytes + self.sessions.nbytes


def published_stamp(last_published_at: datetime.datetime | None) -> float:
    """A page's last_published_at as the index keeps it: a timestamp, or NEVER_PUBLISHED for a page
    made live without Wagtail's publish (as the demo data and a bulk import make them)."""
    return last_published_at.timestamp() if last_published_at is not None else NEVER_PUBLISHED


def prefetch_from_index(page, index) -> bool:
    """Give `page` (an ActivityPage from the database) its sessions and categories from `index`, as
    `prefetch_related` would leave them, if the index holds the page as it is now (built from the same
    publish); whether it did. Otherwise the page reads them from the database when it shows them."""
    row = index.position.get(page.pk) if index is not None else None
    if row is None or index.last_published[row] != published_stamp(page.last_published_at):
        return False
    columns = np.flatnonzero(index.categories[row])
    category_ids = {index.category_ids[column] for column in columns}
    categories = [
        Category(**index.category_fields[choice.pk])
        for choice in index.category_choices
        if choice.pk in category_ids
    ]  # in name order, as Category's Meta orders them
    for category in categories:
        category._state.adding = False
        category._state.db = page._state.db
    # What Django's prefetch leaves on each object: a queryset whose results are already in hand.
    # Querysets that would find the same rows, so anything that filters them asks the database.
    page._prefetched_objects_cache = {
        "sessions": _with_results(
            ActivitySession.objects.filter(page_id=page.pk), index.sessions.of(row, page)
        ),
        "categories": _with_results(Category.objects.filter(pk__in=category_ids), categories),
    }
    return True


def _with_results(queryset, results):
    queryset._result_cache = results
    queryset._prefetch_done = True
    return queryset
