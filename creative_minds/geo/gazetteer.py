"""Town and village names → points, from creative_minds/data/places.csv (GeoNames, CC BY 4.0).

The file is a few hundred rows, so it is read once per process into a dict keyed by the name as
`place_key` writes it: a lookup is one dict access, with no table and no migration. The file is
written by `manage.py build_gazetteer` (gazetteer_build.py).
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from creative_minds.search_words import words

PLACES_CSV = Path(__file__).resolve().parent.parent / "data" / "places.csv"
# When the same name is in the same area from both sources, the GeoNames row is the one kept.
SOURCE_ORDER = ("geonames", "post town")
# The names people use for places GeoNames lists under a longer one (reviewed by hand): each
# finds the same place, which keeps its GeoNames name on the page.
ALSO_CALLED = {
    "Hoyland Nether": ("Hoyland",),
    "Wath upon Dearne": ("Wath", "Wath on Dearne"),
    "Bolton upon Dearne": ("Bolton on Dearne",),
}


@dataclass(frozen=True)
class NamedPlace:
    name: str
    area: str  # the local authority, e.g. "Kirklees"
    latitude: float
    longitude: float
    source: str
    label: str  # the name, or "Name, Area" when another area has a place of the same name


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def place_key(text: str) -> str:
    """The form names are compared in: "Wath-upon-Dearne", "WATH  upon dearne" and "Wáth upon
    Dearne" are all "wath upon dearne"."""
    return " ".join(words(fold_accents(text or "")))


class Gazetteer:
    def __init__(self, rows: list[dict[str, str]]):
        by_key: dict[str, dict[str, dict[str, str]]] = {}
        for row in sorted(rows, key=lambda row: SOURCE_ORDER.index(row["source"])):
            for name in (row["name"], *ALSO_CALLED.get(row["name"], ())):
                by_key.setdefault(place_key(name), {}).setdefault(row["area"], row)
        self._places: dict[str, tuple[NamedPlace, ...]] = {
            key: tuple(_named_place(row, ambiguous=len(areas) > 1) for _, row in sorted(areas.items()))
            for key, areas in by_key.items()
        }
        # Each place once, though its other names find it too.
        self._each = tuple(
            {(place.name, place.area): place for places in self._places.values() for place in places}.values()
        )
        self._areas = {place_key(place.area) for place in self._each}
        self.longest_name = max((len(key.split()) for key in self._places), default=0)

    def __len__(self) -> int:
        return len(self._each)

    def __iter__(self):
        return iter(self._each)

    def named(self, key: str) -> tuple[NamedPlace, ...]:
        """Every place called `key` (already a `place_key`), one per area, sorted by area."""
        return self._places.get(key, ())

    def is_area(self, key: str) -> bool:
        return key in self._areas

    def find(self, text: str) -> tuple[NamedPlace, ...]:
        """The places `text` names: "Shelley" (all of them), or "Shelley, Kirklees" (that one).

        After a comma, a word that is not one of the places' areas ("Halifax, West Yorkshire")
        is ignored rather than refused.
        """
        name, comma, qualifier = (text or "").rpartition(",")
        if not comma:
            return self.named(place_key(text))
        places = self.named(place_key(name))
        chosen = tuple(place for place in places if place_key(place.area) == place_key(qualifier))
        return chosen or places or self.named(place_key(text))


def _named_place(row: dict[str, str], *, ambiguous: bool) -> NamedPlace:
    return NamedPlace(
        name=row["name"],
        area=row["area"],
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        source=row["source"],
        label=f"{row['name']}, {row['area']}" if ambiguous else row["name"],
    )


def read_places(path: Path = PLACES_CSV) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return Gazetteer(read_places())
