"""The search page reads the words typed: the heading says what it understood, the link searches
for the words as typed instead, and the place box takes towns and asks which one when a name is
shared."""

import re
from html import unescape
from urllib.parse import parse_qs

import pytest

from activities.search import filters
from activities.search.views import SEARCH_PARAMETERS
from creative_minds.geo.places import AmbiguousPlace, Place
from tests.activities.search.test_search import build_catalogue
from tests.builders import shared_data

pytestmark = pytest.mark.django_db

URL = "/activities/"
SHELLEYS = [
    Place("Shelley, Kirklees", 53.5942, -1.7216, "place"),
    Place("Shelley, Suffolk", 52.0286, 0.9467, "place"),
]


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_catalogue)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def page_text(response) -> str:
    return unescape(response.content.decode())


def titles(response) -> list[str]:
    return [card.title for card in response.context["outcome"].page.object_list]


def link_query(html: str, text: str) -> dict[str, list[str]]:
    match = re.search(rf'<a href="\?([^"]*)">{re.escape(text)}</a>', html)
    assert match, f"no link {text!r}"
    return parse_qs(unescape(match.group(1)))


class TestWordsReadAsFilters:
    def test_the_filters_are_applied_ticked_and_counted(self, client, catalogue):
        response = search(client, q="free sunday")
        assert titles(response) == ["Walking football"]
        html = response.content.decode()
        assert 'name="q" value=' not in html  # no words left for the box
        assert re.search(r'id="day-sun"[^>]*checked', html)
        assert re.search(r'id="cost-free"[^>]*checked', html)
        counts = {option.value: option.count for option in response.context["facets"]["day"].options}
        assert counts["mon"] == 1  # Wakefield voices: free, on a Monday
        assert "Showing free activities on Sundays." in page_text(response)

    def test_the_words_left_stay_in_the_box_and_are_searched(self, client, catalogue):
        response = search(client, q="singers on Tuesdays")
        assert titles(response) == ["Tuesday singers"]
        assert 'name="q" value="singers"' in response.content.decode()
        assert "Showing activities on Tuesdays for 'singers'." in page_text(response)
        assert response.context["outcome"].sort == "relevance"

    def test_the_link_searches_for_the_words_as_typed(self, client, catalogue):
        response = search(client, q="free sunday", category="walking")
        html = page_text(response)
        query = link_query(html, "Search for 'free sunday' as words instead")
        assert query == {"q": ["free sunday"], "category": ["walking"], "as_typed": ["1"]}

        as_typed = client.get(URL, query)
        assert as_typed.context["understanding"] is None
        assert as_typed.context["outcome"].total == 0  # no listing has the words "free sunday"
        as_typed_html = as_typed.content.decode()
        assert 'name="q" value="free sunday"' in as_typed_html
        assert not re.search(r'id="cost-free"[^>]*checked', as_typed_html)
        # Refining the search keeps it as typed.
        assert re.search(r'<input type="hidden" name="as_typed" value="(1|True)"', as_typed_html)

    def test_a_chosen_filter_is_kept_and_not_said_to_be_read(self, client, catalogue):
        response = search(client, q="singers saturday", day="tue")
        assert titles(response) == ["Tuesday singers"]
        assert response.context["understanding"] is None
        assert re.search(r'id="day-tue"[^>]*checked', response.content.decode())

    def test_an_area_named(self, client, catalogue):
        response = search(client, q="singing in kirklees")
        assert response.context["form"].cleaned_data["locality"].slug == "kirklees"
        assert "Showing activities in Kirklees for 'singing'." in page_text(response)

    def test_a_postcode_in_the_words_is_the_place(self, client, catalogue):
        response = search(client, q="voices near WF1")
        assert titles(response) == ["Wakefield voices"]
        html = page_text(response)
        assert "Showing activities near WF1 for 'voices'." in html
        assert "1 activity within 5 miles of WF1" in html
        assert "Distances are from the centre of WF1." in html
        assert 'name="near" value="WF1"' in html

    def test_pages_link_the_search_as_read(self, client, catalogue):
        response = search(client, q="free sunday")
        assert parse_qs(response.context["outcome"].query_string) == {
            "cost": ["free"],
            "day": ["sun"],
            "radius": ["5"],
        }

    def test_a_search_too_long_is_refused_as_typed(self, client, catalogue):
        typed = " ".join(["free"] * 21)
        response = search(client, q=typed)
        assert response.context["outcome"] is None
        assert response.context["understanding"] is None
        assert typed in response.content.decode()


class TestThePlaceBox:
    def test_label_and_hint(self, client, catalogue):
        html = search(client).content.decode()
        assert re.search(r'<label[^>]*for="id_near"[^>]*>\s*Town or postcode\s*</label>', html)
        assert "For example, Halifax, HD1 2TA or HD1" in html

    def test_distances_from_a_postcode(self, client, catalogue):
        assert "Distances are from HD1 2TA." in page_text(search(client, near="hd1 2ta"))

    def test_a_town_in_the_place_box(self, client, catalogue):
        response = search(client, near="halifax", radius="1")
        assert titles(response) == ["Halifax wander"]
        html = page_text(response)
        assert "1 activity within 1 mile of Halifax" in html
        assert "Distances are from the centre of Halifax." in html

    def test_a_town_in_the_words(self, client, catalogue):
        response = search(client, q="wander halifax", radius="1")
        assert titles(response) == ["Halifax wander"]
        html = page_text(response)
        assert "Showing activities near Halifax for 'wander'." in html
        assert "Distances are from the centre of Halifax." in html
        assert 'name="near" value="Halifax"' in html
        assert link_query(html, "Search for 'wander halifax' as words instead") == {
            "q": ["wander halifax"],
            "radius": ["1"],
            "as_typed": ["1"],
        }
        as_typed = client.get(URL, {"q": "wander halifax", "radius": "1", "as_typed": "1"})
        assert titles(as_typed) == ["Halifax wander"]  # both words are in its title
        assert as_typed.context["outcome"].place is None

    def test_a_name_shared_by_places_asks_which(self, client, catalogue, monkeypatch):
        def shared_name(text):
            raise AmbiguousPlace("Shelley", SHELLEYS)

        monkeypatch.setattr(filters, "locate", shared_name)
        response = search(client, near="shelley", q="singers", day="tue")
        assert response.context["outcome"] is None
        assert response.context["form"].errors["near"] == ["There is more than one Shelley"]
        html = page_text(response)
        assert "There is a problem" in html
        assert 'name="near" value="shelley"' in html  # nothing typed is lost
        for place in SHELLEYS:
            assert link_query(html, place.label) == {
                "near": [place.label],
                "q": ["singers"],
                "day": ["tue"],
                "radius": ["5"],
            }

    def test_an_unknown_place_offers_the_areas(self, client, catalogue):
        response = search(client, near="Atlantis", category="singing")
        assert response.context["outcome"] is None
        assert response.context["form"].errors["near"]
        html = page_text(response)
        assert 'name="near" value="Atlantis"' in html
        for slug, name in [("barnsley", "Barnsley"), ("calderdale", "Calderdale"), ("kirklees", "Kirklees")]:
            assert link_query(html, name) == {"category": ["singing"], "radius": ["5"], "locality": [slug]}
        followed = client.get(URL, link_query(html, "Kirklees"))
        assert titles(followed) == ["Tuesday singers"]

    def test_sorting_by_distance_without_a_place_asks_for_one(self, client, catalogue):
        response = search(client, sort="distance")
        assert response.context["form"].errors["near"] == ["Enter a town or postcode to sort by distance"]
        assert response.context["area_choices"] == []


@pytest.mark.parametrize(
    "typed",
    ["\x00", "free\x00", "😀 saturday", "' OR 1=1 --", "near", "in", "free " * 20, "HD1 HD1 HD1", "ZZ99 9ZZ"],
)
def test_hostile_words_never_break_the_page(client, catalogue, typed):
    response = client.get(URL, {"q": typed})
    assert response.status_code == 200


def test_the_as_typed_link_is_a_search_parameter():
    """So the page cache tells the two searches apart, and the hostile-input test fuzzes it."""
    assert "as_typed" in SEARCH_PARAMETERS
