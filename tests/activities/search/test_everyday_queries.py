"""Forty-odd searches as people type them, each with what it must return (issue 12).

One catalogue of realistic listings at real postcodes in real towns; each row of QUERIES is what a
person typed (in the words box, the place box or both) and a check of the results, read as a person
would: only crafts for "knitting", singing nearest Halifax first for "choir Halifax", only free
Saturday sessions for "free Saturday". The same table runs on SQLite (`make run`) and PostgreSQL (CI).

Distances are checked against tests.reference.haversine_miles from the GeoNames point of each town,
typed here by hand, so neither the gazetteer nor the search's own arithmetic is trusted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from activities.models import ActivityPage
from tests.builders import ActivityMaker, session, shared_data
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

URL = "/activities/"
FREE, PAID, DONATION = ActivityPage.CostType.FREE, ActivityPage.CostType.PAID, ActivityPage.CostType.DONATION
ONLINE = ActivityPage.Delivery.ONLINE
DEMENTIA = "people living with dementia and their carers"

# Town centres as GeoNames gives them (geonames.org), typed here independently of the gazetteer.
TOWNS = {
    "Halifax": (53.71667, -1.85),
    "Huddersfield": (53.64904, -1.78416),
    "Batley": (53.70291, -1.6337),
    "Ossett": (53.67978, -1.58006),
    "Hebden Bridge": (53.74093, -2.01337),
    "Royston": (53.6, -1.45),
}


def build_catalogue() -> dict[str, ActivityPage]:
    make = ActivityMaker()

    def activity(title, locality, postcode, categories, sessions, cost=FREE, summary="", **fields):
        return make(
            title,
            locality=locality,
            postcode=postcode,
            categories=categories,
            sessions=sessions,
            cost_type=cost,
            summary=summary or f"{title}, a friendly group.",
            **fields,
        )

    rows = [
        activity(
            "Knit and natter",
            "kirklees",
            "WF17 6AB",
            ["crafts"],
            [session("tue", "10:00")],
            summary="Bring your knitting or learn to knit, with tea and biscuits.",
            venue_name="Batley Library",
            step_free_access=True,
        ),
        activity(
            "Crochet corner",
            "wakefield",
            "WF5 8PY",
            ["crafts"],
            [session("thu", "13:30")],
            DONATION,
            summary="Learn to crochet with yarn we provide.",
            venue_name="Ossett Town Hall",
        ),
        activity(
            "Sewing bee",
            "calderdale",
            "HX1 2ND",
            ["crafts"],
            [session("sat", "10:00")],
            PAID,
            summary="Make and mend clothes on our sewing machines.",
            venue_name="Halifax Central Library",
        ),
        activity(
            "Knitted together",
            "kirklees",
            "WF13 1NL",
            ["crafts"],
            [session("wed", "18:30")],
            summary="A knitting circle for beginners and old hands.",
            venue_name="Dewsbury Minster Hall",
        ),
        activity(
            "Pottery for beginners",
            "kirklees",
            "HD1 1JB",
            ["arts", "crafts"],
            [session("mon", "10:00")],
            PAID,
            summary="Throw a pot on the wheel and shape clay by hand.",
            venue_name="Huddersfield Studio",
        ),
        activity(
            "Quiet swim",
            "kirklees",
            "HD1 1EH",
            ["swimming"],
            [session("sat", "09:30")],
            PAID,
            summary="A calm, less busy swim with friendly staff.",
            venue_name="Pottery Lane Pool",
        ),
        activity(
            "Clay and chat",
            "calderdale",
            "HX7 8EF",
            ["crafts"],
            [session("fri", "14:00")],
            DONATION,
            summary="Hand-build pottery and have a natter.",
            venue_name="Hebden Bridge Mill",
        ),
        activity(
            "Art for wellbeing",
            "calderdale",
            "HX1 2LX",
            ["arts"],
            [session("tue", "14:00")],
            summary="Relaxed painting and drawing. All materials provided.",
            venue_name="Square Chapel Arts Centre",
        ),
        activity(
            "Open studio painting",
            "kirklees",
            "HD1 1EH",
            ["arts"],
            [session("thu", "10:00")],
            DONATION,
            summary="Paint at your own pace with an artist on hand.",
            venue_name="Huddersfield Library",
        ),
        activity(
            "Tea dance",
            "kirklees",
            "HD1 1JB",
            ["dance"],
            [session("wed", "14:00")],
            PAID,
            summary="Waltz and foxtrot to a live band, then tea.",
            venue_name="Lawrence Batley Arts Centre",
        ),
        activity(
            "Community choir",
            "calderdale",
            "HX1 2ND",
            ["singing"],
            [session("mon", "19:00")],
            summary="A friendly choir with no auditions.",
            venue_name="Halifax Minster",
        ),
        activity(
            "Sing for your mind",
            "calderdale",
            "HX5 0DF",
            ["singing"],
            [session("wed", "10:30")],
            DONATION,
            summary="Singing for fun and wellbeing, in tune or not.",
            venue_name="Elland Community Centre",
        ),
        activity(
            "Rock choir",
            "calderdale",
            "HD6 1AY",
            ["singing"],
            [session("thu", "19:00")],
            PAID,
            summary="Pop and rock songs sung together.",
            venue_name="Brighouse Civic Hall",
        ),
        activity(
            "Voices of Wakefield",
            "wakefield",
            "WF1 1TA",
            ["singing", "music"],
            [session("sat", "11:00")],
            summary="Sing pop songs and show tunes together.",
            venue_name="Wakefield Cathedral Hall",
        ),
        activity(
            "Singing for lung health",
            "barnsley",
            "S70 1AX",
            ["singing"],
            [session("fri", "13:30")],
            summary="Breathing and singing to help your lungs.",
            venue_name="Barnsley Library",
        ),
        activity(
            "Walking football",
            "kirklees",
            "HD1 1JB",
            ["football-and-team-sport"],
            [session("sat", "10:00")],
            summary="Football at walking pace. All abilities welcome.",
            venue_name="Leeds Road Playing Fields",
        ),
        activity(
            "Walking football for people living with dementia",
            "wakefield",
            "WF1 1HD",
            ["football-and-team-sport"],
            [session("tue", "11:00")],
            summary="Football at walking pace for people with memory problems, with their carers.",
            venue_name="Wakefield Trinity Ground",
            audience=ActivityPage.Audience.GROUP,
            audience_group=DEMENTIA,
            audience_group_kind=ActivityPage.AudienceGroup.DEMENTIA,
        ),
        activity(
            "Memory café",
            "barnsley",
            "S70 1AY",
            ["heritage-and-memory", "games-and-social"],
            [session("thu", "10:00")],
            summary="A dementia-friendly café with music and chat.",
            venue_name="Barnsley Town Hall",
            audience=ActivityPage.Audience.GROUP,
            audience_group=DEMENTIA,
            audience_group_kind=ActivityPage.AudienceGroup.DEMENTIA,
        ),
        activity(
            "Dementia-friendly swim",
            "calderdale",
            "HX1 2ND",
            ["swimming"],
            [session("mon", "14:00")],
            PAID,
            summary="A quiet swim with staff trained in dementia care.",
            venue_name="Halifax Pool",
            audience=ActivityPage.Audience.GROUP,
            audience_group=DEMENTIA,
            audience_group_kind=ActivityPage.AudienceGroup.DEMENTIA,
        ),
        activity(
            "Men's shed woodwork",
            "kirklees",
            "WF14 8DD",
            ["crafts", "games-and-social"],
            [session("wed", "10:00")],
            summary="Woodwork, repairs and a brew in the shed.",
            venue_name="Mirfield Men's Shed",
        ),
        activity(
            "Mindfulness and mandalas",
            "wakefield",
            "WF8 1AL",
            ["peer-support", "arts"],
            [session("mon", "18:00")],
            summary="Slow down, colour in and breathe: mindfulness for busy minds.",
            venue_name="Pontefract Library",
        ),
        activity(
            "Peer support circle",
            "kirklees",
            "HD1 1EH",
            ["peer-support"],
            [session("tue", "18:30")],
            summary="Talk with people who have been there too.",
            venue_name="Huddersfield Quaker Meeting House",
            peer_led=True,
        ),
        activity(
            "Coffee morning and board games",
            "wakefield",
            "WF5 8PZ",
            ["games-and-social"],
            [session("fri", "10:00")],
            summary="Coffee, cake and board games.",
            venue_name="Ossett Methodist Church",
        ),
        activity(
            "Chair yoga",
            "barnsley",
            "S71 4QT",
            ["fitness"],
            [session("tue", "10:00")],
            DONATION,
            summary="Gentle yoga sitting down.",
            venue_name="Royston Community Centre",
        ),
        activity(
            "Yoga in the park",
            "calderdale",
            "HX7 8EJ",
            ["fitness"],
            [session("sat", "09:30")],
            summary="Stretch and breathe outdoors.",
            venue_name="Calder Holmes Park",
        ),
        activity(
            "Allotment group",
            "barnsley",
            "S70 1AX",
            ["gardening-and-nature"],
            [session("sun", "10:00")],
            summary="Grow fruit and vegetables and take some home.",
            venue_name="Locke Park Allotments",
        ),
        activity(
            "Wellbeing walk",
            "calderdale",
            "HX7 8EF",
            ["walking"],
            [session("sun", "10:30")],
            summary="A gentle walk of about an hour along the canal.",
            venue_name="Hebden Bridge Marina",
        ),
        activity(
            "Morning stroll",
            "kirklees",
            "HD9 2DJ",
            ["walking"],
            [session("wed", "09:30")],
            summary="An easy walk round the valley.",
            venue_name="Holmfirth Library",
        ),
        activity(
            "Evening photo walk",
            "wakefield",
            "WF1 1TA",
            ["photography-and-film", "walking"],
            [session("thu", "18:30")],
            summary="Walk and take photos with your phone.",
            venue_name="Wakefield Westgate",
        ),
        activity(
            "Local history group",
            "barnsley",
            "S36 6DZ",
            ["heritage-and-memory"],
            [session("mon", "14:00")],
            summary="Explore the history of the town through old maps.",
            venue_name="Penistone Archive",
        ),
        activity(
            "Cook and eat",
            "kirklees",
            "WF13 1JQ",
            ["cooking"],
            [session("thu", "17:30")],
            summary="Cook a simple, healthy meal, then eat it together.",
            venue_name="Dewsbury Kitchen",
        ),
        activity(
            "Creative writing circle",
            "calderdale",
            "OL14 5AQ",
            ["creative-writing"],
            [session("tue", "18:00")],
            summary="Short writing exercises, sharing only if you want to.",
            venue_name="Todmorden Library",
        ),
        activity(
            "Drama for confidence",
            "wakefield",
            "WF8 1AW",
            ["drama"],
            [session("wed", "18:00")],
            PAID,
            summary="Games and improvisation at your own pace.",
            venue_name="Pontefract Town Hall",
        ),
        activity(
            "Street dance for young people",
            "barnsley",
            "S70 1AX",
            ["dance"],
            [session("sat", "13:00")],
            summary="Hip hop and street dance for ages 13 to 19.",
            venue_name="Barnsley Youth Zone",
            audience=ActivityPage.Audience.GROUP,
            audience_group="young people aged 13 to 19",
            audience_group_kind=ActivityPage.AudienceGroup.YOUNG_PEOPLE,
            min_age=13,
            max_age=19,
        ),
        activity(
            "Online art club",
            "kirklees",
            "",
            ["arts"],
            [session("wed", "19:00")],
            summary="Draw along from home on a video call.",
            delivery=ONLINE,
            venue_name="",
        ),
        activity(
            "Online book club",
            "wakefield",
            "",
            ["learning"],
            [session("mon", "19:00")],
            summary="Read a book a month and talk about it on a video call.",
            delivery=ONLINE,
            venue_name="",
        ),
        activity(
            "Ukulele club",
            "barnsley",
            "S71 4QW",
            ["music"],
            [session("fri", "18:30")],
            DONATION,
            summary="Learn three chords and play along.",
            venue_name="Royston Library",
        ),
        activity(
            "Climbing wall taster",
            "kirklees",
            "WF17 6AD",
            ["climbing-and-outdoor"],
            [session("sat", "14:00")],
            PAID,
            summary="Climb with an instructor. Equipment provided.",
            venue_name="Batley Sports Centre",
        ),
        activity(
            "Easy riders",
            "kirklees",
            "WF14 8DB",
            ["cycling"],
            [session("sun", "10:00")],
            summary="Relaxed bike rides on quiet routes. Bikes to borrow.",
            venue_name="Mirfield Station",
        ),
        activity(
            "Computer basics",
            "calderdale",
            "HX1 2LX",
            ["learning"],
            [session("tue", "13:00")],
            summary="Get started with email, video calls and staying safe online.",
            venue_name="Halifax Central Library",
        ),
        activity(
            "Film club",
            "barnsley",
            "S36 6DA",
            ["photography-and-film"],
            [session("fri", "19:00")],
            DONATION,
            summary="A film, a chat and a cup of tea.",
            venue_name="Penistone Paramount",
        ),
        activity(
            "Gentle dance",
            "wakefield",
            "WF1 1HD",
            ["dance"],
            [session("mon", "11:00")],
            summary="Seated and standing dance to music from every decade.",
            venue_name="Wakefield Unity Works",
        ),
    ]
    return {page.title: page for page in rows}


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_catalogue)


# -- what a result must be -------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    titles: list[str]
    distances: list[float | None]


Check = Callable[[Found, dict[str, ActivityPage]], None]


def categories_of(page: ActivityPage) -> set[str]:
    return {category.slug for category in page.categories.all()}


def in_category(*slugs: str, top: int = 10) -> Check:
    """At least one result, and every one of the first `top` in one of the categories."""

    def check(found, pages):
        assert found.titles, "nothing found"
        for title in found.titles[:top]:
            assert categories_of(pages[title]) & set(slugs), f"{title} is not {slugs}"

    return check


def first(title: str) -> Check:
    def check(found, pages):
        assert found.titles and found.titles[0] == title, found.titles

    return check


def includes(*titles: str) -> Check:
    def check(found, pages):
        assert set(titles) <= set(found.titles), found.titles

    return check


def excludes(*titles: str) -> Check:
    def check(found, pages):
        assert not set(titles) & set(found.titles), found.titles

    return check


def exactly(*titles: str) -> Check:
    def check(found, pages):
        assert found.titles == list(titles), found.titles

    return check


def ranked_above(higher: str, lower: str) -> Check:
    def check(found, pages):
        assert higher in found.titles, found.titles
        if lower in found.titles:
            assert found.titles.index(higher) < found.titles.index(lower), found.titles

    return check


def every(predicate: Callable[[ActivityPage], bool], what: str, top: int | None = None) -> Check:
    """At least one result, and every one (or every one of the first `top`) is `what`."""

    def check(found, pages):
        assert found.titles, "nothing found"
        for title in found.titles[:top]:
            assert predicate(pages[title]), f"{title} is not {what}"

    return check


def nearest_first_from(town: str, within: float = 5) -> Check:
    """Ordered by distance from the town's centre, each distance right, none beyond `within` miles."""
    centre = TOWNS[town]

    def check(found, pages):
        assert found.titles, "nothing found"
        expected = [haversine_miles(centre, (pages[t].latitude, pages[t].longitude)) for t in found.titles]
        assert expected == sorted(expected), found.titles
        assert max(expected) <= within + 0.01
        for shown, reference in zip(found.distances, expected, strict=True):
            # The gazetteer's point is GeoNames' own; a hundredth of a mile covers its rounding.
            assert shown == pytest.approx(reference, abs=0.01)

    return check


def nothing() -> Check:
    def check(found, pages):
        assert found.titles == []

    return check


def all_of(*checks: Check) -> Check:
    def check(found, pages):
        for each in checks:
            each(found, pages)

    return check


def meets_on(*days: int) -> Callable[[ActivityPage], bool]:
    return lambda page: any(s.weekday in days for s in page.sessions.all())


def meets_from(hour: int) -> Callable[[ActivityPage], bool]:
    return lambda page: any(s.start_time >= datetime.time(hour) for s in page.sessions.all())


def is_free(page: ActivityPage) -> bool:
    return page.cost_type == FREE


def is_online(page: ActivityPage) -> bool:
    return page.delivery != ActivityPage.Delivery.IN_PERSON


def for_dementia(page: ActivityPage) -> bool:
    return "dementia" in (page.audience_group + page.title + page.summary).lower()


SAT, SUN, TUE, THU = 5, 6, 1, 3
CRAFTS = ("crafts",)
SINGING = ("singing",)

# (what the person typed, check). `q` is the words box; "near=" rows use the place box too.
QUERIES: list[tuple[dict[str, str], Check]] = [
    # Stemming: every form of a word finds the same activities.
    ({"q": "knitting"}, all_of(in_category(*CRAFTS), includes("Knit and natter", "Knitted together"))),
    ({"q": "knit"}, includes("Knit and natter", "Knitted together")),
    ({"q": "knitted"}, includes("Knit and natter", "Knitted together")),
    ({"q": "craft"}, all_of(in_category(*CRAFTS), includes("Sewing bee", "Crochet corner"))),
    ({"q": "crafts"}, all_of(in_category(*CRAFTS), includes("Sewing bee", "Crochet corner"))),
    ({"q": "swim"}, all_of(in_category("swimming"), includes("Quiet swim", "Dementia-friendly swim"))),
    ({"q": "swimming"}, includes("Quiet swim", "Dementia-friendly swim")),
    ({"q": "sing"}, in_category(*SINGING)),
    ({"q": "cooking"}, first("Cook and eat")),
    ({"q": "gardening"}, includes("Allotment group")),
    ({"q": "photography"}, all_of(in_category("photography-and-film"), includes("Evening photo walk"))),
    ({"q": "creative writing"}, first("Creative writing circle")),
    ({"q": "drama"}, first("Drama for confidence")),
    ({"q": "history"}, first("Local history group")),
    # Ranking: the title, type and summary count for more than the venue or the partner.
    ({"q": "pottery"}, all_of(first("Pottery for beginners"), ranked_above("Clay and chat", "Quiet swim"))),
    ({"q": "arts"}, all_of(in_category("arts", top=4), ranked_above("Open studio painting", "Tea dance"))),
    ({"q": "walking football"}, all_of(in_category("football-and-team-sport"), includes("Walking football"))),
    # Synonyms staff can edit, seeded with these.
    ({"q": "choir"}, all_of(in_category(*SINGING), includes("Community choir", "Sing for your mind"))),
    ({"q": "yoga"}, all_of(in_category("fitness"), includes("Chair yoga", "Yoga in the park"))),
    ({"q": "anxiety"}, includes("Mindfulness and mandalas", "Peer support circle")),
    # A synonym ("memory") may find more, but what says "dementia" itself comes first.
    (
        {"q": "dementia"},
        all_of(every(for_dementia, "for people with dementia", top=3), includes("Memory café")),
    ),
    ({"q": "men's group"}, first("Men's shed woodwork")),
    ({"q": "men's shed"}, first("Men's shed woodwork")),
    ({"q": "coffee morning"}, first("Coffee morning and board games")),
    ({"q": "football for people with dementia"}, first("Walking football for people living with dementia")),
    ({"q": "peer support"}, first("Peer support circle")),
    # Words that name a filter become the filter.
    ({"q": "free"}, every(is_free, "free")),
    ({"q": "Saturday"}, every(meets_on(SAT), "on a Saturday")),
    ({"q": "free Saturday"}, all_of(every(is_free, "free"), every(meets_on(SAT), "on a Saturday"))),
    ({"q": "weekend"}, every(meets_on(SAT, SUN), "at the weekend")),
    ({"q": "evening"}, every(meets_from(17), "in the evening")),
    ({"q": "online"}, all_of(every(is_online, "online"), includes("Online art club", "Online book club"))),
    (
        {"q": "Tuesday evening"},
        all_of(every(meets_on(TUE), "on a Tuesday"), every(meets_from(17), "evening")),
    ),
    # A need typed as people say it becomes the need filter.
    ({"q": "wheelchair"}, every(lambda page: page.step_free_access, "step-free")),
    ({"q": "hearing loop"}, every(lambda page: page.hearing_loop, "with a hearing loop")),
    ({"q": "Kirklees"}, every(lambda page: page.locality.slug == "kirklees", "in Kirklees")),
    ({"q": "singing Barnsley"}, exactly("Singing for lung health")),
    ({"q": "crafts weekend"}, exactly("Sewing bee")),
    # Places, in either box, in any case and spacing.
    (
        {"q": "choir Halifax"},
        all_of(
            in_category(*SINGING),
            nearest_first_from("Halifax"),
            exactly("Community choir", "Sing for your mind", "Rock choir"),
        ),
    ),
    (
        {"q": "art Huddersfield"},
        all_of(nearest_first_from("Huddersfield"), includes("Open studio painting", "Pottery for beginners")),
    ),
    (
        {"q": "knitting near Batley"},
        all_of(nearest_first_from("Batley"), first("Knit and natter"), includes("Knitted together")),
    ),
    ({"q": "yoga Royston"}, first("Chair yoga")),
    ({"q": "walk in hebden bridge"}, all_of(nearest_first_from("Hebden Bridge"), includes("Wellbeing walk"))),
    ({"near": "Halifax"}, all_of(nearest_first_from("Halifax"), includes("Art for wellbeing", "Rock choir"))),
    ({"near": "hebden  BRIDGE"}, all_of(nearest_first_from("Hebden Bridge"), includes("Clay and chat"))),
    (
        {"near": "ossett", "q": "coffee"},
        all_of(nearest_first_from("Ossett"), first("Coffee morning and board games")),
    ),
    ({"q": "crochet", "near": "Ossett", "radius": "1"}, exactly("Crochet corner")),
    # Nothing to find is an answer, not an error.
    ({"q": "xylophone"}, nothing()),
]


def search(client, params: dict[str, str]):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(("typed", "check"), QUERIES, ids=[" ".join(typed.values()) for typed, _ in QUERIES])
def test_everyday_query(client, catalogue, typed, check):
    response = search(client, typed)
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    cards = outcome.page.object_list  # the first page: what a person sees first
    check(Found([card.title for card in cards], [card.distance for card in cards]), catalogue)


def test_the_table_is_long_enough_to_judge_the_search():
    assert len(QUERIES) >= 40


def test_an_unknown_place_is_a_message_not_an_error(client, catalogue):
    response = search(client, {"near": "Nowhereville"})
    assert response.context["outcome"] is None
    assert "could not find" in " ".join(response.context["form"].errors["near"]).lower()
