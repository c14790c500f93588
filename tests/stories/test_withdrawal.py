"""Withdrawn consent takes a story down at once and everywhere: 410 at its address, gone from
/stories/, search, its activity and partner pages and the page cache, its media files deleted,
its words blanked, its consent withdrawn, and the audit log says who did it."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from activities.factories import ActivityPageFactory
from activities.stories import policy, services, uploads
from activities.stories.factories import picture_upload, published_story, sent_story
from activities.stories.models import StoryPage
from creative_minds.settings.base import with_page_cache
from partners.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def story(moderator):
    activity = ActivityPageFactory(title="Clay and conversation")
    return published_story(
        moderator=moderator,
        activity=activity,
        title="Hands in the clay",
        name="Priya",
        image=uploads.clean_image(picture_upload()),
    )


def test_a_published_story_is_everywhere_before(client, story):
    assert client.get(story.url).status_code == 200
    assert "Hands in the clay" in client.get("/stories/").text
    assert "Hands in the clay" in client.get("/stories/?q=clay").text
    assert "Hands in the clay" in client.get(story.activity.url).text
    assert "Hands in the clay" in client.get(story.activity.partner.url).text


def test_a_story_published_after_its_pages_were_shown_is_on_them_at_once(
    client, moderator, django_capture_on_commit_callbacks
):
    """Each process notes which pages have stories (selectors.pages_with_stories): publishing
    through the moderator's workflow must make it note again."""
    activity = ActivityPageFactory(title="Clay and conversation")
    for address in (activity.url, activity.partner.url):
        assert "Stories from people who took part" not in client.get(address).text

    with django_capture_on_commit_callbacks(execute=True):
        published_story(moderator=moderator, activity=activity, title="Hands in the clay", name="Priya")

    for address in (activity.url, activity.partner.url):
        assert "Hands in the clay" in client.get(address).text, address


def test_withdrawal_takes_it_down_everywhere(client, story, moderator, django_capture_on_commit_callbacks):
    image_name = story.image.file.name
    rendition = story.image.get_rendition("fill-600x340")
    storage = story.image.file.storage
    assert storage.exists(image_name) and storage.exists(rendition.file.name)
    url = story.url

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_story(story=story, user=moderator, reason="Storyteller phoned")

    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live and story.withdrawn_at is not None and story.withdrawn_by == moderator
    assert policy.state_of(story) == policy.WITHDRAWN
    response = client.get(url)
    assert response.status_code == 410
    assert "taken down at the storyteller's request" in response.text
    for address in ("/stories/", "/stories/?q=clay", story.activity.url, story.activity.partner.url):
        assert "Hands in the clay" not in client.get(address).text, address
    assert not StoryPage.objects.live().search("clay")
    # Its words, the name and its media are gone, with every revision that held them.
    assert story.body == "" and story.storyteller_name == "" and story.title == "Withdrawn story"
    assert story.image is None and story.themes.count() == 0
    assert not storage.exists(image_name) and not storage.exists(rendition.file.name)
    assert not Revision.objects.for_instance(story).exists()
    # Consent withdrawn, and the audit log says who and when.
    assert story.consent.withdrawn_at is not None and story.consent.withdrawn_by == moderator
    assert PageLogEntry.objects.filter(page=story, action="stories.withdraw", user=moderator).exists()
    assert ModelLogEntry.objects.filter(action="activities.consent_withdrawn").exists()


def test_withdrawal_empties_the_page_cache(
    client, settings, story, moderator, django_capture_on_commit_callbacks
):
    settings.MIDDLEWARE = with_page_cache(list(settings.MIDDLEWARE))
    for address in ("/stories/", story.activity.url):
        assert "Hands in the clay" in client.get(address).text
        assert client.get(address).has_header("Age"), "the second visit must come from the page cache"

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_story(story=story, user=moderator)

    for address in ("/stories/", story.activity.url):
        response = client.get(address)
        assert not response.has_header("Age")
        assert "Hands in the clay" not in response.text


def test_a_reporter_withdraws_their_own_story_after_a_confirm_step(client, story):
    client.force_login(story.reporter)
    url = reverse("stories:withdraw", args=[story.public_id])
    response = client.get(url)
    assert response.status_code == 200 and "This cannot be undone" in response.text
    assert StoryPage.objects.get(pk=story.pk).live

    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).withdrawn_at is not None
    # Twice is harmless: there is nothing left to withdraw.
    assert client.post(url).status_code == 404


def test_a_story_waiting_for_review_can_be_withdrawn_too(moderator):
    story = sent_story()
    services.withdraw_story(story=story, user=story.reporter)
    story = StoryPage.objects.get(pk=story.pk)
    assert policy.state_of(story) == policy.WITHDRAWN
    assert story.current_workflow_state is None


def test_staff_find_the_withdraw_button_on_the_story_in_the_admin(client, story, moderator):
    client.force_login(moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code == 200
    assert reverse("stories:withdraw", args=[story.public_id]) in response.text
