"""A reporter writes a story, saves drafts that keep everything, sends it; moderators approve, ask for
changes or reject it through the workflow; the reporter sees where each story is."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from activities.factories import ActivityPageFactory
from activities.referrals.models import ConsentRecord
from activities.stories import policy, services
from activities.stories.factories import (
    ReporterProfileFactory,
    draft_story,
    moderate,
    picture_upload,
    sent_story,
)
from activities.stories.models import StoryIndexPage, StoryPage, Theme
from partners.factories import UserFactory
from tests.builders import date_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return ReporterProfileFactory().user


@pytest.fixture
def moderator():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Story moderators"))
    return user


def form_data(activity, **overrides):
    data = {
        "title": "Finding my voice",
        "body": "I had not sung since school. Now I sing every week.",
        "activity": str(activity.pk),
        "themes": [str(Theme.objects.get(slug="confidence").pk)],
        "shown_as": "named",
        "storyteller_name": "Maya",
        "photo_allowed": "on",
        **date_input("consent_date", datetime.date(2026, 11, 2)),
        "consent_read_aloud": "on",
        "consent_version": "2026-12",
        "action": "save",
    }
    data.update(overrides)
    return data


def test_the_index_page_and_workflow_come_from_the_migration():
    index = StoryIndexPage.objects.get()
    assert index.url == "/stories/"
    assert index.get_workflow().name == "Story moderation"
    assert set(Theme.objects.values_list("slug", flat=True)) >= {
        "confidence", "connection", "purpose", "skills", "being-active", "creativity", "calm"
    }  # fmt: skip


def test_an_empty_draft_saves_and_is_found_again(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("stories:new"), {"action": "save", "title": ""})
    story = StoryPage.objects.get(reporter=reporter)
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:edit", args=[story.public_id])
    assert not story.live
    assert story.get_latest_revision() is not None
    assert policy.state_of(story) == policy.DRAFT


def test_a_draft_keeps_what_is_valid_when_another_field_is_wrong(client, reporter):
    activity = ActivityPageFactory()
    client.force_login(reporter)
    data = form_data(activity, consent_date_day="31", consent_date_month="2")
    response = client.post(reverse("stories:new"), data)
    assert response.status_code == 200
    assert "The date they agreed must be a real date" in response.text
    assert "Everything else has been saved as a draft" in response.text
    story = StoryPage.objects.get(reporter=reporter)
    assert story.title == "Finding my voice"
    assert story.activity == activity
    assert story.consent_date is None
    # What was typed is shown again, and the form now posts to the draft's own address.
    assert 'value="31"' in response.text
    assert f'action="{reverse("stories:edit", args=[story.public_id])}"' in response.text


def test_sending_an_incomplete_story_says_what_is_missing_and_keeps_the_draft(client, reporter):
    client.force_login(reporter)
    response = client.post(reverse("stories:new"), {"action": "send", "title": "Just a title"})
    assert response.status_code == 200
    for message in ("Enter the story", "Choose the activity the story is about", "Confirm that you read"):
        assert message in response.text
    story = StoryPage.objects.get(reporter=reporter)
    assert story.title == "Just a title"
    assert policy.state_of(story) == policy.DRAFT


def test_sending_records_consent_and_starts_moderation(client, reporter):
    activity = ActivityPageFactory()
    client.force_login(reporter)
    response = client.post(reverse("stories:new"), form_data(activity, action="send"))
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:mine")
    story = StoryPage.objects.get(reporter=reporter)
    assert policy.state_of(story) == policy.IN_MODERATION
    record = story.consent
    assert record.purpose == ConsentRecord.Purpose.STORIES
    assert record.referral_id is None and record.participant_id is None
    assert record.wording_version == "2026-12"
    assert record.given_by == ConsentRecord.GivenBy.PERSON_TO_REPORTER
    assert record.recorded_by == reporter
    # It cannot be changed while a moderator reads it.
    response = client.post(
        reverse("stories:edit", args=[story.public_id]), form_data(activity, title="Sneaky")
    )
    assert StoryPage.objects.get(pk=story.pk).title == "Finding my voice"


def test_two_stories_get_two_consent_records():
    first, second = sent_story(), sent_story()
    assert first.consent_id != second.consent_id
    assert ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.STORIES).count() == 2


def test_a_picture_of_the_storyteller_needs_their_name_and_agreement(client, reporter):
    activity = ActivityPageFactory()
    client.force_login(reporter)
    data = form_data(
        activity,
        action="send",
        shown_as="anonymous",
        image=picture_upload(),
        image_alt="Maya at the piano",
        image_shows_storyteller="on",
    )
    response = client.post(reverse("stories:new"), data)
    assert response.status_code == 200
    assert "has not agreed to a photo of them with their name" in response.text
    assert StoryPage.objects.get(reporter=reporter).image is not None  # the picture is kept with the draft


def test_approving_publishes(moderator):
    story = sent_story()
    story = moderate(story, moderator, "approve")
    assert story.live
    assert policy.state_of(story) == policy.PUBLISHED


def test_asking_for_changes_shows_the_comment_and_the_reporter_can_send_again(client, moderator):
    story = sent_story()
    moderate(story, moderator, "reject", "Please say which group this was.")
    client.force_login(story.reporter)

    response = client.get(reverse("stories:mine"))
    assert "Please say which group this was." in response.text
    assert "Changes asked for" in response.text

    response = client.get(reverse("stories:edit", args=[story.public_id]))
    assert "Please say which group this was." in response.text
    response = client.post(
        reverse("stories:edit", args=[story.public_id]),
        form_data(story.activity, action="send", title="Better"),
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == "Better"
    assert policy.state_of(story) == policy.IN_MODERATION
    assert WorkflowState.objects.for_instance(story).count() == 1  # the same workflow, resumed

    story = moderate(story, moderator, "approve")
    assert story.live and story.title == "Better"


def test_rejecting_is_final_with_the_reason(client, moderator):
    story = sent_story()
    story = moderate(story, moderator, "decline", "This is about a group we do not work with.")
    assert policy.state_of(story) == policy.REJECTED
    assert not story.live
    client.force_login(story.reporter)
    assert "This is about a group we do not work with." in client.get(reverse("stories:mine")).text
    response = client.post(reverse("stories:send", args=[story.public_id]))
    assert response.status_code == 404


def test_approval_keeps_a_withdrawal_and_the_reporter_outside_the_revision(moderator):
    """A revision carries the story's words; who wrote it and whether it was withdrawn are not words."""
    story = sent_story()
    other = UserFactory()
    StoryPage.objects.filter(pk=story.pk).update(reporter=other)
    story = moderate(StoryPage.objects.get(pk=story.pk), moderator, "approve")
    assert story.reporter == other


def test_a_reporter_cannot_open_another_reporters_draft(client):
    story = draft_story()
    someone_else = ReporterProfileFactory().user
    client.force_login(someone_else)
    for name in ("edit", "withdraw"):
        assert client.get(reverse(f"stories:{name}", args=[story.public_id])).status_code == 404
    response = client.post(
        reverse("stories:edit", args=[story.public_id]), {"title": "Mine now", "action": "save"}
    )
    assert response.status_code == 404
    assert StoryPage.objects.get(pk=story.pk).title != "Mine now"
    assert story.title not in client.get(reverse("stories:mine")).text


def test_an_inactive_reporter_may_not_write():
    profile = ReporterProfileFactory(active=False)
    assert not policy.is_reporter(profile.user)


def test_create_draft_story_takes_staff_as_author_with_text_and_activity():
    """For turning someone's words into a story: any author, optional text and activity."""
    staff = UserFactory(is_staff=True)
    activity = ActivityPageFactory()
    story = services.create_draft_story(author=staff, body="It changed my week.", activity=activity)
    assert story.reporter == staff and story.body == "It changed my week." and story.activity == activity
    assert story.title == services.UNTITLED and not story.live
    assert story.slug not in ("new", "mine")


def test_a_reporters_account_page_leads_to_their_stories(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("account"))
    assert reverse("stories:new") in response.text and reverse("stories:mine") in response.text
    assert "not linked to a partner" not in response.text


def test_a_storys_address_follows_its_title_until_it_is_first_published(client, reporter):
    client.force_login(reporter)
    client.post(reverse("stories:new"), {"action": "save", "title": ""})
    story = StoryPage.objects.get(reporter=reporter)
    assert story.slug == f"story-{story.public_id.hex[:8]}"

    client.post(
        reverse("stories:edit", args=[story.public_id]), {"action": "save", "title": "Finding my voice"}
    )
    story.refresh_from_db()
    assert story.slug == f"finding-my-voice-{story.public_id.hex[:8]}"
    assert story.url_path.endswith(f"/stories/finding-my-voice-{story.public_id.hex[:8]}/")

    story.save_revision().publish()
    story.refresh_from_db()
    services.update_draft(story=story, user=reporter, values={"title": "Another title"})
    story.refresh_from_db()
    assert story.slug == f"finding-my-voice-{story.public_id.hex[:8]}"
