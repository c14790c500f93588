"""The activity factory (and so the demo site): a vocabulary per category, distinct titles, and
needs, ages and places that agree with what a listing says."""

import importlib
import re
from collections import Counter

import factory.random
import pytest

from activities.factories import ActivityPageFactory, TitlesInDatabase, TitlesInMemory
from activities.ideas import AUDIENCES, CATEGORY_VENUES, IDEAS, VENUES, Idea
from activities.models import ActivityPage, Category
from partners.factories import PartnerPageFactory
from partners.models import Locality

pytestmark = pytest.mark.django_db

CATEGORY_SLUGS = [
    slug for _, slug, _ in importlib.import_module("activities.migrations.0003_create_categories").CATEGORIES
]
ALL_IDEAS = [(category, idea) for category, ideas in IDEAS.items() for idea in ideas]
# Words that say who an activity is for: an idea with the audience says one of them in its title or
# in every summary, and an idea that says one is for that audience.
AUDIENCE_WORDS = {
    "dementia": r"dementia",
    "young-people": r"young people",
    "men": r"\bmen\b|\bmen's\b",
    "women": r"\bwomen\b|\bwomen's\b|women-only",
    "carers": r"\bcarers?\b",
    "over-50s": r"over 50|older",
    "lung-health": r"\blung",
    "hearing-voices": r"hear(ing)? voices",
    "deaf": r"\bdeaf\b|sign language",
}
SAID_ONLY_BY_AUDIENCE = ("dementia", "young-people", "men", "women")


def words_of(idea: Idea) -> list[str]:
    return [f"{idea.title} {summary}".lower() for summary in idea.summaries]


# -- the vocabulary -------------------------------------------------------------------------


def test_every_category_has_six_to_twelve_ideas_with_two_or_three_summaries():
    assert sorted(IDEAS) == sorted(CATEGORY_SLUGS)
    for category, ideas in IDEAS.items():
        assert 6 <= len(ideas) <= 12, category
        for idea in ideas:
            assert 2 <= len(idea.summaries) <= 3, idea.title
            assert len(set(idea.summaries)) == len(idea.summaries), idea.title
            for summary in idea.summaries:
                assert len(summary) <= ActivityPage._meta.get_field("summary").max_length
                assert summary.endswith("."), summary


def test_title_stems_are_distinct_across_the_vocabulary():
    stems = Counter(idea.title.lower() for _, idea in ALL_IDEAS)
    assert [stem for stem, count in stems.items() if count > 1] == []
    assert len(stems) >= 6 * len(IDEAS)


def test_every_idea_names_real_categories_venues_and_audiences():
    for category, idea in ALL_IDEAS:
        assert set(idea.also) <= set(CATEGORY_SLUGS) - {category}, idea.title
        assert set(idea.venues or CATEGORY_VENUES[category]) <= set(VENUES), idea.title
        assert idea.audience in ("", *AUDIENCES), idea.title
        assert set(idea.parts) <= {"morning", "afternoon", "evening"}, idea.title
        assert set(idea.days) <= set(range(7)), idea.title


def test_an_ideas_audience_is_in_its_words_and_its_words_name_its_audience():
    for _, idea in ALL_IDEAS:
        texts = words_of(idea)
        if idea.audience:
            pattern = AUDIENCE_WORDS[idea.audience]
            assert all(re.search(pattern, text) for text in texts), (idea.title, idea.audience)
        for audience in SAID_ONLY_BY_AUDIENCE:
            if any(re.search(AUDIENCE_WORDS[audience], text) for text in texts):
                assert idea.audience == audience, (idea.title, audience)


def test_everyday_search_words_are_in_the_summaries():
    summaries = " ".join(summary.lower() for _, idea in ALL_IDEAS for summary in idea.summaries)
    for word in (
        "yarn", "clay", "choir", "football", "stretch", "coffee", "memor", "dementia-friendly",
        "young people", "men", "women", "carers", "knit", "crochet", "pottery", "walk", "swim",
    ):  # fmt: skip
        assert word in summaries, word


def test_some_ideas_have_a_word_said_only_in_the_long_description():
    only_in_detail = [
        idea.title
        for _, idea in ALL_IDEAS
        if idea.detail
        and "wool" in idea.detail.lower()
        and not any("wool" in text for text in words_of(idea))
    ]
    assert only_in_detail == ["Knit and natter"]
    assert all(idea.detail for _, idea in ALL_IDEAS)


# -- listings the factory makes ---------------------------------------------------------------


@pytest.fixture
def swimming_club():
    return PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), title="Batley Swimming Club")


def test_a_partner_never_runs_two_activities_with_the_same_title(swimming_club):
    # Swimming has six ideas and three pool names: forty activities cannot all be told apart by
    # chance, so the factory has to look at the titles the partner already uses.
    activities = [ActivityPageFactory(partner=swimming_club, idea="swimming", sessions=[]) for _ in range(40)]
    titles = [activity.title for activity in activities]
    assert len(set(titles)) == len(titles)
    assert all("Batley" in title for title in titles)
    assert any(title.endswith(", group 2") for title in titles)


def test_titles_are_distinct_across_a_locality_while_a_free_one_can_be_found():
    kirklees = Locality.objects.get(slug="kirklees")
    partners = [PartnerPageFactory(home=kirklees, title=f"Dewsbury Walking Group {n}") for n in range(3)]
    titles = [
        ActivityPageFactory(partner=partners[n % 3], idea="walking", sessions=[]).title for n in range(15)
    ]
    assert len(set(titles)) == len(titles)


def test_an_activity_for_people_living_with_dementia_says_so_and_is_set_up_for_them():
    dementia = AUDIENCES["dementia"]
    partner = PartnerPageFactory()
    activities = [ActivityPageFactory.build(partner=partner, idea="heritage-and-memory") for _ in range(30)]
    for_dementia = [a for a in activities if a.audience_group == dementia.group]
    assert len(for_dementia) >= 5
    for activity in for_dementia:
        assert activity.audience == ActivityPage.Audience.GROUP
        assert re.search(AUDIENCE_WORDS["dementia"], f"{activity.title} {activity.summary}".lower())
    assert sum(a.quiet_space for a in for_dementia) >= 0.7 * len(for_dementia)
    assert sum(a.carer_goes_free for a in for_dementia) >= 0.7 * len(for_dementia)
    for activity in activities:
        if activity not in for_dementia:
            assert "dementia" not in f"{activity.title} {activity.summary}".lower()


def test_an_activity_for_young_people_has_their_ages():
    partner = PartnerPageFactory()
    activities = [ActivityPageFactory.build(partner=partner, idea="drama") for _ in range(20)]
    young = [a for a in activities if "young people" in f"{a.title} {a.summary}".lower()]
    assert young
    for activity in activities:
        if activity in young:
            assert (activity.audience, activity.min_age, activity.max_age) == (
                ActivityPage.Audience.GROUP,
                14,
                25,
            )
        else:
            assert activity.audience == ActivityPage.Audience.EVERYONE and activity.max_age is None


def test_online_activities_have_no_venue_or_postcode_and_the_others_have_both():
    activities = [
        ActivityPageFactory(idea="peer-support", may_be_online=True, sessions=[]) for _ in range(40)
    ]
    deliveries = Counter(activity.delivery for activity in activities)
    assert deliveries[ActivityPage.Delivery.ONLINE] and deliveries[ActivityPage.Delivery.IN_PERSON]
    for activity in activities:
        activity.full_clean()  # the admin's own rules: a postcode unless online
        if activity.delivery == ActivityPage.Delivery.ONLINE:
            assert (activity.venue_name, activity.address, activity.postcode) == ("", "", "")
            assert activity.latitude is None and "online" in activity.title
            assert not (activity.step_free_access or activity.accessible_toilet or activity.hearing_loop)
        else:
            assert activity.venue_name and activity.address and activity.postcode
            assert activity.latitude is not None


def test_activities_are_in_person_unless_asked_otherwise():
    """Tests search by distance over factory activities: none may be online by chance."""
    partner = PartnerPageFactory()
    activities = [ActivityPageFactory.build(partner=partner, idea="peer-support") for _ in range(30)]
    assert {activity.delivery for activity in activities} == {ActivityPage.Delivery.IN_PERSON}


def test_the_same_seed_gives_the_same_listings():
    partner = PartnerPageFactory(
        home=Locality.objects.get(slug="calderdale"), title="Halifax Arts Collective"
    )

    def listings():
        factory.random.reseed_random("same-seed")
        ActivityPageFactory.reset_sequence(0, force=True)
        made = [ActivityPageFactory.build(partner=partner, may_be_online=True) for _ in range(8)]
        return [
            (a.title, a.summary, a.description, a.venue_name, a.postcode, a.audience_group, a.how_to_join)
            for a in made
        ]

    assert listings() == listings()


def test_the_spread_of_needs_cost_joining_and_times_is_a_real_directorys():
    partners = [PartnerPageFactory() for _ in range(8)]
    activities = [ActivityPageFactory.build(partner=partners[n % 8], may_be_online=True) for n in range(400)]
    share = lambda test: sum(1 for a in activities if test(a)) / len(activities)  # noqa: E731
    assert 0.45 <= share(lambda a: a.cost_type == "free") <= 0.65
    assert 0.12 <= share(lambda a: a.cost_type == "donation") <= 0.28
    paid = [a for a in activities if a.cost_type == "paid"]
    assert 0.17 <= len(paid) / len(activities) <= 0.33
    assert {float(a.cost_amount) for a in paid} <= {2, 2.5, 3, 3.5, 4, 5, 6, 7.5, 8}
    assert 0.35 <= share(lambda a: a.how_to_join == "turn_up") <= 0.55
    assert 0.05 <= share(lambda a: a.how_to_join == "referral") <= 0.16
    assert 0.08 <= share(lambda a: a.peer_led) <= 0.25
    assert 0.01 <= share(lambda a: a.delivery != "in_person") <= 0.12
    assert share(lambda a: a.audience == "group") >= 0.1
    sessions = [session for a in activities for session in a.sessions.all()]
    weekend = sum(1 for s in sessions if s.weekday >= 5) / len(sessions)
    evening = sum(1 for s in sessions if s.part_of_day == "evening") / len(sessions)
    assert 0.08 <= weekend <= 0.25
    assert 0.12 <= evening <= 0.3
    assert {s.part_of_day for s in sessions} == {"morning", "afternoon", "evening"}
    assert Category.objects.count() == len(IDEAS)


def test_titles_read_once_in_memory_are_the_ones_the_database_gives(swimming_club):
    """seed_demo reads the titles in use once (TitlesInMemory); tests look each time: same titles."""

    def titles(keep):
        factory.random.reseed_random("titles")
        made = [
            ActivityPageFactory(partner=swimming_club, idea="swimming", sessions=[], titles=keep())
            for _ in range(34)
        ]
        for activity in made:
            activity.delete()
        return [activity.title for activity in made]

    in_memory = TitlesInMemory()
    assert titles(TitlesInDatabase) == titles(lambda: in_memory)
