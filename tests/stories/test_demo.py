"""seed_demo's stories: reporters with a printed login, and stories in every state, once."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from activities.stories import policy
from activities.stories.models import StoryPage
from partners.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_reporters_and_stories_in_every_state_once():
    out = io.StringIO()
    call_command("seed_demo", partners=3, activities=8, stdout=out)
    assert re.search(rf"^  reporter / {DEMO_PASSWORD}  \(", out.getvalue(), re.MULTILINE)
    assert re.search(rf"^  moderator / {DEMO_PASSWORD}  \(", out.getvalue(), re.MULTILINE)

    stories = list(StoryPage.objects.all())
    states = {policy.state_of(story) for story in stories}
    assert states == {
        policy.DRAFT, policy.IN_MODERATION, policy.CHANGES_REQUESTED, policy.PUBLISHED, policy.REJECTED,
        policy.WITHDRAWN,
    }  # fmt: skip
    published = [story for story in stories if story.live]
    assert any(story.is_named for story in published) and any(not story.is_named for story in published)
    assert any(story.image_id for story in published)

    call_command("seed_demo", partners=3, activities=8, stdout=io.StringIO())
    assert StoryPage.objects.count() == len(stories)

    reporter = Client()
    assert reporter.login(username="reporter", password=DEMO_PASSWORD)
    response = reporter.get("/stories/mine/")
    assert response.status_code == 200 and "Changes asked for" in response.text
    assert Client().get("/stories/").status_code == 200
