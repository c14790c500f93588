"""What a result card shows, kept as compact columns; an `ActivityCard` is made only when shown.

Search results and a partner's page both list activities as cards, read from the search index
(activities.search.facet_index), so a search needs no query for its results. Every process
holds the cards of every published activity, and one card object each cost most of the index
(issue 16: 17.7 of 19.4 MiB at 20,000 activities). Here a card's words are numbers into one
table of distinct strings, stored as UTF-8 in a single bytes object; the partner's name, the
cost, how to join, the place, the session lines and the need labels repeat across thousands of
activities and are stored once. A page of 20 cards makes 20 small objects when it is shown.
"""

from __future__ import annotations

import datetime
from array import array
from dataclasses import dataclass, field

import numpy as np

from activities.models import ActivityPage
from activities.search.needs import badges

HOW_TO_JOIN = dict(ActivityPage.HowToJoin.choices)
# Joins the lines of a card's "When" (or its need labels) into one table entry: no line has it.
LINE_BREAK = "\n"
NO_DATE = -1  # in the paused_until column: no end date (or not paused)


@dataclass(slots=True)
class ActivityCard:
    pk: int
    title: str
    url: str
    summary: str
    partner_title: str
    where: str
    cost: str
    how_to_join: str
    latitude: float | None
    longitude: float | None
    when: list[str] = field(default_factory=list)
    distance: float | None = None
    needs: list[str] = field(default_factory=list)  # short labels: "Step-free", "Peer-led"
    paused: bool = False
    paused_until: datetime.date | None = None  # the last day of the pause, if it has one

    def paused_note(self, day: datetime.date) -> str:
        """ "Paused until 4 January" while the pause lasts on `day`, else "". Read when the card is
        shown, not when the index is built: a pause that ends needs no rebuild to drop its note."""
        if not self.paused or (self.paused_until is not None and day > self.paused_until):
            return ""
        if self.paused_until is None:
            return "Paused for now"
        until = f"{self.paused_until.day} {self.paused_until:%B}"
        return f"Paused until {until}" + (
            f" {self.paused_until.year}" if self.paused_until.year != day.year else ""
        )


# The string columns, in the order CardRow gives them.
TEXT_COLUMNS = ("title", "url", "summary", "partner_title", "where", "cost", "how_to_join", "when", "needs")


class Strings:
    """Distinct strings as UTF-8 in one bytes object; string n is bytes offsets[n]:offsets[n + 1]."""

    __slots__ = ("data", "offsets")

    def __init__(self, data: bytes, offsets: np.ndarray):
        self.data = data
        self.offsets = offsets

    def __getitem__(self, number: int) -> str:
        return self.data[self.offsets[number] : self.offsets[number + 1]].decode()

    @property
    def nbytes(self) -> int:
        return len(self.data) + self.offsets.nbytes


class CardColumns:
    """Every row's card, by row (the FacetIndex's order): `cards[row]` is an ActivityCard."""

    def __init__(
        self,
        *,
        ids: np.ndarray,
        strings: Strings,
        text: np.ndarray,
        latitude: np.ndarray,
        longitude: np.ndarray,
        paused: np.ndarray,
        paused_until: np.ndarray,
    ):
        self.ids = ids
        self.strings = strings
        self.text = text  # int32, row × TEXT_COLUMNS: each a string's number
        self.latitude = latitude  # NaN for an activity with no point (online only)
        self.longitude = longitude
        self.paused = paused
        self.paused_until = paused_until  # int32 proleptic ordinal, NO_DATE for none

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, row) -> ActivityCard:
        strings = self.strings
        title, url, summary, partner_title, where, cost, how_to_join, when, needs = (
            strings[number] for number in self.text[row].tolist()
        )
        latitude, longitude = float(self.latitude[row]), float(self.longitude[row])
        until = int(self.paused_until[row])
        return ActivityCard(
            pk=int(self.ids[row]),
            title=title,
            url=url,
            summary=summary,
            partner_title=partner_title,
            where=where,
            cost=cost,
            how_to_join=how_to_join,
            latitude=None if latitude != latitude else latitude,  # NaN: no point
            longitude=None if longitude != longitude else longitude,
            when=when.split(LINE_BREAK) if when else [],
            needs=needs.split(LINE_BREAK) if needs else [],
            paused=bool(self.paused[row]),
            paused_until=None if until == NO_DATE else datetime.date.fromordinal(until),
        )

    @property
    def nbytes(self) -> int:
        """What the cards add to the index (the coordinates are the index's own columns)."""
        return self.strings.nbytes + self.text.nbytes + self.paused.nbytes + self.paused_until.nbytes


class CardTable:
    """Collects the cards row by row while the index is built, each distinct string once."""

    def __init__(self, root_paths):
        self._root_paths = root_paths
        self._numbers: dict[str, int] = {"": 0}
        self._data = bytearray()
        self._ends = array("q", [0, 0])  # string n is _data[_ends[n]:_ends[n + 1]]; string 0 is ""
        # Flat machine integers, not lists of Python objects: the build's peak memory counts too.
        self._text = array("i")
        self._paused = array("b")
        self._paused_until = array("i")

    def add(self, row: dict, when: list[str]) -> None:
        """One activity's card from its row (cards' fields, as the index reads them) and the lines
        of its sessions, in the order they are shown."""
        number = self._number
        self._text.extend(
            (
                number(row["title"]),
                number(_relative_url(row["url_path"], self._root_paths)),
                number(row["summary"]),
                number(row["partner_title"]),
                number(_where(row)),
                number(ActivityPage.cost_label_for(row["cost_type"], row["cost_amount"])),
                number(HOW_TO_JOIN.get(row["how_to_join"], "")),
                number(LINE_BREAK.join(when)),
                number(LINE_BREAK.join(badges(row))),
            )
        )
        self._paused.append(row["listing_status"] == ActivityPage.ListingStatus.PAUSED)
        self._paused_until.append(row["paused_until"].toordinal() if row["paused_until"] else NO_DATE)

    def _number(self, text: str) -> int:
        number = self._numbers.get(text)
        if number is None:
            number = self._numbers[text] = len(self._numbers)
            self._data += text.encode()
            self._ends.append(len(self._data))
        return number

    def columns(self, ids: np.ndarray, latitude: np.ndarray, longitude: np.ndarray) -> CardColumns:
        return CardColumns(
            ids=ids,
            strings=Strings(bytes(self._data), np.frombuffer(self._ends, dtype=np.int64).copy()),
            text=np.frombuffer(self._text, dtype=np.int32).reshape(-1, len(TEXT_COLUMNS)).copy(),
            latitude=latitude,
            longitude=longitude,
            paused=np.frombuffer(self._paused, dtype=np.int8).astype(bool),
            paused_until=np.frombuffer(self._paused_until, dtype=np.int32).copy(),
        )


def _where(row) -> str:
    if row["delivery"] == ActivityPage.Delivery.ONLINE:
        return "Online"
    place = ", ".join(part for part in (row["venue_name"], row["postcode"]) if part)
    return f"{place} ({row['locality_name']})"


def _relative_url(url_path: str, root_paths) -> str:
    """The page's path on its site, as Wagtail's page.url gives it for a single-site setup."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            return url_path[len(root.root_path) - 1 :]
    return url_path
