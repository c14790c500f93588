"""/stories/ and each story: filters, search, pagination, what an anonymous story never shows, the
stories on activity and partner pages, and query counts that do not grow with the stories."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from activities.stories import uploads
from activities.stories.factories import StoryPageFactory, clean_picture, draft_story
from activities.stories.listing import STORIES_PER_PAGE
from activities.stories.models import StoryPage, Theme
from activities.stories.services import forget_shown_stories, update_draft
from tests.builders import ActivityMaker
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    make = ActivityMaker()
    return {
        "choir": make("Kirklees choir", locality="kirklees", categories=["singing"]),
        "walk": make("Wakefield walk", locality="wakefield", postcode="WF1 1AA", categories=["walking"]),
    }


def with_picture(story, **fields):
    image = get_image_model().objects.create(title="p", file=clean_picture())
    StoryPage.objects.filter(pk=story.pk).update(image=image, image_alt="People singing", **fields)
    return StoryPage.objects.get(pk=story.pk)


def test_filters_by_area_type_and_theme(client, place):
    calm, skills = Theme.objects.get(slug="calm"), Theme.objects.get(slug="skills")
    StoryPageFactory(title="Songs on Monday", activity=place["choir"], themes=[calm])
    StoryPageFactory(title="Up the hill", activity=place["walk"], themes=[skills])

    def titles(query):
        response = client.get("/stories/", query)
        assert response.status_code == 200
        return {story.title for story in response.context["stories"]}

    assert titles({}) == {"Songs on Monday", "Up the hill"}
    assert titles({"locality": "wakefield"}) == {"Up the hill"}
    assert titles({"category": "singing"}) == {"Songs on Monday"}
    assert titles({"theme": "calm"}) == {"Songs on Monday"}
    assert titles({"theme": "calm", "locality": "wakefield"}) == set()
    assert titles({"q": "hill"}) == {"Up the hill"}


def test_a_story_with_several_themes_and_types_is_listed_once(client):
    activity = ActivityMaker()("Sing and walk", locality="kirklees", categories=["singing", "walking"])
    themes = list(Theme.objects.filter(slug__in=["calm", "skills", "confidence"]))
    StoryPageFactory(title="Both at once", activity=activity, themes=themes)

    for query in ({}, {"category": "singing"}, {"theme": "calm"}, {"theme": "calm", "category": "walking"}):
        response = client.get("/stories/", query)
        assert [story.title for story in response.context["stories"]] == ["Both at once"], query


def test_a_value_that_is_not_an_option_is_a_message_not_an_error(client, place):
    StoryPageFactory(title="Songs on Monday", activity=place["choir"])
    response = client.get("/stories/", {"locality": "atlantis", "theme": "calm"})
    assert response.status_code == 200
    assert "Choose an area from the list" in response.text


def test_pages_of_twelve(client, place):
    StoryPageFactory.create_batch(STORIES_PER_PAGE + 1, activity=place["choir"])
    first = client.get("/stories/")
    assert len(first.context["stories"]) == STORIES_PER_PAGE
    assert len(client.get("/stories/", {"page": "2"}).context["stories"]) == 1
    assert client.get("/stories/", {"page": "lots"}).status_code == 200


def test_unpublished_and_withdrawn_stories_are_never_listed(client, place):
    draft_story(activity=place["choir"], title="Still a draft")
    response = client.get("/stories/")
    assert "Still a draft" not in response.text


def test_a_story_page_shows_its_media_activity_partner_and_themes(client, place):
    story = with_picture(StoryPageFactory(activity=place["choir"], storyteller_name="Maya"))
    response = client.get(story.url)
    assert response.status_code == 200
    assert 'alt="People singing"' in response.text
    assert "Maya" in response.text
    assert place["choir"].url in response.text and place["choir"].partner.url in response.text
    for theme in story.themes.all():
        assert theme.name in response.text


def test_an_anonymous_story_never_shows_a_name_or_a_photo_of_the_storyteller(client, place):
    story = with_picture(
        StoryPageFactory(
            activity=place["choir"], title="My story", shown_as="anonymous", storyteller_name="Bartholomew"
        ),
        image_shows_storyteller=True,
    )
    for address in (story.url, "/stories/", place["choir"].url):
        response = client.get(address)
        assert "Bartholomew" not in response.text, address
        assert "People singing" not in response.text, address
    assert "An anonymous story" in client.get(story.url).text
    # Nor can a search for the name find it.
    assert not client.get("/stories/", {"q": "Bartholomew"}).context["stories"]


def test_a_photo_of_a_named_storyteller_needs_their_agreement(client, place):
    story = with_picture(
        StoryPageFactory(activity=place["choir"], photo_allowed=False), image_shows_storyteller=True
    )
    assert "People singing" not in client.get(story.url).text
    StoryPage.objects.filter(pk=story.pk).update(photo_allowed=True)
    assert "People singing" in client.get(story.url).text


def test_a_recording_plays_with_its_transcript_beneath(client, place):
    story = draft_story(activity=place["choir"])
    recording = uploads.clean_recording(SimpleUploadedFile("a.mp3", b"ID3" + b"\0" * 100))
    story = update_draft(
        story=story, user=story.reporter, values={"transcript": "We sing loudly."}, recording=recording
    )
    StoryPage.objects.filter(pk=story.pk).update(live=True)
    response = client.get(StoryPage.objects.get(pk=story.pk).url)
    assert "<audio controls" in response.text
    assert response.text.index("<audio") < response.text.index("We sing loudly.")


def test_activity_and_partner_pages_show_their_three_latest_stories(client, place):
    for number in range(4):
        StoryPageFactory(activity=place["choir"], title=f"Choir story {number}")
    StoryPageFactory(activity=place["walk"], title="Walk story")
    for page in (place["choir"], place["choir"].partner):
        response = client.get(page.url)
        shown = [f"Choir story {n}" for n in range(4) if f"Choir story {n}" in response.text]
        assert len(shown) == 3
        assert "Walk story" not in response.text


def test_slugs_new_and_mine_are_kept_for_the_reporters_pages(place):
    story = StoryPageFactory(activity=place["choir"])
    story.slug = "mine"
    with pytest.raises(Exception, match="used by the reporters"):
        story.full_clean()


@pytest.mark.parametrize("address", ["/stories/", "story"])
def test_query_counts_are_the_same_for_5_and_50_stories(client, place, address):
    def build(count):
        stories = [
            with_picture(StoryPageFactory(activity=place["choir" if n % 2 else "walk"])) for n in range(count)
        ]
        return stories[0].url if address == "story" else address

    url = build(5)
    small = queries_for(client, url)
    url = build(45)
    large = queries_for(client, url)
    assert_same_count(small, large)


@pytest.mark.parametrize("words", ['"', 'clay "pots', '"clay"'])
def test_quotes_in_a_search_are_spaces(client, place, words):
    StoryPageFactory(activity=place["choir"], title="Clay pots")
    response = client.get("/stories/", {"q": words})
    assert response.status_code == 200


@pytest.mark.parametrize("whose", ["choir", "partner"])
def test_latest_stories_cost_an_activity_or_partner_page_no_query_once_warm(
    client, place, whose, django_capture_on_commit_callbacks
):
    page = place["choir"] if whose == "choir" else place["choir"].partner
    without = queries_for(client, page.url)
    for _ in range(3):
        with_picture(StoryPageFactory(activity=place["choir"], title="A story with a picture"))
    with django_capture_on_commit_callbacks(execute=True):
        forget_shown_stories()  # as publishing does (activities.stories.signal_handlers)
    with_stories = queries_for(client, page.url)
    assert "A story with a picture" in with_stories[2].text
    assert_same_count(without, with_stories)
