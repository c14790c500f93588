"""Search by need: access, who it is for, how to join, in person or online, peer-led.

Each filter alone and combined with the others and with distance, each option's count, the
options kept when a search cannot run, and the phone layout's disclosure.
"""

import re

import numpy as np
import pytest
from django.http import QueryDict

from activities.models import ActivityPage
from activities.search.filters import ActivityFilter
from activities.search.needs import NEED_FACETS, column_counts
from activities.search.selectors import search_activities
from tests.builders import ActivityMaker, shared_data
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

URL = "/activities/"
HD1_2TA = (53.643913, -1.782641)
NO_NEEDS = {
    "step_free_access": False,
    "accessible_toilet": False,
    "hearing_loop": False,
    "quiet_space": False,
    "carer_goes_free": False,
    "bsl_available": False,
    "audience": ActivityPage.Audience.EVERYONE,
    "audience_group": "",
    "audience_group_kind": "",
    "min_age": None,
    "max_age": None,
    "how_to_join": ActivityPage.HowToJoin.TURN_UP,
    "delivery": ActivityPage.Delivery.IN_PERSON,
    "peer_led": False,
}
# Real Kirklees postcodes nearest first from HD1 2TA (miles), for the distance checks.
NEAR_HD1 = [
    ("HD1 1AA", 0.3), ("HD1 3DF", 0.8), ("HD1 4PW", 1.3),
    ("HD2 1DQ", 1.8), ("HD2 1GZ", 2.4), ("BD19 3PS", 6.5),
]  # fmt: skip


def build_catalogue():
    """Seven activities whose needs are set in full (the factory would otherwise pick some)."""
    make = ActivityMaker()

    def activity(title, *, locality="kirklees", postcode="HD1 2TA", **needs):
        return make(title, locality=locality, postcode=postcode, **{**NO_NEEDS, **needs})

    group = ActivityPage.Audience.GROUP
    return {
        "choir": activity("Step-free choir", step_free_access=True, accessible_toilet=True),
        "loop": activity(
            "Loop and quiet",
            postcode="HD1 3DF",
            step_free_access=True,
            hearing_loop=True,
            quiet_space=True,
            how_to_join=ActivityPage.HowToJoin.BOOK,
            delivery=ActivityPage.Delivery.BOTH,
        ),
        "memory": activity(
            "Memory cafe",
            locality="calderdale",
            postcode="HX1 1UJ",
            carer_goes_free=True,
            audience=group,
            audience_group="People living with dementia and their carers",
            audience_group_kind=ActivityPage.AudienceGroup.DEMENTIA,
            how_to_join=ActivityPage.HowToJoin.REFERRAL,
        ),
        "youth": activity(
            "Youth drama",
            locality="wakefield",
            postcode="WF1 1AA",
            bsl_available=True,
            audience=group,
            audience_group="Young people aged 16 to 25",
            audience_group_kind=ActivityPage.AudienceGroup.YOUNG_PEOPLE,
            min_age=16,
            max_age=25,
            how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        ),
        "fifties": activity("Over fifties walk", locality="barnsley", postcode="S70 1AA", min_age=50),
        "online": activity(
            "Online peer chat",
            postcode="",
            delivery=ActivityPage.Delivery.ONLINE,
            peer_led=True,
            how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        ),
        "adults": activity("Adults art", min_age=18, step_free_access=True),
    }


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    yield from shared_data(django_db_blocker, build_catalogue)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def found(client, **params) -> set[str]:
    response = search(client, **params)
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    return {card.title for card in outcome.page.object_list}


def counts(response, name) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"][name].options}


class TestEachNeed:
    def test_access_alone(self, client, catalogue):
        assert found(client, access="step-free") == {"Step-free choir", "Loop and quiet", "Adults art"}
        assert found(client, access="carer-free") == {"Memory cafe"}
        assert found(client, access="bsl") == {"Youth drama"}
        assert found(client, access="toilet") == {"Step-free choir"}

    def test_access_options_must_all_be_there(self, client, catalogue):
        """Someone who needs step-free access and a hearing loop needs both."""
        assert found(client, access=["step-free", "hearing-loop"]) == {"Loop and quiet"}
        assert found(client, access=["step-free", "toilet"]) == {"Step-free choir"}
        assert found(client, access=["bsl", "toilet"]) == set()

    def test_who_age_bands(self, client, catalogue):
        assert found(client, who="young-people") == {"Youth drama"}
        assert found(client, who="older-people") == {"Over fifties walk"}

    def test_who_everyone_means_no_group_and_no_age_limit(self, client, catalogue):
        everyone = {"Step-free choir", "Loop and quiet", "Online peer chat"}
        assert found(client, who="everyone") == everyone
        assert found(client, who="all-ages") == everyone  # the same option, as typed words give it

    def test_all_ages_shows_as_the_everyone_option(self, client, catalogue):
        html = search(client, who="all-ages").content.decode()
        assert re.search(r'id="who-everyone"[^>]*checked', html)

    def test_who_named_groups(self, client, catalogue):
        assert found(client, who="dementia") == {"Memory cafe"}
        assert found(client, who="carers") == set()  # the dementia group is its own option

    def test_who_options_are_alternatives(self, client, catalogue):
        assert found(client, who=["dementia", "young-people"]) == {"Memory cafe", "Youth drama"}

    def test_join(self, client, catalogue):
        assert found(client, join="referral") == {"Memory cafe"}
        assert found(client, join="self-referral") == {"Youth drama", "Online peer chat"}
        assert found(client, join=["book", "referral"]) == {"Loop and quiet", "Memory cafe"}
        assert found(client, join="turn-up") == {"Step-free choir", "Over fifties walk", "Adults art"}

    def test_delivery_counts_both_for_each(self, client, catalogue):
        assert found(client, delivery="online") == {"Loop and quiet", "Online peer chat"}
        assert "Online peer chat" not in found(client, delivery="in-person")
        assert "Loop and quiet" in found(client, delivery="in-person")
        assert len(found(client, delivery=["in-person", "online"])) == len(catalogue)

    def test_peer_led(self, client, catalogue):
        assert found(client, peer_led="yes") == {"Online peer chat"}


class TestCombined:
    def test_needs_with_each_other(self, client, catalogue):
        assert found(client, access="step-free", join="book") == {"Loop and quiet"}
        assert found(client, access="step-free", who="everyone", delivery="in-person") == {
            "Step-free choir",
            "Loop and quiet",
        }
        assert found(client, who="everyone", peer_led="yes", join="self-referral") == {"Online peer chat"}

    def test_needs_with_the_other_filters(self, client, catalogue):
        # "choir" would also find the other singing groups (a synonym); "step" is in one title only.
        assert found(client, access="step-free", locality="kirklees", q="step") == {"Step-free choir"}
        assert found(client, who=["dementia", "young-people"], locality="calderdale") == {"Memory cafe"}
        assert found(client, join="self-referral", day="mon", when="morning") == {
            "Youth drama",
            "Online peer chat",
        }
        assert found(client, access="step-free", cost="free", category="singing") == {
            "Step-free choir",
            "Loop and quiet",
            "Adults art",
        }

    def test_need_and_distance(self, client, catalogue):
        assert found(client, access="step-free", near="HD1 2TA", radius="1") == {
            "Step-free choir",
            "Loop and quiet",
            "Adults art",
        }
        # Online only has no place, so a distance leaves it out.
        assert found(client, peer_led="yes", near="HD1 2TA", radius="25") == set()


class TestCounts:
    def test_unfiltered(self, client, catalogue):
        response = search(client)
        assert counts(response, "access") == {
            "step-free": 3, "toilet": 1, "hearing-loop": 1, "quiet-space": 1, "carer-free": 1, "bsl": 1,
        }  # fmt: skip
        assert counts(response, "who") == {
            "everyone": 3, "young-people": 1, "older-people": 1, "dementia": 1, "carers": 0, "men": 0,
            "women": 0, "veterans": 0, "lgbtq": 0, "learning-disability": 0, "families": 0,
        }  # fmt: skip
        assert counts(response, "join") == {"turn-up": 3, "book": 1, "referral": 1, "self-referral": 2}
        assert counts(response, "delivery") == {"in-person": 6, "online": 2}
        assert counts(response, "peer_led") == {"yes": 1}

    def test_access_counts_keep_what_is_ticked(self, client, catalogue):
        """Ticking one more access need keeps the ones ticked, so each count says what that gives."""
        response = search(client, access="step-free")
        assert counts(response, "access") == {
            "step-free": 3, "toilet": 1, "hearing-loop": 1, "quiet-space": 1, "carer-free": 0, "bsl": 0,
        }  # fmt: skip

    def test_other_facets_count_with_the_needs_applied(self, client, catalogue):
        response = search(client, access="step-free", who="everyone")
        assert counts(response, "join") == {"turn-up": 1, "book": 1, "referral": 0, "self-referral": 0}
        # Who it is for: its own choice ignored, the access need kept.
        assert counts(response, "who")["everyone"] == 2
        assert counts(response, "who")["young-people"] == 0
        assert counts(response, "locality") == {"barnsley": 0, "calderdale": 0, "kirklees": 2, "wakefield": 0}
        assert counts(response, "cost") == {"free": 2}

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"access": "step-free"},
            {"who": ["everyone", "dementia"], "locality": "kirklees"},
            {"join": "self-referral", "delivery": "online"},
            {"near": "HD1 2TA", "radius": "3", "access": ["step-free", "quiet-space"]},
        ],
    )
    def test_each_count_is_what_choosing_the_option_gives(self, client, catalogue, params):
        """Choosing an option (alone in its facet; added to the ticked ones for access) lists
        exactly as many activities as its count said."""
        response = search(client, **params)
        for need in NEED_FACETS:
            for option in response.context["facets"][need.name].options:
                chosen = {**params}
                if need.every_option:
                    ticked = params.get(need.name) or []
                    ticked = [ticked] if isinstance(ticked, str) else ticked
                    chosen[need.name] = sorted({*ticked, option.value})
                else:
                    chosen[need.name] = option.value
                assert len(found(client, **chosen)) == option.count, (need.name, option.value)


class TestDistanceWithANeed:
    @staticmethod
    def build():
        """Step-free and not step-free activities at real postcodes, made farthest first."""
        make = ActivityMaker()
        activities = []
        for number, (postcode, _miles) in enumerate(reversed(NEAR_HD1)):
            for step_free in (True, False):
                activities.append(
                    make(
                        f"Walk {number} {'step-free' if step_free else 'with steps'}",
                        postcode=postcode,
                        categories=["walking"],
                        **{**NO_NEEDS, "step_free_access": step_free},
                    )
                )
        return activities

    @pytest.fixture(scope="class")
    @classmethod
    def walks(cls, django_db_setup, django_db_blocker):
        yield from shared_data(django_db_blocker, cls.build)

    def test_nearest_first_matches_an_independent_haversine(self, walks):
        data = QueryDict(mutable=True)
        # Walking only: the module's catalogue (all singing) may still be there.
        data.update({"near": "HD1 2TA", "radius": "3", "sort": "distance", "category": "walking"})
        data.setlist("access", ["step-free"])
        filterset = ActivityFilter(data, queryset=ActivityPage.objects.none())
        assert filterset.is_valid(), filterset.form.errors
        results = list(search_activities(filterset).page.object_list)

        def reference(activity):
            return haversine_miles(HD1_2TA, (activity.latitude, activity.longitude))

        expected = sorted(
            (a for a in walks if a.step_free_access and reference(a) <= 3),
            key=lambda a: (reference(a), a.title),
        )
        assert len(expected) == 5  # the sixth postcode is beyond three miles
        assert [card.pk for card in results] == [a.pk for a in expected]
        for card, activity in zip(results, expected, strict=True):
            assert card.distance == pytest.approx(reference(activity), abs=0.01)


class TestForm:
    def test_an_unknown_value_is_explained_and_nothing_typed_is_lost(self, client, catalogue):
        response = search(client, q="choir", access="stairlift", who="martians", join="x", delivery="x")
        form = response.context["form"]
        assert response.context["outcome"] is None
        assert form.errors["access"] == ["Choose access needs from the list"]
        assert form.errors["who"] == ["Choose who the activity is for from the list"]
        assert form.errors["join"] == ["Choose how to join from the list"]
        assert form.errors["delivery"] == ["Choose in person, online or both"]
        assert 'value="choir"' in response.content.decode()

    def test_a_search_that_cannot_run_keeps_the_ticked_needs(self, client, catalogue):
        response = search(client, near="banana", access=["step-free", "bsl"], who="dementia", peer_led="yes")
        assert response.context["outcome"] is None
        facets = response.context["facets"]
        for need in NEED_FACETS:
            assert need.name in facets
            assert all(option.count is None for option in facets[need.name].options)
        assert {o.value for o in facets["access"].options if o.selected} == {"step-free", "bsl"}
        assert {o.value for o in facets["who"].options if o.selected} == {"dementia"}
        assert [o.selected for o in facets["peer_led"].options] == [True]
        html = response.content.decode()
        assert re.search(r'id="access-bsl"[^>]*checked', html)
        assert re.search(r"<details[^>]*cm-filters[^>]*open", html)

    def test_a_search_that_cannot_run_shows_all_ages_as_everyone(self, client, catalogue):
        response = search(client, near="banana", who="all-ages")
        assert [o.value for o in response.context["facets"]["who"].options if o.selected] == ["everyone"]

    def test_peer_led_refuses_another_value(self, client, catalogue):
        response = search(client, peer_led="no")
        assert response.context["form"].errors["peer_led"] == [
            "Choose activities run by people with lived experience, or leave it unticked"
        ]


class TestPage:
    def test_filters_come_before_the_results_folded_and_say_how_many_are_chosen(self, client, catalogue):
        html = search(client).content.decode()
        details = re.search(r"<details[^>]*>", html).group(0)
        assert "cm-filters" in details
        assert "open" not in details
        assert html.index('id="filters"') < html.index('id="results"')
        assert re.search(r'<span class="nhsuk-details__summary-text">Filter results</span>', html)

        # Chosen filters stay folded (on a phone the results come first) and the summary counts them.
        chosen = search(client, access="step-free", who="everyone").content.decode()
        assert not re.search(r"<details[^>]*cm-filters[^>]*open", chosen)
        assert "Filter results (2 chosen)" in chosen

    def test_need_groups_are_labelled(self, client, catalogue):
        html = search(client).content.decode()
        for legend in ("Access needs", "Who it is for", "How to join", "In person or online", "Who runs it"):
            assert re.search(rf"<legend[^>]*>{legend}</legend>", html), legend
        assert re.search(
            r'id="access-step-free"[^>]*>\s*<label[^>]*>Step-free access <span class="cm-count">\(3\)', html
        )

    def test_cards_show_short_need_tags(self, client, catalogue):
        html = search(client, q="loop").content.decode()
        tags = re.findall(r'<strong class="nhsuk-tag nhsuk-tag--white">([^<]+)</strong>', html)
        assert tags == ["Step-free", "Hearing loop", "Quiet space"]
        assert "Peer-led" in search(client, peer_led="yes").content.decode()


def test_column_counts_are_the_sums_of_the_chosen_rows():
    generator = np.random.default_rng(16)
    matrix = generator.random((5000, 9)) < 0.3
    rows = generator.random(5000) < 0.4
    counts = column_counts(matrix.astype(np.float32), rows)
    assert counts.tolist() == matrix[rows].sum(axis=0).tolist()
    assert column_counts(matrix.astype(np.float32), np.zeros(5000, dtype=bool)).tolist() == [0] * 9
