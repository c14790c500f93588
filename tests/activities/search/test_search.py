"""The activity search at /activities/: each filter, combinations, facets, paging and bad input."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs

import numpy as np
import pytest
from django.utils import timezone

from activities.models import ActivityIndexPage, ActivityPage
from activities.search import facet_index
from activities.search.filters import ActivityFilter, slot_bits, slot_columns
from activities.search.selectors import PAGE_SIZE
from creative_minds.geo import places
from tests.builders import ActivityMaker, session, shared_data
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

URL = "/activities/"
FREE, PAID, DONATION = ActivityPage.CostType.FREE, ActivityPage.CostType.PAID, ActivityPage.CostType.DONATION
HD1_2TA = (53.643913, -1.782641)


def build_catalogue():
    """Five live activities (and one draft) spread over the localities, days, times and costs."""
    make_activity = ActivityMaker()
    return {
        "singers": make_activity(
            "Tuesday singers",
            locality="kirklees",
            postcode="HD1 2TA",
            categories=["singing"],
            # Tuesday morning and Thursday evening: two sessions, different days and times.
            sessions=[session("tue", "10:00", "12:00"), session("thu", "18:30", "20:00")],
            cost_type=FREE,
        ),
        "walk": make_activity(
            "Halifax wander",
            locality="calderdale",
            postcode="HX1 1UJ",
            categories=["walking"],
            sessions=[session("sat", "10:00")],
            cost_type=PAID,
        ),
        "art": make_activity(
            "Paint and chat",
            locality="kirklees",
            postcode="HD8 9AA",
            categories=["arts"],
            sessions=[session("wed", "14:00")],
            cost_type=DONATION,
        ),
        "voices": make_activity(
            "Wakefield voices",
            locality="wakefield",
            postcode="WF1 1AA",
            categories=["singing", "music"],
            sessions=[session("mon", "19:00", "21:00")],
            cost_type=FREE,
        ),
        "football": make_activity(
            "Walking football",
            locality="barnsley",
            postcode="S70 1AA",
            categories=["football-and-team-sport", "walking"],
            sessions=[session("sun", "13:00")],
            cost_type=FREE,
        ),
        "draft": make_activity(
            "Secret singers draft",
            locality="kirklees",
            postcode="HD1 2TA",
            categories=["singing"],
            sessions=[session("tue", "10:00")],
            live=False,
        ),
    }


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """Built once for this module and rolled back after it (each test still runs in its own savepoint)."""
    yield from shared_data(django_db_blocker, build_catalogue)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["outcome"].page.object_list]


def found(client, **params) -> set[str]:
    response = search(client, **params)
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    assert outcome.total == len(titles(response))  # every test set fits one page
    return set(titles(response))


def facet_counts(response, name) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"][name].options}


def field_errors(response, name) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


class TestEachFilter:
    def test_no_filters_lists_every_live_activity_and_no_draft(self, client, catalogue):
        response = search(client)
        assert titles(response) == [
            "Halifax wander",
            "Paint and chat",
            "Tuesday singers",
            "Wakefield voices",
            "Walking football",
        ]
        html = response.content.decode()
        assert "5 activities" in html
        assert "Secret singers draft" not in html

    def test_text(self, client, catalogue):
        assert found(client, q="voices") == {"Wakefield voices"}
        assert found(client, q="Paint chat") == {"Paint and chat"}
        assert found(client, q="wander halifax") == {"Halifax wander"}
        assert found(client, q="singers") == {"Tuesday singers"}  # not the draft
        assert found(client, q="trampolining") == set()

    @pytest.mark.parametrize("words", ['"', 'voices"', '"wakefield voices"', '"paint'])
    def test_double_quotes_are_read_as_spaces(self, client, catalogue, words):
        # A quote left open was an error in SQLite's full-text search, and a 500.
        expected = {"Paint and chat"} if "paint" in words else {"Wakefield voices"}
        if words == '"':
            expected = set(titles(search(client)))
        assert found(client, q=words) == expected

    def test_locality(self, client, catalogue):
        assert found(client, locality="calderdale") == {"Halifax wander"}
        assert found(client, locality="kirklees") == {"Tuesday singers", "Paint and chat"}

    def test_category(self, client, catalogue):
        assert found(client, category="singing") == {"Tuesday singers", "Wakefield voices"}

    def test_categories_repeat_as_alternatives(self, client, catalogue):
        assert found(client, category=["walking", "arts"]) == {
            "Halifax wander",
            "Walking football",
            "Paint and chat",
        }

    def test_an_activity_in_two_chosen_categories_is_listed_once(self, client, catalogue):
        response = search(client, category=["walking", "football-and-team-sport"])
        assert sorted(titles(response)) == ["Halifax wander", "Walking football"]
        assert response.context["outcome"].total == 2

    def test_day(self, client, catalogue):
        assert found(client, day="tue") == {"Tuesday singers"}
        assert found(client, day="thu") == {"Tuesday singers"}
        assert found(client, day="fri") == set()

    def test_days_repeat_as_alternatives(self, client, catalogue):
        assert found(client, day=["tue", "sat"]) == {"Tuesday singers", "Halifax wander"}

    def test_time_of_day(self, client, catalogue):
        assert found(client, when="morning") == {"Tuesday singers", "Halifax wander"}
        assert found(client, when="afternoon") == {"Paint and chat", "Walking football"}
        assert found(client, when="evening") == {"Tuesday singers", "Wakefield voices"}
        assert found(client, when="weekend") == {"Halifax wander", "Walking football"}

    def test_times_repeat_as_alternatives(self, client, catalogue):
        assert found(client, when=["afternoon", "evening"]) == {
            "Paint and chat",
            "Walking football",
            "Tuesday singers",
            "Wakefield voices",
        }

    def test_free_only(self, client, catalogue):
        assert found(client, cost="free") == {"Tuesday singers", "Wakefield voices", "Walking football"}

    def test_near_with_radius(self, client, catalogue):
        assert found(client, near="HD1 2TA", radius="1") == {"Tuesday singers"}
        assert found(client, near="HD1 2TA", radius="10") == {
            "Tuesday singers",
            "Paint and chat",
            "Halifax wander",
        }
        assert found(client, near="HD1 2TA", radius="25") == {
            "Tuesday singers",
            "Paint and chat",
            "Halifax wander",
            "Wakefield voices",
            "Walking football",
        }

    def test_near_agrees_with_an_independent_distance(self, client, catalogue):
        for radius in ("1", "3", "5", "10", "25"):
            expected = {
                a.title
                for name, a in catalogue.items()
                if name != "draft" and haversine_miles(HD1_2TA, (a.latitude, a.longitude)) <= int(radius)
            }
            assert found(client, near="hd12ta", radius=radius) == expected, radius

    def test_near_without_radius_uses_five_miles(self, client, catalogue):
        response = search(client, near="HD1 2TA")
        assert response.context["outcome"].radius == 5
        assert set(titles(response)) == {"Tuesday singers"}
        assert "within 5 miles of HD1 2TA" in response.content.decode()

    def test_near_a_district_or_sector(self, client, catalogue):
        assert "Tuesday singers" in found(client, near="hd1", radius="3")
        assert found(client, near="WF1", radius="3") == {"Wakefield voices"}
        assert found(client, near="hx1 1", radius="1") == {"Halifax wander"}


class TestCombined:
    def test_category_day_and_near(self, client, catalogue):
        assert found(client, category="singing", day="mon", near="WF1 1AA", radius="5") == {
            "Wakefield voices"
        }
        assert found(client, category="singing", day="mon", near="HD1 2TA", radius="5") == set()
        assert found(client, category="singing", day=["mon", "thu"], near="HD1 2TA", radius="25") == {
            "Tuesday singers",
            "Wakefield voices",
        }

    def test_locality_category_and_free(self, client, catalogue):
        assert found(client, locality="kirklees", category=["singing", "arts"], cost="free") == {
            "Tuesday singers"
        }
        assert found(client, locality="barnsley", category="walking", when="weekend") == {"Walking football"}

    def test_text_with_filters(self, client, catalogue):
        assert found(client, q="singers", day="thu") == {"Tuesday singers"}
        assert found(client, q="voices", locality="kirklees") == set()

    def test_day_and_time_must_be_the_same_session(self, client, catalogue):
        """Tuesday morning + Thursday evening does not make a Tuesday evening."""
        assert found(client, day="tue", when="evening") == set()
        assert found(client, day="thu", when="morning") == set()
        assert found(client, day="tue", when="morning") == {"Tuesday singers"}
        assert found(client, day="thu", when="evening") == {"Tuesday singers"}
        assert found(client, day=["tue", "mon"], when="evening") == {"Wakefield voices"}
        assert found(client, day="sat", when="weekend") == {"Halifax wander"}


class TestFacets:
    def test_each_facet_ignores_its_own_filter_and_respects_the_others(self, client, catalogue):
        response = search(client, locality="kirklees", category="singing")
        assert titles(response) == ["Tuesday singers"]
        # Area counts: singing activities in every area (the chosen area does not narrow them).
        assert facet_counts(response, "locality") == {
            "barnsley": 0,
            "calderdale": 0,
            "kirklees": 1,
            "wakefield": 1,
        }
        # Category counts: Kirklees activities in each category (the chosen category does not narrow them).
        categories = facet_counts(response, "category")
        assert categories["singing"] == 1
        assert categories["arts"] == 1
        assert categories["walking"] == 0
        assert sum(categories.values()) == 2
        # Other facets count what is listed now.
        assert facet_counts(response, "day") == {
            "mon": 0, "tue": 1, "wed": 0, "thu": 1, "fri": 0, "sat": 0, "sun": 0,
        }  # fmt: skip
        assert facet_counts(response, "when") == {"morning": 1, "afternoon": 0, "evening": 1, "weekend": 0}
        assert facet_counts(response, "cost") == {"free": 1}

    def test_unfiltered_counts(self, client, catalogue):
        response = search(client)
        assert facet_counts(response, "locality") == {
            "barnsley": 1,
            "calderdale": 1,
            "kirklees": 2,
            "wakefield": 1,
        }
        categories = facet_counts(response, "category")
        assert (categories["singing"], categories["walking"], categories["music"]) == (2, 2, 1)
        assert facet_counts(response, "when") == {"morning": 2, "afternoon": 2, "evening": 2, "weekend": 2}
        assert facet_counts(response, "cost") == {"free": 3}

    def test_time_counts_follow_the_chosen_day_session_by_session(self, client, catalogue):
        response = search(client, day="tue")
        # Only the Tuesday session counts: the singers' Thursday evening does not make an evening.
        assert facet_counts(response, "when") == {"morning": 1, "afternoon": 0, "evening": 0, "weekend": 0}
        # And the day counts ignore the chosen day.
        assert facet_counts(response, "day") == {
            "mon": 1, "tue": 1, "wed": 1, "thu": 1, "fri": 0, "sat": 1, "sun": 1,
        }  # fmt: skip

    def test_day_counts_follow_the_chosen_time(self, client, catalogue):
        response = search(client, when="evening")
        assert facet_counts(response, "day") == {
            "mon": 1, "tue": 0, "wed": 0, "thu": 1, "fri": 0, "sat": 0, "sun": 0,
        }  # fmt: skip

    def test_counts_respect_distance(self, client, catalogue):
        response = search(client, near="HD1 2TA", radius="10")
        assert facet_counts(response, "locality") == {
            "barnsley": 0,
            "calderdale": 1,
            "kirklees": 2,
            "wakefield": 0,
        }
        assert facet_counts(response, "cost") == {"free": 1}

    def test_counts_and_choices_are_shown(self, client, catalogue):
        html = search(client, locality="kirklees", category="singing").content.decode()
        assert re.search(
            r'id="locality-wakefield"[^>]*>\s*<label[^>]*>Wakefield <span class="cm-count">\(1\)</span>', html
        )
        assert re.search(r'id="locality-kirklees"[^>]*checked', html)
        assert re.search(r'id="category-singing"[^>]*checked', html)
        assert not re.search(r'id="category-arts"[^>]*checked', html)

    def test_successive_searches_share_no_options_or_counts(self, client, catalogue):
        """The form class is built once per process: each search's options, counts and ticks stay
        its own, and the class's own fields are never given any."""
        narrow = search(client, locality="kirklees", category="singing", day="tue")
        wide = search(client, when="evening")
        assert facet_counts(narrow, "day")["mon"] == 0
        assert facet_counts(wide, "day") == {
            "mon": 1, "tue": 0, "wed": 0, "thu": 1, "fri": 0, "sat": 0, "sun": 0,
        }  # fmt: skip
        html = wide.content.decode()
        assert not re.search(r'id="(locality-kirklees|category-singing|day-tue)"[^>]*checked', html)
        assert re.search(r'id="when-evening"[^>]*checked', html)
        assert re.search(r'id="day-mon"[^>]*>\s*<label[^>]*>Monday <span class="cm-count">\(1\)</span>', html)
        assert narrow.context["form"].fields["day"].widget is not wide.context["form"].fields["day"].widget
        for field in ActivityFilter.search_form_class().base_fields.values():
            assert getattr(field.widget, "counts", {}) == {}

    def test_day_and_time_bits_are_the_columns(self, catalogue):
        index = facet_index.current()
        assert index.slot_bits.tolist() == [
            sum(1 << int(column) for column in np.flatnonzero(row)) for row in index.slots
        ]
        for days, whens in [((), ()), (("sat", "sun"), ()), (("tue",), ("morning", "weekend"))]:
            bits = slot_bits(days, whens)
            assert [bool(bits >> column & 1) for column in range(index.slots.shape[1])] == (
                slot_columns(days, whens).tolist()
            )

    def test_day_and_time_columns_are_shared_read_only(self):
        columns = slot_columns(["sat", "sun"], ["evening"])
        assert slot_columns(("sun", "sat"), ("evening",)) is columns
        with pytest.raises(ValueError, match="read-only"):
            columns[0] = True


class TestPagination:
    @staticmethod
    def build_many():
        make_activity = ActivityMaker()
        for number in range(PAGE_SIZE + 5):
            make_activity(
                f"Cooking club {number:02d}", categories=["cooking"], sessions=[session("mon", "10:00")]
            )
        make_activity("Not cooking", categories=["arts"])

    @pytest.fixture(scope="class")
    @classmethod
    def many(cls, django_db_setup, django_db_blocker):
        yield from shared_data(django_db_blocker, cls.build_many)

    @staticmethod
    def link(html, rel) -> str:
        match = re.search(
            rf'class="nhsuk-pagination__link nhsuk-pagination__link--{rel}" href="\?([^"]+)"', html
        )
        assert match, f"no {rel} link"
        return unescape(match.group(1))

    def test_next_and_previous_keep_the_filters(self, client, many):
        params = {"category": "cooking", "day": "mon", "near": "HD1 2TA", "radius": "3", "sort": "name"}
        first = search(client, **params)
        assert first.context["outcome"].total == PAGE_SIZE + 5
        assert len(titles(first)) == PAGE_SIZE
        html = first.content.decode()
        assert "Page 2 of 2" in html
        assert 'nhsuk-pagination__link--prev"' not in html
        next_query = parse_qs(self.link(html, "next"))
        assert next_query == {key: [value] for key, value in {**params, "page": "2"}.items()}

        second = client.get(URL, next_query)
        assert len(titles(second)) == 5
        assert set(titles(first)).isdisjoint(titles(second))
        assert sorted(titles(first) + titles(second)) == [
            f"Cooking club {n:02d}" for n in range(PAGE_SIZE + 5)
        ]
        previous_query = parse_qs(self.link(second.content.decode(), "prev"))
        assert previous_query == {key: [value] for key, value in {**params, "page": "1"}.items()}

    def test_repeated_filters_are_kept(self, client, many):
        html = search(client, category=["cooking", "arts"], day=["mon", "tue"]).content.decode()
        query = parse_qs(self.link(html, "next"))
        assert query["category"] == ["cooking", "arts"]
        assert query["day"] == ["mon", "tue"]
        assert query["page"] == ["2"]

    def test_a_bad_page_number_shows_a_page_rather_than_an_error(self, client, many):
        assert len(titles(search(client, category="cooking", page="abc"))) == PAGE_SIZE
        assert len(titles(search(client, category="cooking", page="99"))) == 5


class TestEmptyState:
    """Only the ways out that would find something are offered, each with how many it finds."""

    @staticmethod
    def followed(client, suggestion) -> int:
        response = client.get(f"{URL}?{suggestion.query}")
        assert response.status_code == 200
        return response.context["outcome"].total

    def test_the_smallest_wider_distance_and_the_search_without_the_place(self, client, catalogue):
        response = search(client, near="HD1 2TA", radius="1", category="walking", day="sat")
        assert response.context["outcome"].total == 0
        html = unescape(response.content.decode())
        assert 'id="no-results"' in html
        assert "We could not find any activities that match all of your choices." in html
        suggestions = response.context["outcome"].suggestions
        # 3 and 5 miles still find nothing; dropping "Walking" or "Saturday" alone finds nothing
        # within a mile either, so neither is offered.
        assert [(s.label, s.count) for s in suggestions] == [
            ("Search within 10 miles", 1),
            ("Search everywhere, not only near HD1 2TA", 1),
        ]
        assert parse_qs(suggestions[0].query) == {
            "near": ["HD1 2TA"], "radius": ["10"], "category": ["walking"], "day": ["sat"],
        }  # fmt: skip
        assert parse_qs(suggestions[1].query) == {"category": ["walking"], "day": ["sat"]}
        assert "Search within 10 miles</a> (1 activity)" in html
        assert "Search everywhere, not only near HD1 2TA</a> (1 activity)" in html
        for suggestion in suggestions:
            assert self.followed(client, suggestion) == suggestion.count

    def test_each_filter_dropped_in_turn(self, client, catalogue):
        response = search(client, locality="kirklees", cost="free", day="sun", when="afternoon")
        assert response.context["outcome"].total == 0
        suggestions = response.context["outcome"].suggestions
        assert [(s.label, s.count) for s in suggestions] == [
            ("Remove 'Kirklees'", 1),  # Walking football, free on a Sunday afternoon
        ]
        assert "locality" not in parse_qs(suggestions[0].query)
        assert self.followed(client, suggestions[0]) == 1

    def test_dropping_the_day_counts_the_time_alone(self, client, catalogue):
        response = search(client, day="fri", when="evening", category="singing")
        suggestions = {s.label: s for s in response.context["outcome"].suggestions}
        assert suggestions["Remove 'Friday'"].count == 2  # singing in any evening
        assert "Remove 'Evenings'" not in suggestions  # no singing on a Friday at all
        assert "Remove 'Singing'" not in suggestions  # nothing on a Friday evening at all
        for suggestion in suggestions.values():
            assert self.followed(client, suggestion) == suggestion.count

    def test_without_the_words_and_the_closest_category(self, client, catalogue):
        response = search(client, q="voices", day="tue")
        suggestions = response.context["outcome"].suggestions
        # "voices" matches only Wakefield voices (singing and music, on a Monday). On a Tuesday
        # music finds nothing, so the closest type that finds something is singing.
        assert [(s.label, s.count) for s in suggestions] == [
            ("Remove 'Tuesday'", 1),
            ("Search without the words 'voices'", 1),
            ("Search all 'Singing' activities instead", 1),
        ]
        assert parse_qs(suggestions[2].query) == {"day": ["tue"], "category": ["singing"], "radius": ["5"]}
        for suggestion in suggestions:
            assert self.followed(client, suggestion) == suggestion.count

    def test_fewer_of_the_words(self, client, catalogue):
        response = search(client, q="voices trampolining")
        assert response.context["outcome"].total == 0
        suggestions = response.context["outcome"].suggestions
        labels = [(s.label, s.count) for s in suggestions]
        assert labels[:2] == [
            ("Search for 'voices' without 'trampolining'", 1),
            ("Search without the words 'voices trampolining'", 5),
        ]
        # The closest type: Wakefield voices' (singing and music), though "trampolining" matches nothing.
        assert labels[2] in {
            ("Search all 'Singing' activities instead", 2),
            ("Search all 'Music' activities instead", 1),
        }
        assert len(labels) == 3
        for suggestion in suggestions:
            assert self.followed(client, suggestion) == suggestion.count

    def test_no_wider_radius_than_the_largest(self, client, catalogue):
        response = search(client, near="HD1 2TA", radius="25", day="fri")
        suggestions = response.context["outcome"].suggestions
        assert [(s.label, s.count) for s in suggestions] == [("Remove 'Friday'", 5)]

    def test_results_have_no_suggestions(self, client, catalogue):
        response = search(client, category="singing")
        assert response.context["outcome"].suggestions == []
        assert 'id="no-results"' not in response.content.decode()


class TestBadInput:
    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("banana", places.PLACE_NOT_FOUND_MESSAGE.format(text="banana")),
            ("12345", places.INVALID_MESSAGE),
            ("ZZ9 9ZZ", places.NOT_FOUND_MESSAGE.format(code="ZZ9 9ZZ")),
        ],
    )
    def test_a_bad_postcode_is_explained_on_the_form_and_what_was_typed_is_kept(
        self, client, catalogue, typed, message
    ):
        response = search(client, near=typed, category="singing", day="tue", q="sing")
        assert field_errors(response, "near") == [message]
        assert response.context["outcome"] is None
        html = response.content.decode()
        assert message in unescape(html)
        assert "There is a problem" in html  # the error summary
        assert "<title>Error: " in html
        assert f'type="text" name="near" value="{typed}"' in html
        assert 'type="text" name="q" value="sing"' in html
        assert re.search(r'id="category-singing"[^>]*checked', html)
        assert re.search(r'id="day-tue"[^>]*checked', html)
        assert "Tuesday singers" not in html

    def test_typed_text_is_escaped(self, client, catalogue):
        response = search(client, near='<script>alert("x")</script>')
        html = response.content.decode()
        assert field_errors(response, "near") == [
            places.PLACE_NOT_FOUND_MESSAGE.format(text='<script>alert("x")</script>')
        ]
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"radius": "7"}, "radius"),
            ({"radius": "-1", "near": "HD1 2TA"}, "radius"),
            ({"radius": "lots", "near": "HD1 2TA"}, "radius"),
            ({"sort": "price"}, "sort"),
            ({"sort": "distance"}, "near"),  # nearest first needs a postcode
            ({"category": "nonsense"}, "category"),
            ({"locality": "leeds"}, "locality"),
            ({"day": "someday"}, "day"),
            ({"when": "midnight"}, "when"),
            ({"cost": "cheap"}, "cost"),
        ],
    )
    def test_invalid_values_give_a_form_message_not_an_error_page(self, client, catalogue, params, field):
        response = search(client, **params)
        errors = field_errors(response, field)
        assert errors, response.context["form"].errors
        assert errors[0].startswith(("Choose", "Enter")), errors  # plain words, not Django's default
        html = unescape(response.content.decode())
        assert errors[0] in html
        assert "Correct the problem above to see activities." in html

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            # 148 different words raised RecursionError in Wagtail's database search backend (PostgreSQL).
            (" ".join(f"word{n}" for n in range(148)), "What you search for must be 20 words or fewer"),
            (" ".join(["sing"] * 21), "What you search for must be 20 words or fewer"),
            ("s" * 201, "What you search for must be 200 characters or fewer"),
        ],
    )
    def test_a_search_too_long_to_be_real_is_refused_on_the_form(self, client, catalogue, typed, message):
        response = search(client, q=typed, category="singing")
        assert response.status_code == 200
        assert field_errors(response, "q") == [message]
        assert response.context["outcome"] is None
        html = response.content.decode()
        assert "There is a problem" in html and message in html
        assert typed in html  # what was typed is kept in the box
        twenty = search(client, q=" ".join(["sing"] * 20))
        assert field_errors(twenty, "q") == [] and twenty.context["outcome"] is not None


class TestSort:
    def test_by_name(self, client, catalogue):
        assert titles(search(client, sort="name")) == sorted(titles(search(client, sort="name")))
        assert titles(search(client, sort="name"))[0] == "Halifax wander"

    def test_newest_first(self, client, catalogue):
        now = timezone.now()
        order = ["voices", "art", "football", "singers", "walk"]
        for age, name in enumerate(order):
            ActivityPage.objects.filter(pk=catalogue[name].pk).update(
                first_published_at=now - datetime.timedelta(days=age)
            )
        assert titles(search(client, sort="newest")) == [catalogue[name].title for name in order]

    def test_nearest_first(self, client, catalogue):
        response = search(client, near="HD1 2TA", radius="25", sort="distance")
        expected = sorted(
            (a for name, a in catalogue.items() if name != "draft"),
            key=lambda a: haversine_miles(HD1_2TA, (a.latitude, a.longitude)),
        )
        assert titles(response) == [a.title for a in expected]
        assert titles(response)[0] == "Tuesday singers"
        html = response.content.decode()
        assert "0 miles away" in html

    def test_defaults(self, client, catalogue):
        assert search(client).context["outcome"].sort == "name"
        assert search(client, near="HD1 2TA").context["outcome"].sort == "distance"
        assert search(client, q="singers").context["outcome"].sort == "relevance"
        # Best match without words to match falls back to name order.
        assert search(client, sort="relevance").context["outcome"].sort == "name"
        assert search(client, near="HD1 2TA", radius="25", sort="name").context["outcome"].sort == "name"

    def test_name_sort_with_a_place_still_shows_distances(self, client, catalogue):
        response = search(client, near="HD1 2TA", radius="25", sort="name")
        assert titles(response) == sorted(titles(response))
        for activity in response.context["outcome"].page.object_list:
            assert activity.distance == pytest.approx(
                haversine_miles(HD1_2TA, (activity.latitude, activity.longitude)), abs=0.01
            )


class TestTheIndexPage:
    def test_its_own_address_in_the_page_tree_sends_people_to_the_search(self, client):
        """The search is answered at /activities/ (creative_minds/urls.py) by a view that renders the
        index page; the page model renders no search itself. Given another address by an editor, the
        page sends people to the search, with what they asked for."""
        index_page = ActivityIndexPage.objects.get()
        index_page.slug = "find-something"
        index_page.save_revision().publish()

        response = client.get("/find-something/", {"q": "choir", "day": ["mon", "tue"]})

        assert response.status_code == 302
        assert response["Location"] == "/activities/?q=choir&day=mon&day=tue"
        assert search(client, q="choir", day=["mon", "tue"]).context["page"] == index_page


def test_a_listing_s_own_words_are_escaped_on_its_card(client, catalogue):
    """Cards are written as strings (activities.templatetags.activity_tags): every value escaped."""
    ActivityMaker()(
        '<script>alert("title")</script>',
        summary='<img src=x onerror="alert(1)">',
        venue_name="<b>Hall</b>",
    )
    html = search(client, q="alert").content.decode()
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;Hall&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
