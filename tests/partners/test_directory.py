"""The partner directory at /partners/: text search, filters with counts, cards, pages, messages."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from activities.factories import ActivityPageFactory
from activities.models import Category
from partners.directory import DIRECTORY_PARAMETERS, PARTNERS_PER_PAGE, post_town
from partners.factories import PartnerPageFactory
from partners.models import Locality, PartnerIndexPage

pytestmark = pytest.mark.django_db


def locality(slug):
    return Locality.objects.get(slug=slug)


def partner(title, *, areas=("kirklees",), summary="A friendly group.", description="", types=(), **fields):
    """A live partner in `areas` running one live activity of each type in `types` (slugs)."""
    made = PartnerPageFactory(
        title=title,
        home=locality(areas[0]),
        localities=[locality(slug) for slug in areas],
        summary=summary,
        description=description,
        **fields,
    )
    for slug in types:
        ActivityPageFactory(partner=made, categories=[Category.objects.get(slug=slug)])
    return made


def page(client, **query):
    response = client.get("/partners/", query)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def titles(soup) -> list[str]:
    return [link.get_text(strip=True) for link in soup.select("#partners > li h3 a")]


def cards(soup) -> dict[str, list[str]]:
    """Partner title → the lines of facts on its card."""
    return {
        card.h3.get_text(strip=True): [
            " ".join(fact.get_text(" ", strip=True).split()) for fact in card.select("ul li")
        ]
        for card in soup.select("#partners > li")
    }


def heading(soup) -> str:
    return " ".join(soup.select_one("#partner-count").get_text().split())


def options(soup, name) -> dict[str, str]:
    """Each option of a filter (its value) → its label, with the count beside it."""
    found = {}
    for box in soup.select(f'input[name="{name}"]'):
        label = soup.select_one(f'label[for="{box["id"]}"]')
        found[box["value"]] = " ".join(label.get_text().split())
    return found


def checked(soup, name) -> list[str]:
    return [box["value"] for box in soup.select(f'input[name="{name}"][checked]')]


@pytest.fixture
def arts():
    """Four partners "arts" finds in four different places, and one it does not."""
    return {
        "name": partner("Dewsbury Arts Collective", types=["photography-and-film"]),
        "summary": partner(
            "Calder Valley Studio", areas=("calderdale",), summary="Arts for adults who are new to it."
        ),
        "description": partner(
            "Wakefield Community Hub", areas=("wakefield",), description="<p>We host arts days.</p>"
        ),
        "type": partner("Ossett Friends", areas=("wakefield",), types=["arts"]),
        "other": partner("Batley Walkers", types=["walking"]),
    }


class TestTextSearch:
    def test_finds_by_name_summary_description_and_activity_type_names_first(self, client, arts):
        _, soup = page(client, q="arts")
        # In the name, then in the summary, then the rest in name order.
        assert titles(soup) == [
            "Dewsbury Arts Collective",
            "Calder Valley Studio",
            "Ossett Friends",
            "Wakefield Community Hub",
        ]
        assert heading(soup) == "4 partners matching ‘arts’"

    def test_a_name_match_beats_two_summary_matches(self, client):
        partner("Holmfirth Choir", summary="Songs and tea for everyone.")
        partner("Anyone Can Sing", summary="A choir in Holmfirth.")
        _, soup = page(client, q="holmfirth choir")
        assert titles(soup) == ["Holmfirth Choir", "Anyone Can Sing"]

    def test_every_word_must_match(self, client, arts):
        _, soup = page(client, q="arts dewsbury")
        assert titles(soup) == ["Dewsbury Arts Collective"]
        _, soup = page(client, q="arts swimming")
        assert titles(soup) == []

    def test_words_are_stemmed_on_both_sides(self, client):
        """ "knitting" finds a partner whose activities are Crafts and whose summary says "knitted"."""
        partner("Batley Yarn Club", summary="We knitted blankets for the hospital.", types=["crafts"])
        partner("Mirfield Choir", summary="We sing.", types=["singing"])
        for words in ("knitting", "Knit", "KNITS", "craft", "crafting", "blanket"):
            _, soup = page(client, q=words)
            assert titles(soup) == ["Batley Yarn Club"], words

    def test_the_titles_of_its_activities_say_what_a_partner_does(self, client):
        """A partner running "Knit and natter" is found by "knitting", though its own words never say it."""
        club = partner("Thornhill Lees Community Association", summary="A community centre.")
        ActivityPageFactory(
            partner=club, title="Knit and natter", categories=[Category.objects.get(slug="crafts")]
        )
        partner("Mirfield Choir", summary="We sing.", types=["singing"])
        _, soup = page(client, q="knitting")
        assert titles(soup) == ["Thornhill Lees Community Association"]

    def test_stop_words_and_punctuation_alone_list_everyone(self, client, arts):
        _, soup = page(client, q="the and  of ?!")
        assert len(titles(soup)) == 5
        assert heading(soup) == "5 partners"

    def test_only_live_activities_say_what_a_partner_does(self, client):
        quiet = partner("Quiet Group", summary="Meets weekly.")
        ActivityPageFactory(partner=quiet, categories=[Category.objects.get(slug="swimming")], live=False)
        _, soup = page(client, q="swimming")
        assert titles(soup) == []
        assert "swimming" not in options(soup, "category")

    def test_a_change_is_found_by_the_next_search(self, client, arts, django_capture_on_commit_callbacks):
        assert titles(page(client, q="pottery")[1]) == []
        renamed = arts["other"]
        renamed.title = "Batley Pottery"
        with django_capture_on_commit_callbacks(execute=True):  # the index is rebuilt after commit
            renamed.save_revision().publish()
        assert titles(page(client, q="pottery")[1]) == ["Batley Pottery"]
        with django_capture_on_commit_callbacks(execute=True):
            renamed.unpublish()
        assert titles(page(client, q="pottery")[1]) == []

    def test_a_search_too_long_is_refused_on_the_form_and_nothing_typed_is_lost(self, client, arts):
        words = " ".join(f"word{number}" for number in range(21))
        response, soup = page(client, q=words)
        summary = soup.select_one(".nhsuk-error-summary")
        assert "What you search for must be 20 words or fewer" in summary.get_text()
        assert soup.select_one("#id_q")["value"] == words
        assert soup.title.get_text().startswith("Error: ")
        assert len(titles(soup)) == 5  # the rest of the search still answers

        long_word = "a" * 201
        _, soup = page(client, q=long_word)
        assert "What you search for must be 200 characters or fewer" in soup.get_text()
        assert soup.select_one("#id_q")["value"] == long_word

    def test_labelled_search_box_with_a_hint(self, client, arts):
        _, soup = page(client)
        box = soup.select_one("#id_q")
        assert soup.select_one('label[for="id_q"]').get_text(strip=True) == "Search partners"
        hint = soup.select_one(f"#{box['aria-describedby']}")
        assert "what they do" in hint.get_text()
        assert soup.select_one("form#partner-search")["method"] == "get"


class TestFilters:
    @pytest.fixture
    def mixed(self):
        return {
            "choir": partner("Huddersfield Choir", types=["singing", "music"]),
            "climbing": partner(
                "Calder Climbing", areas=("calderdale", "kirklees"), types=["climbing-and-outdoor"]
            ),
            "studio": partner("Pontefract Studio", areas=("wakefield",), types=["arts", "music"]),
            "garden": partner("Barnsley Garden", areas=("barnsley",), types=["gardening-and-nature"]),
        }

    def test_locality_alone(self, client, mixed):
        _, soup = page(client, locality="kirklees")
        assert titles(soup) == ["Calder Climbing", "Huddersfield Choir"]
        assert heading(soup) == "2 partners in Kirklees"
        assert checked(soup, "locality") == ["kirklees"]

    def test_activity_types_alone_any_of_them(self, client, mixed):
        _, soup = page(client, category="music")
        assert titles(soup) == ["Huddersfield Choir", "Pontefract Studio"]
        _, soup = page(client, category=["arts", "gardening-and-nature"])
        assert titles(soup) == ["Barnsley Garden", "Pontefract Studio"]
        assert heading(soup) == "2 partners that run arts or gardening and nature"
        assert checked(soup, "category") == ["arts", "gardening-and-nature"]

    def test_filters_and_words_combined(self, client, mixed):
        _, soup = page(client, locality="wakefield", category="music")
        assert titles(soup) == ["Pontefract Studio"]
        _, soup = page(client, locality="kirklees", category="music", q="choir")
        assert titles(soup) == ["Huddersfield Choir"]
        assert heading(soup) == "1 partner in Kirklees that runs music matching ‘choir’"
        _, soup = page(client, locality="calderdale", category="music")
        assert titles(soup) == []

    def test_counts_beside_each_option_keep_the_other_choices(self, client, mixed):
        _, soup = page(client, locality="kirklees")
        # Only the types some partner runs, in name order, each counted within Kirklees.
        assert options(soup, "category") == {
            "arts": "Arts (0)",
            "climbing-and-outdoor": "Climbing and outdoor (1)",
            "gardening-and-nature": "Gardening and nature (0)",
            "music": "Music (1)",
            "singing": "Singing (1)",
        }
        assert list(options(soup, "category")) == [
            "arts",
            "climbing-and-outdoor",
            "gardening-and-nature",
            "music",
            "singing",
        ]
        # Areas: counted with the types chosen (none here), whatever area is chosen.
        assert options(soup, "locality") == {
            "": "All areas (4)",
            "barnsley": "Barnsley (1)",
            "calderdale": "Calderdale (1)",
            "kirklees": "Kirklees (2)",
            "wakefield": "Wakefield (1)",
        }
        _, soup = page(client, category="music")
        assert options(soup, "locality")["kirklees"] == "Kirklees (1)"
        assert options(soup, "locality")[""] == "All areas (2)"
        assert options(soup, "category")["arts"] == "Arts (1)"
        _, soup = page(client, q="choir")
        assert options(soup, "category")["music"] == "Music (1)"
        assert options(soup, "locality")["wakefield"] == "Wakefield (0)"

    def test_an_unknown_area_or_type_is_left_out_with_a_message(self, client, mixed):
        _, soup = page(client, locality="leeds")
        assert len(titles(soup)) == 4
        assert "Choose an area from the list" in soup.select_one(".nhsuk-error-summary").get_text()
        _, soup = page(client, category=["music", "knitting"])
        assert len(titles(soup)) == 4
        assert "Choose types of activity from the list" in soup.get_text()
        assert soup.select_one("details.nhsuk-details").has_attr("open")  # the message is not hidden

    def test_pages_keep_the_search(self, client):
        for number in range(PARTNERS_PER_PAGE + 2):
            partner(f"Barnsley Singers {number:02d}", areas=("barnsley",), types=["singing"])
        partner("Wakefield Singers", areas=("wakefield",), types=["singing"])
        response, soup = page(client, q="singers", locality="barnsley", category="singing")
        assert heading(soup) == "32 partners in Barnsley that run singing matching ‘singers’"
        assert len(titles(soup)) == PARTNERS_PER_PAGE
        next_link = soup.select_one(".nhsuk-pagination__link--next")["href"]
        assert parse_qs(urlsplit(next_link).query) == {
            "q": ["singers"],
            "locality": ["barnsley"],
            "category": ["singing"],
            "page": ["2"],
        }
        _, second = page(client, **parse_qs(urlsplit(next_link).query))
        assert titles(second) == ["Barnsley Singers 30", "Barnsley Singers 31"]

    def test_the_form_lists_every_parameter_the_page_cache_keys_on(self):
        """The page cache keys on DIRECTORY_PARAMETERS (tests/test_page_cache.py shows a search and
        a type make pages of their own); the hostile-input test reads the same form."""
        assert set(DIRECTORY_PARAMETERS) == {"q", "locality", "category", "page"}


class TestCards:
    def test_enough_to_tell_partners_with_similar_names_apart(self, client):
        partner(
            "Kirklees Arts",
            areas=("kirklees", "calderdale"),
            types=["arts", "arts", "crafts", "music", "drama", "dance"],
            address="Old Mill\nUnit 4\nDewsbury\nWest Yorkshire",
            mental_health_friendly=True,
            mental_health_first_aid_trained=True,
        )
        partner(
            "Kirklees Arts Network",
            types=["arts"],
            address="12 High Street",
            mental_health_friendly=False,
            mental_health_first_aid_trained=False,
        )
        quiet = partner(
            "Kirklees Artists",
            address="Community Centre\nHolmfirth",
            mental_health_friendly=False,
            mental_health_first_aid_trained=True,
        )
        ActivityPageFactory(partner=quiet, live=False)
        partner("Kirklees Arts Draft", types=["arts"], live=False)
        _, soup = page(client)
        assert cards(soup) == {
            "Kirklees Artists": [
                "Based in Holmfirth. Works in Kirklees",
                "No activities listed at the moment",
                "Staff trained in Mental Health First Aid",
            ],
            "Kirklees Arts": [
                "Based in Dewsbury. Works in Calderdale and Kirklees",
                # The type it runs most first, then by name; the rest counted.
                "6 activities: arts, crafts, dance and 2 more types",
                "Mental-health friendly Staff trained in Mental Health First Aid",
            ],
            "Kirklees Arts Network": ["Works in Kirklees", "1 activity: arts"],
        }

    def test_each_card_links_to_the_partner(self, client):
        made = partner("Marsden Makers")
        _, soup = page(client)
        assert soup.select_one("#partners h3 a")["href"] == made.url

    def test_no_results_says_so_kindly_and_offers_ways_out(self, client):
        partner("Batley Walkers", types=["walking"])
        _, soup = page(client, q="trampoline", locality="kirklees")
        assert titles(soup) == []
        assert heading(soup) == "No partners in Kirklees matching ‘trampoline’"
        box = soup.select_one("#no-results")
        links = {link.get_text(" ", strip=True): link["href"] for link in box.select("a")}
        assert links == {
            "clear the filters": "/partners/?q=trampoline",
            "search activities for ‘trampoline’": "/activities/?q=trampoline",
            "see every partner": "/partners/",
        }
        assert "We could not find a partner that matches all of your choices." in box.get_text()


class TestPageAndRouting:
    def test_reached_through_the_page_tree_it_sends_people_to_the_directory(self):
        index = PartnerIndexPage.objects.get()
        response = index.serve(RequestFactory().get("/our-partners/", {"q": "choir", "locality": "kirklees"}))
        assert response.status_code == 302
        assert response["Location"] == "/partners/?q=choir&locality=kirklees"

    def test_an_unpublished_directory_is_not_found(self, client):
        PartnerIndexPage.objects.get().unpublish()
        assert client.get("/partners/").status_code == 404


@pytest.mark.parametrize(
    ("address", "town"),
    [
        ("Community Centre\nHuddersfield", "Huddersfield"),
        ("Old Mill\nUnit 4\nDewsbury\nWest Yorkshire", "Dewsbury"),
        ("The Hall, \n Hebden Bridge ,\n", "Hebden Bridge"),
        ("12 High Street", ""),
        ("", ""),
    ],
)
def test_post_town_is_the_last_line_of_the_address_but_a_county(address, town):
    assert post_town(address) == town
