"""Words as people use them: stems, synonyms, field-weighted ranking and AND, through /activities/.

The same file runs on SQLite and PostgreSQL, and asserts exact orders where an order is
meant, so passing on both is what shows the two databases give the same answer.
"""

import pytest

from activities.models import ActivityPage, SearchSynonym
from tests.builders import ActivityMaker, shared_data

pytestmark = pytest.mark.django_db

URL = "/activities/"
# Title, categories, summary, other fields. Each summary is written out (ActivityMaker's default
# repeats the title and says "group"), so a word is only where a test means it to be. Every
# activity shares its partner ("Kirklees Community Partner"), venue ("Community Centre", unless
# given) and description ("Everyone is welcome.").
CATALOGUE = [
    ("Knit and natter", ["crafts"], "Bring your needles and a friend.", {}),
    ("Knitted toys workshop", ["crafts"], "Make a small toy to take home.", {}),
    ("Knitting circle", ["crafts"], "Patterns for every level.", {}),
    ("Crochet corner", ["crafts"], "Hooks and yarn provided.", {}),
    ("Craft club", ["crafts"], "Cards, collage and paper.", {}),
    ("Pottery for beginners", ["crafts"], "Throw a pot on the wheel.", {}),
    ("Clay and ceramics", ["crafts"], "Hand-building, glazes and a kiln.", {}),
    ("Men's shed woodwork", ["crafts"], "Make things from wood, side by side.", {}),
    ("Swimming for all", ["swimming"], "A quiet lane and a warm pool.", {"venue_name": "Pottery Lane Baths"}),
    ("Watercolour painting", ["arts"], "Paint the hills in watercolour.", {}),
    ("Life drawing", ["arts"], "Draw from a model, pencils provided.", {}),
    (
        "Cooking together",
        ["cooking"],
        "Cook a meal and eat it together.",
        {"venue_name": "Lawrence Batley Arts Centre"},
    ),
    (
        "Singing for the brain",
        ["singing"],
        "Songs everyone knows.",
        {
            "audience": "group",
            "audience_group": "People living with dementia and their carers",
            "audience_group_kind": "dementia",
        },
    ),
    ("Reminiscence afternoon", ["heritage-and-memory"], "Old photographs and stories.", {}),
    ("Community choir", ["singing"], "Four-part songs, no auditions.", {}),
    ("Walking football", ["football-and-team-sport", "walking"], "Football at a walking pace.", {}),
    ("Tai chi in the park", ["fitness"], "Slow movements outdoors.", {}),
    ("Chi running club", ["fitness"], "Run relaxed, run further.", {}),
    ("Cuppa and chat", ["games-and-social"], "Tea, biscuits and good company.", {}),
]
CRAFTS = {title for title, categories, _, _ in CATALOGUE if "crafts" in categories}
KNIT = ["Knit and natter", "Knitted toys workshop", "Knitting circle"]


def build_catalogue():
    make_activity = ActivityMaker()
    for title, categories, summary, fields in CATALOGUE:
        make_activity(title, categories=categories, summary=summary, **fields)


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_catalogue)


def ranked(client, q, **params) -> list[str]:
    """Every title the search finds, best first (the catalogue fits one page)."""
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    titles = [card.title for card in outcome.page.object_list]
    assert outcome.total == len(titles)
    return titles


def found(client, q) -> set[str]:
    return set(ranked(client, q))


class TestStems:
    def test_knitting_finds_knit_knitted_and_knitting_first(self, client, catalogue):
        # Then the rest of the crafts, through the seeded synonym knitting → crafts.
        results = ranked(client, "knitting")
        assert results[:3] == KNIT
        assert set(results) == CRAFTS

    @pytest.mark.parametrize("q", ["knit", "knits", "KNITTED", "Ｋｎｉｔｔｉｎｇ"])
    def test_every_form_of_the_word_finds_the_same_first(self, client, catalogue, q):
        assert ranked(client, q)[:3] == KNIT

    def test_craft_and_crafts_are_one_word(self, client, catalogue):
        assert found(client, "craft") == found(client, "crafts") == CRAFTS


class TestFieldWeights:
    def test_pottery_ranks_the_pottery_class_first_and_a_pottery_lane_venue_last(self, client, catalogue):
        # Title, then a title with a synonym (pottery → ceramics, clay), then the venue's name.
        assert ranked(client, "pottery") == ["Pottery for beginners", "Clay and ceramics", "Swimming for all"]

    def test_arts_ranks_arts_activities_above_a_venue_called_arts_centre(self, client, catalogue):
        results = ranked(client, "arts")
        assert results[:2] == ["Life drawing", "Watercolour painting"]  # the Arts category, by name
        assert set(results[2:-1]) == CRAFTS  # the seeded synonym art → crafts
        assert results[-1] == "Cooking together"  # only its venue, Lawrence Batley Arts Centre

    def test_the_name_order_breaks_ties(self, client, catalogue):
        # Every description is "Everyone is welcome.", so every activity scores the same.
        assert ranked(client, "welcome") == sorted(title for title, *_ in CATALOGUE)

    def test_relevance_is_the_order_only_when_it_is_chosen(self, client, catalogue):
        assert ranked(client, "pottery", sort="name") == [
            "Clay and ceramics",
            "Pottery for beginners",
            "Swimming for all",
        ]


class TestEveryWordMustMatch:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("knitting toys", {"Knitted toys workshop"}),
            ("pottery swimming", {"Swimming for all"}),
            ("knit trampoline", set()),
            ("trampolining", set()),
        ],
    )
    def test_and(self, client, catalogue, q, expected):
        assert found(client, q) == expected

    @pytest.mark.parametrize("q", ["something for knitting please", "knitting near me", "The KNITTING"])
    def test_stop_words_are_left_out(self, client, catalogue, q):
        assert ranked(client, q) == ranked(client, "knitting")

    def test_only_stop_words_ask_for_nothing_so_everything_is_listed(self, client, catalogue):
        assert ranked(client, "something for me") == sorted(title for title, *_ in CATALOGUE)


class TestSeededSynonyms:
    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("men's group", ["Men's shed woodwork"]),  # men's group → men's shed
            ("Mens Group", ["Men's shed woodwork"]),
            ("men’s group", ["Men's shed woodwork"]),  # a phone's curly apostrophe
            # The word itself (who it is for) above a synonym (reminiscence, memory) in a title.
            ("dementia", ["Singing for the brain", "Reminiscence afternoon"]),
            ("yoga", ["Tai chi in the park"]),  # → tai chi: both words, so not "Chi running club"
            ("coffee morning", ["Cuppa and chat"]),  # → cuppa, chat, tea, social
            ("choir", ["Community choir", "Singing for the brain"]),  # own word first, then → singing
            ("walking football", ["Walking football"]),
        ],
    )
    def test_a_synonym_finds_what_people_mean(self, client, catalogue, q, expected):
        assert ranked(client, q) == expected

    def test_a_phrase_matches_only_as_consecutive_words(self, client, catalogue):
        # "morning coffee" is two words on their own, neither in any listing.
        assert found(client, "morning coffee") == set()

    def test_without_the_synonym_the_phrase_finds_nothing(self, client, catalogue):
        SearchSynonym.objects.filter(phrase__iexact="men's group").delete()
        assert found(client, "men's group") == set()


class TestEditedSynonyms:
    def test_a_new_synonym_is_used_by_the_next_search(
        self, client, catalogue, django_capture_on_commit_callbacks
    ):
        assert ranked(client, "natter") == ["Knit and natter"]
        with django_capture_on_commit_callbacks(execute=True):
            SearchSynonym.objects.create(phrase="natter", also_matches="chat, biscuits")
        assert ranked(client, "natter") == ["Knit and natter", "Cuppa and chat"]

    def test_a_changed_synonym_is_used_by_the_next_search(
        self, client, catalogue, django_capture_on_commit_callbacks
    ):
        synonym = SearchSynonym.objects.get(phrase="pottery")
        synonym.also_matches = "kiln"
        synonym.save()
        assert ranked(client, "pottery") == ["Pottery for beginners", "Clay and ceramics", "Swimming for all"]
        synonym.also_matches = "wheel"
        with django_capture_on_commit_callbacks(execute=True):
            synonym.save()
        assert ranked(client, "pottery") == ["Pottery for beginners", "Swimming for all"]

    def test_a_changed_listing_is_used_by_the_next_search(self, client, catalogue):
        activity = ActivityPage.objects.get(title="Craft club")
        activity.summary = "Pottery and paper."
        activity.save_revision().publish()
        # The word in a summary (4) ranks above a synonym of it in a title (3.2).
        assert ranked(client, "pottery") == [
            "Pottery for beginners",
            "Craft club",
            "Clay and ceramics",
            "Swimming for all",
        ]


class TestHostileText:
    @pytest.mark.parametrize(
        "q",
        [
            "🧶 knitting 🧶",
            "knit' OR 1=1 --",
            "<script>alert(1)</script>",
            "%_%",
            "\\",
            "ǅ ﬁ ß İ",
            "knitting\u200b",
            "‮gnittink",
            "a" * 200,
            " ".join(["knitting"] * 20),
        ],
    )
    def test_any_text_gives_a_page(self, client, catalogue, q):
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert response.context["outcome"] is not None

    def test_a_null_character_is_explained_on_the_form(self, client, catalogue):
        response = client.get(URL, {"q": "knit\x00ting"})
        assert response.status_code == 200
        assert response.context["form"].errors["q"]
