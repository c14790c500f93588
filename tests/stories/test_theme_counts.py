"""theme_counts_by_locality(): the exact counts behind /impact/'s stories by theme and area."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.stories.factories import StoryPageFactory, draft_story, published_story, sent_story
from activities.stories.models import Theme
from activities.stories.selectors import theme_counts_by_locality
from activities.stories.services import withdraw_story
from tests.builders import ActivityMaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    make = ActivityMaker()
    return {
        "kirklees": make("Kirklees choir", locality="kirklees", categories=["singing"]),
        "wakefield": make("Wakefield walk", locality="wakefield", postcode="WF1 1AA", categories=["walking"]),
    }


def counts() -> dict[str, dict[str, int]]:
    return {
        theme.slug: {str(pk): n for pk, n in theme.by_locality.items()}
        for theme in theme_counts_by_locality()
    }


def by_slug(places) -> dict[str, str]:
    return {str(activity.locality_id): place for place, activity in places.items()}


def test_published_stories_are_counted_per_theme_and_area(places):
    calm, skills = Theme.objects.get(slug="calm"), Theme.objects.get(slug="skills")
    StoryPageFactory(activity=places["kirklees"], themes=[calm, skills])
    StoryPageFactory(activity=places["kirklees"], themes=[calm])
    StoryPageFactory(activity=places["wakefield"], themes=[skills])
    names = by_slug(places)

    found = {slug: {names[pk]: n for pk, n in areas.items()} for slug, areas in counts().items()}

    assert found["calm"] == {"kirklees": 2}
    assert found["skills"] == {"kirklees": 1, "wakefield": 1}
    # Every theme is listed, in name order, whether or not a story has it.
    assert list(found) == list(Theme.objects.order_by("name").values_list("slug", flat=True))
    assert all(found[slug] == {} for slug in found if slug not in ("calm", "skills"))


def test_drafts_stories_in_review_and_withdrawn_stories_are_not_counted(places):
    calm = Theme.objects.get(slug="calm")
    StoryPageFactory(activity=places["kirklees"], themes=[calm])
    draft_story(activity=places["kirklees"], themes=[calm])
    sent_story(activity=places["kirklees"], themes=[calm])
    StoryPageFactory(activity=places["kirklees"], themes=[calm], live=False)
    gone = published_story(activity=places["kirklees"], themes=[calm])
    withdraw_story(story=gone, user=gone.reporter)

    assert sum(counts()["calm"].values()) == 1


def test_one_query_whatever_the_number_of_themes_and_stories(places):
    with CaptureQueriesContext(connection) as few:
        theme_counts_by_locality()
    for number in range(5):
        Theme.objects.create(name=f"Theme {number}", slug=f"theme-{number}")
    for place in places.values():
        StoryPageFactory(activity=place, themes=Theme.objects.all()[:4])
    with CaptureQueriesContext(connection) as more:
        theme_counts_by_locality()
    # The view restrictions a published story must not be under, then the counts.
    assert len(few) == len(more) == 2
