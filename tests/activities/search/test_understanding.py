"""Words that name a filter become that filter (activities/search/understanding.py): typed text in,
the query string the filters get and the words left for the text search out."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from activities.search.filters import ActivityFilter
from activities.search.understanding import read_search, sentence
from creative_minds.search_words import words

pytestmark = pytest.mark.django_db

AREAS = [
    ("barnsley", "Barnsley"),
    ("calderdale", "Calderdale"),
    ("kirklees", "Kirklees"),
    ("wakefield", "Wakefield"),
]
# The search's parameters, and the needs filters as they are named (delivery, access, peer_led).
PARAMETERS = {*ActivityFilter.base_filters, "delivery", "access", "peer_led"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
READ_WORDS = ["free", "Saturday", "weekend", "evening", "online", "Kirklees", "near", "in", "HD1"]


def read(typed, parameters=PARAMETERS, today="wed", kept_stems=(), **chosen):
    data = QueryDict(urlencode({"q": typed, **chosen}, doseq=True))
    return read_search(data, localities=AREAS, parameters=parameters, today=today, kept_stems=kept_stems)


def filters_of(reading, *ignored) -> dict[str, list[str]]:
    return {key: values for key, values in reading.data.lists() if key != "q" and key not in ignored}


@pytest.mark.parametrize(
    ("typed", "filters", "remaining"),
    [
        # cost
        ("free", {"cost": ["free"]}, ""),
        ("Free yoga", {"cost": ["free"]}, "yoga"),
        ("no cost knitting", {"cost": ["free"]}, "knitting"),
        ("choir free of charge", {"cost": ["free"]}, "choir"),
        ("free free", {"cost": ["free"]}, ""),
        ("freedom", {}, "freedom"),  # a whole word only
        # days
        ("Saturday", {"day": ["sat"]}, ""),
        ("saturdays choir", {"day": ["sat"]}, "choir"),
        ("SATURDAY'S walk", {"day": ["sat"]}, "walk"),
        ("Tues and Thurs", {"day": ["tue", "thu"]}, ""),
        ("monday monday", {"day": ["mon"]}, ""),
        ("weekdays", {"day": WEEKDAYS}, ""),
        ("weekday friday", {"day": WEEKDAYS}, ""),
        ("sun salutation", {}, "sun salutation"),  # "sun" is not Sunday
        # parts of the day and weekends
        ("weekend", {"when": ["weekend"]}, ""),
        ("sat morning walk", {"day": ["sat"], "when": ["morning"]}, "walk"),
        ("mornings or afternoons", {"when": ["morning", "afternoon"]}, ""),
        ("evening", {"when": ["evening"]}, ""),
        ("tonight", {"when": ["evening"], "day": ["wed"]}, ""),
        # online or in person
        ("online yoga", {"delivery": ["online"]}, "yoga"),
        ("zoom quiz", {"delivery": ["online"]}, "quiz"),
        ("face to face chat", {"delivery": ["in-person"]}, "chat"),
        # access needs, and phrases with "free" that are not about cost
        ("step-free choir", {"access": ["step-free"]}, "choir"),
        ("wheelchair accessible free", {"access": ["step-free"], "cost": ["free"]}, ""),
        ("carers go free", {"access": ["carer-free"]}, ""),
        ("hearing loop bsl", {"access": ["hearing-loop", "bsl"]}, ""),
        ("stress-free art", {}, "stress-free art"),
        ("peer-led walking", {"peer_led": ["yes"]}, "walking"),
        ("coffee morning", {}, "coffee morning"),
        ("coffee morning on saturday", {"day": ["sat"]}, "coffee morning"),
        # areas: a locality's name is the area, also where it is a town's name too
        ("choir in Kirklees", {"locality": ["kirklees"]}, "choir"),
        ("Wakefield choir", {"locality": ["wakefield"]}, "choir"),
        ("barnsley", {"locality": ["barnsley"]}, ""),
        ("kirklees calderdale", {"locality": ["kirklees"]}, ""),  # one area: the first
        # places and postcodes
        ("yoga HD1", {"near": ["HD1"]}, "yoga"),
        ("art near hd1 2ta", {"near": ["HD1 2TA"]}, "art"),
        ("free saturday choir HD1", {"cost": ["free"], "day": ["sat"], "near": ["HD1"]}, "choir"),
        ("choir Halifax", {"near": ["Halifax"]}, "choir"),
        ("knitting near Batley", {"near": ["Batley"]}, "knitting"),
        ("art in hebden bridge", {"near": ["Hebden Bridge"]}, "art"),
        ("free saturday halifax", {"cost": ["free"], "day": ["sat"], "near": ["Halifax"]}, ""),
        ("wakefield voices", {"locality": ["wakefield"]}, "voices"),  # the area, not the town
        ("walking football", {}, "walking football"),
        ("yoga", {}, "yoga"),
        # everything at once, and what is left
        ("something free for me on a saturday", {"cost": ["free"], "day": ["sat"]}, ""),
        ("free activities on saturday", {"cost": ["free"], "day": ["sat"]}, ""),
        ("saturday/choir", {"day": ["sat"]}, "choir"),
        ("men's shed free", {"cost": ["free"]}, "men's shed"),
        # nothing read: the words are left exactly as typed
        ("knitting", {}, "knitting"),
        ("  walking   football ", {}, "  walking   football "),
        ("the", {}, "the"),
        # hostile text
        ("\x00free", {"cost": ["free"]}, ""),
        ("free\x00 choir", {"cost": ["free"]}, "choir"),
        ("😀 free", {"cost": ["free"]}, ""),
        ("<script>free</script>", {"cost": ["free"]}, "script script"),
        ("' OR 1=1 -- saturday", {"day": ["sat"]}, "1=1"),  # pieces with no word to match go
        ("%00 ../../etc/passwd", {}, "%00 ../../etc/passwd"),
    ],
)
def test_typed_words_become_filters(typed, filters, remaining):
    reading = read(typed)
    assert filters_of(reading) == filters
    assert reading.remaining == remaining
    assert reading.data.get("q") == remaining
    assert reading.typed == typed


def test_nothing_read_leaves_the_search_untouched():
    data = QueryDict("q=knitting&day=tue")
    reading = read_search(data, localities=AREAS, parameters=PARAMETERS, today="mon")
    assert reading.data is data
    assert reading.understood == ()


def test_a_filter_the_person_chose_is_not_changed_by_a_word():
    reading = read("free saturday choir Kirklees", day="tue", cost="free", locality="wakefield")
    assert filters_of(reading) == {"day": ["tue"], "cost": ["free"], "locality": ["wakefield"]}
    assert reading.remaining == "choir"  # the words were still understood: not left to find nothing
    assert reading.understood == ()  # and nothing is said to have been read from them


def test_a_chosen_place_keeps_the_place_words_as_words():
    reading = read("choir HD1", near="WF1")
    assert filters_of(reading) == {"near": ["WF1"]}
    assert reading.remaining == "choir HD1"


def test_a_filter_the_search_does_not_have_is_left_as_words():
    reading = read("online yoga", parameters=PARAMETERS - {"delivery"})
    assert filters_of(reading) == {}
    assert reading.remaining == "online yoga"


def test_a_phrase_of_a_filter_the_search_does_not_have_stays_words_whole():
    reading = read("step-free choir", parameters=PARAMETERS - {"access"})
    assert filters_of(reading) == {}  # not cost=free
    assert reading.remaining == "step-free choir"


def test_the_search_synonyms_phrases_stay_words():
    reading = read("morning stretch free", kept_stems=[("morn", "stretch")])
    assert filters_of(reading) == {"cost": ["free"]}
    assert reading.remaining == "morning stretch"
    assert filters_of(read("morning stretch")) == {"when": ["morning"]}


def test_other_parameters_are_kept():
    reading = read("free choir", category=["singing", "music"], sort="name", page="2")
    assert filters_of(reading) == {
        "category": ["singing", "music"],
        "sort": ["name"],
        "page": ["2"],
        "cost": ["free"],
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("free saturday choir HD1", "Showing free activities on Saturdays near HD1 for 'choir'"),
        ("weekdays mornings", "Showing activities on weekdays in the morning"),
        ("evenings weekend Kirklees", "Showing activities in the evening at weekends in Kirklees"),
        (
            "morning or evening sunday tuesday",
            "Showing activities on Tuesdays and Sundays in the morning or evening",
        ),
        ("online free art", "Showing free online activities for 'art'"),
        ("step free choir", "Showing activities with step-free access for 'choir'"),
        ("peer led online", "Showing peer-led online activities"),
        ("wakefield", "Showing activities in Wakefield"),
        ("sat sun free", "Showing free activities on Saturdays for 'sun'"),  # "sun" is not Sunday
    ],
)
def test_what_was_read_in_plain_english(typed, expected):
    reading = read(typed)
    assert sentence(reading.understood, reading.remaining) == expected


@hypothesis_settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["free", "Saturday", "weekend", "evening", "online", "Kirklees", "near", "in", "HD1"]
            ),
            st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        ),
        max_size=8,
    ).map(" ".join)
)
def test_any_text_is_read_without_error_and_no_word_is_invented(typed):
    reading = read(typed)
    assert set(words(reading.remaining)) <= set(words(typed))
    for values in reading.data.lists():
        assert all(isinstance(value, str) for value in values[1])
