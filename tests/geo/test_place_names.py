"""Town and village names → points, offline (creative_minds.geo.places with the shipped gazetteer)."""

import pytest
import requests
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from creative_minds.geo import places
from creative_minds.geo.gazetteer import Gazetteer
from creative_minds.geo.models import Postcode
from creative_minds.geo.places import (
    AmbiguousPlace,
    Place,
    PlaceInText,
    PlaceNotFound,
    find_place_in_text,
    locate,
    locate_postcode,
)
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

HD1_2TA = (53.6439, -1.7826)  # Huddersfield town hall
HX1_1UJ = (53.7244, -1.8607)  # Halifax town hall
KM_PER_DEGREE_OF_LATITUDE = 111.2

# Towns and villages of the four boroughs, with the local authority each is in.
TOWNS_AND_VILLAGES = {
    "Barnsley": [
        "Barnsley", "Birdwell", "Bolton upon Dearne", "Cawthorne", "Cudworth", "Darfield", "Darton",
        "Dodworth", "Great Houghton", "Grimethorpe", "Hoyland Nether", "Little Houghton",
        "Millhouse Green", "Penistone", "Royston", "Shafton", "Silkstone", "Wombwell", "Wortley",
    ],
    "Calderdale": [
        "Barkisland", "Brighouse", "Cornholme", "Elland", "Halifax", "Hebden Bridge", "Holywell Green",
        "Luddenden Foot", "Mytholmroyd", "Rastrick", "Ripponden", "Southowram", "Sowerby Bridge",
        "Todmorden", "Walsden",
    ],
    "Kirklees": [
        "Batley", "Clayton West", "Cleckheaton", "Denby Dale", "Dewsbury", "Emley", "Flockton",
        "Heckmondwike", "Holmfirth", "Huddersfield", "Kirkburton", "Linthwaite", "Liversedge",
        "Marsden", "Meltham", "Mirfield", "New Mill", "Scissett", "Shelley", "Shepley",
        "Skelmanthorpe", "Upper Cumberworth",
    ],
    "Wakefield": [
        "Castleford", "Crigglestone", "Crofton", "Featherstone", "Ferrybridge", "Fitzwilliam",
        "Hemsworth", "Horbury", "Knottingley", "Normanton", "North Elmsall", "Ossett", "Pontefract",
        "Ryhill", "Sharlston", "South Elmsall", "Upton", "Wakefield", "Walton", "Woolley",
    ],
}  # fmt: skip
TOWN_TABLE = [(name, area) for area, names in TOWNS_AND_VILLAGES.items() for name in names]
POST_TOWNS = [
    "Barnsley", "Batley", "Bradford", "Brighouse", "Castleford", "Cleckheaton", "Dewsbury", "Doncaster",
    "Elland", "Halifax", "Hebden Bridge", "Heckmondwike", "Holmfirth", "Huddersfield", "Knottingley",
    "Leeds", "Littleborough", "Liversedge", "Mirfield", "Normanton", "Ossett", "Pontefract",
    "Rotherham", "Sheffield", "Sowerby Bridge", "Todmorden", "Wakefield",
]  # fmt: skip

SEARCH_WORDS = ["near", "in", "hebden", "bridge", "hx1", "2aa", "Shelley", ",", "park", "\x00", "-"]
BOUNDED = hypothesis_settings(
    deadline=None, derandomize=True, database=None, max_examples=300, suppress_health_check=list(HealthCheck)
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.lists(st.sampled_from(SEARCH_WORDS)).map(" ".join),
    st.sampled_from(["x" * 10_000, "Halifax " * 2_000, "\x00", "🎨🧶", "HD1 2TA" * 500, "ǅ", "ﬁ"]),
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch, settings):
    settings.POSTCODE_ONLINE_FALLBACK_URL = ""

    def refuse(*args, **kwargs):
        pytest.fail(f"requests.get was called with {args!r}: place names never need the network")

    monkeypatch.setattr(requests, "get", refuse)


@pytest.fixture
def two_shelleys(monkeypatch):
    """A gazetteer with one name in two areas (the shipped data has none today)."""
    rows = [
        row("Shelley", "Kirklees", 53.6, -1.68333),
        row("Shelley", "Barnsley", 53.55, -1.5),
        row("Halifax", "Calderdale", 53.71667, -1.85),
        row("Halifax", "Calderdale", 53.71667, -1.85, source="post town"),
    ]
    monkeypatch.setattr(places, "gazetteer", lambda: Gazetteer(rows))


def row(name: str, area: str, latitude: float, longitude: float, source: str = "geonames") -> dict[str, str]:
    """A places.csv row."""
    point = {"latitude": str(latitude), "longitude": str(longitude)}
    return {"name": name, "area": area, **point, "source": source}


def within_km_of_a_postcode_in(point: tuple[float, float], area: str, km: float) -> bool:
    """Independently of the build: a live postcode of `area` lies within `km` of `point`."""
    latitude, longitude = point
    degrees = km / KM_PER_DEGREE_OF_LATITUDE
    nearby = Postcode.objects.filter(
        local_authority=area,
        is_live=True,
        latitude__range=(latitude - degrees, latitude + degrees),
        longitude__range=(longitude - 2 * degrees, longitude + 2 * degrees),
    ).values_list("latitude", "longitude")
    return any(haversine_miles(point, other) <= km * 0.621371 for other in nearby)


class TestTownsAndVillages:
    def test_at_least_sixty_of_the_four_boroughs(self):
        assert len(TOWN_TABLE) >= 60

    @pytest.mark.parametrize(("name", "area"), TOWN_TABLE)
    def test_each_resolves_offline_in_any_case_and_spacing(self, name, area):
        for typed in (name, name.upper(), name.lower(), f"  {'   '.join(name.split())}  ", name.swapcase()):
            place = locate(typed)
            assert place == Place(name, place.latitude, place.longitude, "place"), typed
            assert place.is_named_place
        assert within_km_of_a_postcode_in(place.point, area, km=2)

    @pytest.mark.parametrize(
        ("typed", "town_hall"),
        [("Huddersfield", HD1_2TA), ("halifax", HX1_1UJ), ("HUDDERSFIELD", HD1_2TA)],
    )
    def test_a_town_is_at_its_centre(self, typed, town_hall):
        assert haversine_miles(locate(typed).point, town_hall) < 1

    @pytest.mark.parametrize(
        ("typed", "label"),
        [
            ("Wath-upon-Dearne", "Wath upon Dearne"),
            ("wath upon dearne", "Wath upon Dearne"),
            ("WATH-UPON-DEARNE", "Wath upon Dearne"),
            ("Bólton upon Déarne", "Bolton upon Dearne"),
            ("hebden-bridge", "Hebden Bridge"),
            ("Hebden Bridge.", "Hebden Bridge"),
            ("\x00Mirfield\t", "Mirfield"),
            ("Ｏｓｓｅｔｔ", "Ossett"),  # full-width letters, as a phone keyboard may send
        ],
    )
    def test_accents_punctuation_and_spacing_do_not_matter(self, typed, label):
        assert locate(typed).label == label

    @pytest.mark.parametrize("town", POST_TOWNS)
    def test_the_post_towns_are_there(self, town):
        assert locate(town).label == town

    def test_a_postcode_is_still_a_postcode(self):
        assert locate("hd1 2ta").precision == "postcode"
        assert locate("HX1").precision == "district"
        assert not locate("HX1").is_named_place


class TestNameAndArea:
    def test_name_and_area_picks_the_place(self):
        assert locate("Shelley, Kirklees").label == "Shelley"
        assert locate("shelley ,  KIRKLEES").label == "Shelley"

    def test_an_unknown_area_after_the_comma_is_ignored(self):
        assert locate("Halifax, West Yorkshire").label == "Halifax"

    def test_same_name_same_area_from_both_sources_is_one_place(self, two_shelleys):
        assert locate("Halifax").label == "Halifax"


class TestAmbiguous:
    def test_an_ambiguous_name_lists_its_candidates_by_area(self, two_shelleys):
        with pytest.raises(AmbiguousPlace) as caught:
            locate("shelley")
        assert [c.label for c in caught.value.candidates] == ["Shelley, Barnsley", "Shelley, Kirklees"]
        assert all(c.is_named_place for c in caught.value.candidates)
        assert str(caught.value) == (
            "There is more than one Shelley. Choose one: Shelley, Barnsley, Shelley, Kirklees"
        )
        assert isinstance(caught.value, PlaceNotFound)  # so every caller already shows its message

    def test_name_and_area_picks_one(self, two_shelleys):
        place = locate("Shelley, Kirklees")
        assert (place.label, place.point) == ("Shelley, Kirklees", (53.6, -1.68333))
        assert locate("SHELLEY,barnsley").label == "Shelley, Barnsley"

    def test_a_candidate_label_locates_that_candidate(self, two_shelleys):
        with pytest.raises(AmbiguousPlace) as caught:
            locate("Shelley")
        for candidate in caught.value.candidates:
            assert locate(candidate.label) == candidate

    def test_in_a_search_the_candidates_are_offered(self, two_shelleys):
        found = find_place_in_text("choir in shelley")
        assert found.place is None
        assert [c.label for c in found.candidates] == ["Shelley, Barnsley", "Shelley, Kirklees"]
        assert (found.matched, found.remaining) == ("shelley", "choir")
        chosen = find_place_in_text("choir in Shelley, Kirklees on Tuesday")
        assert chosen.place.label == "Shelley, Kirklees"
        assert (chosen.matched, chosen.remaining) == ("Shelley, Kirklees", "choir on Tuesday")


class TestUnknown:
    @pytest.mark.parametrize("typed", ["Slaithwaite-on-Sea", "banana", "Narnia"])
    def test_unknown_name_says_so(self, typed):
        with pytest.raises(PlaceNotFound) as caught:
            locate(typed)
        assert not isinstance(caught.value, AmbiguousPlace)
        assert str(caught.value) == (
            f"We could not find a place called {typed}. Check the spelling, or enter a postcode like HD1 2TA"
        )

    def test_a_long_unknown_name_is_shortened_in_the_message(self):
        with pytest.raises(PlaceNotFound) as caught:
            locate("x" * 10_000)
        assert len(str(caught.value)) < 150
        assert "x" * 40 + "…" in str(caught.value)

    @pytest.mark.parametrize("typed", ["HD1 2TAX", "12345", "1HD 2TA", "hd1 2t", "", "   ", "🎨"])
    def test_text_like_a_mistyped_postcode_keeps_the_postcode_message(self, typed):
        with pytest.raises(PlaceNotFound) as caught:
            locate(typed)
        assert str(caught.value) == places.INVALID_MESSAGE

    def test_a_postcode_only_lookup_refuses_names(self):
        """Venue and partner postcodes must be postcodes, not towns."""
        with pytest.raises(PlaceNotFound) as caught:
            locate_postcode("Halifax")
        assert str(caught.value) == places.INVALID_MESSAGE
        assert places.point_or_none("Halifax") == (None, None)

    @BOUNDED
    @given(text=ANY_TEXT)
    def test_any_text_is_a_place_or_place_not_found(self, text):
        try:
            place = locate(text)
        except PlaceNotFound as error:
            assert str(error)
        else:
            assert isinstance(place, Place)


class TestFindPlaceInText:
    @pytest.mark.parametrize(
        ("text", "label", "matched", "remaining"),
        [
            ("choir Halifax", "Halifax", "Halifax", "choir"),
            ("knitting near Batley", "Batley", "Batley", "knitting"),
            ("art in hebden bridge", "Hebden Bridge", "hebden bridge", "art"),
            ("Hebden Bridge art", "Hebden Bridge", "Hebden Bridge", "art"),
            ("walks around Wath-upon-Dearne", "Wath upon Dearne", "Wath-upon-Dearne", "walks"),
            ("football in Ossett on Saturday", "Ossett", "Ossett", "football on Saturday"),
            ("art HD1", "HD1", "HD1", "art"),
            ("art hx1 2aa", "HX1 2AA", "hx1 2aa", "art"),
            ("art near hx12aa please", "HX1 2AA", "hx12aa", "art please"),
            ("choir, Halifax", "Halifax", "Halifax", "choir"),
            ("men's shed in Ossett", "Ossett", "Ossett", "men's shed"),
            ("Halifax", "Halifax", "Halifax", ""),
            ("in Halifax", "Halifax", "Halifax", ""),
            ("choir near HD1 in Halifax", "HD1", "HD1", "choir in Halifax"),  # a postcode is more exact
        ],
    )  # fmt: skip
    def test_a_place_in_a_search(self, text, label, matched, remaining):
        found = find_place_in_text(text)
        assert found == PlaceInText(found.place, (), matched, remaining)
        assert found.place.label == label

    @pytest.mark.parametrize(
        "text",
        [
            "walking football",
            "yoga",
            "",
            "park run",  # everyday words are not places on their own
            "green gym",
            "the moss garden",
            "in",
            "u3a painting",  # shaped like a postcode district, but not one
            "zz9 9zz",
        ],
    )
    def test_no_place(self, text):
        assert find_place_in_text(text) == PlaceInText(None, (), "", " ".join(text.split()))

    def test_an_everyday_word_after_near_is_a_place(self, monkeypatch):
        monkeypatch.setattr(places, "gazetteer", lambda: Gazetteer([row("Moss", "Doncaster", 53.6, -1.1)]))
        assert find_place_in_text("moss walks").place is None
        found = find_place_in_text("walks near Moss")
        assert (found.place.label, found.remaining) == ("Moss", "walks")

    def test_the_longest_name_wins(self):
        assert find_place_in_text("clayton west choir").place.label == "Clayton West"
        assert find_place_in_text("meltham mills walk").place.label == "Meltham Mills"

    @BOUNDED
    @given(text=ANY_TEXT)
    def test_any_text(self, text):
        found = find_place_in_text(text)
        assert isinstance(found, PlaceInText)
        assert found.place is None or not found.candidates
        assert (found.place is None and not found.candidates) == (found.matched == "")


class TestAttribution:
    def test_the_licence_ships_with_the_data(self, settings):
        data = settings.BASE_DIR / "creative_minds" / "data"
        licence = (data / "LICENCE-places-CC-BY-4.0.txt").read_text(encoding="utf-8")
        assert "GeoNames" in licence
        assert "Attribution 4.0 International" in licence
        readme = (data / "README.md").read_text(encoding="utf-8")
        assert "CC BY 4.0" in readme
        assert "local authority added" in readme

    def test_the_footer_shows_the_attribution(self, client):
        footer = BeautifulSoup(client.get("/").content, "html.parser").find(id="places-attribution")
        assert " ".join(footer.get_text().split()) == "Place names: GeoNames (geonames.org), CC BY 4.0."
        links = {a.get_text(): a["href"] for a in footer.find_all("a")}
        assert links == {
            "geonames.org": "https://www.geonames.org",
            "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
        }


@pytest.mark.parametrize(("typed", "label"), [("Halifax HX1", "HX1"), ("HD1 Huddersfield", "HD1")])
def test_a_town_typed_with_its_postcode_is_read_as_the_postcode(typed, label):
    assert places.locate(typed).label == label


def test_digits_with_no_postcode_in_them_still_say_how_to_write_one():
    with pytest.raises(places.PlaceNotFound, match="Enter a postcode like HD1 2TA"):
        places.locate("banana 12")
