"""Stories in the Wagtail admin are for story moderators only, and a withdrawn story is gone for good.

Wagtail's "Editors" (and "Moderators") groups have page permissions from the root. Without
activities.stories.page_permissions an editor could open a reporter's draft (with the storyteller's
name) and publish it without moderation. Here: an editor gets Wagtail's refusal on every story
address, finds no story in the explorer, the page chooser or the page search, and a story
moderator still can do all of it; nobody, not even a superuser, publishes a withdrawn story."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from activities.stories import policy, services
from activities.stories.factories import draft_story, published_story, sent_story
from activities.stories.models import StoryPage
from activities.stories.wagtail_hooks import refuse_to_publish_a_withdrawn_story
from partners.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Finding my voice at the choir"


def _user(group: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return _user("Editors")


@pytest.fixture
def moderator():
    return _user("Story moderators")


@pytest.fixture
def story():
    return sent_story(title=TITLE, name="Rosalind")


def _refused(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_an_editor_cannot_open_a_story_in_the_admin(client, story, group):
    client.force_login(_user(group))

    for name in ("edit", "history", "revisions_index", "delete", "unpublish", "move", "copy"):
        response = client.get(reverse(f"wagtailadmin_pages:{name}", args=[story.pk]))
        assert response.status_code in (302, 403, 404), name
        assert "Rosalind" not in response.text, name
    assert _refused(client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))


def test_an_editor_cannot_publish_a_story(client, editor, moderator, story):
    client.force_login(moderator)
    form = querydict_from_html(
        client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).text, form_id="page-edit-form"
    )
    form["action-publish"] = "action-publish"
    client.force_login(editor)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), form)

    assert _refused(response)
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live and policy.state_of(story) == policy.IN_MODERATION
    perms = story.permissions_for_user(editor)
    assert not any(
        (perms.can_edit(), perms.can_publish(), perms.can_delete(), perms.can_unpublish(), perms.can_move())
    )


def test_the_explorer_chooser_and_search_do_not_list_stories_to_an_editor(client, editor, moderator, story):
    index = story.get_parent()
    addresses = (
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=Finding",
        reverse("wagtailadmin_pages:search") + "?q=Finding",
        reverse("wagtailadmin_explore", args=[index.pk]) + "?q=Finding",
    )
    client.force_login(editor)
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert TITLE not in response.text, address
    client.force_login(moderator)
    for address in addresses:
        assert TITLE in client.get(address).text, address


def test_a_story_moderator_still_edits_and_approves(client, moderator, story):
    client.force_login(moderator)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code == 200
    task_state = story.current_workflow_state.current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    assert StoryPage.objects.get(pk=story.pk).live


# -- a withdrawn story ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_a_withdrawn_story_cannot_be_published_again(client, moderator, who):
    story = published_story(title=TITLE, moderator=moderator)
    user = moderator if who == "moderator" else UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    form = querydict_from_html(
        client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).text, form_id="page-edit-form"
    )
    services.withdraw_story(story=story, user=moderator)
    form["action-publish"] = "action-publish"
    form["body"] = "Back from the dead"

    response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), form)

    assert response.status_code == 302
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live and story.body == "" and policy.state_of(story) == policy.WITHDRAWN
    perms = story.permissions_for_user(user)
    assert not (perms.can_publish() or perms.can_edit() or perms.can_submit_for_moderation())


def test_publishing_a_withdrawn_story_is_refused_even_past_the_permission_check(rf, moderator):
    """The before_publish_page hook refuses what the permission tester should already have hidden."""
    story = draft_story(title=TITLE)
    services.withdraw_story(story=story, user=moderator)
    request = rf.post("/")
    request.user = moderator
    request._messages = CookieStorage(request)

    response = refuse_to_publish_a_withdrawn_story(request, story)

    assert response is not None and response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).live is False


def test_only_a_story_moderator_adds_a_story_in_the_admin(client, editor, moderator, story):
    index = story.get_parent()
    add = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])

    client.force_login(editor)
    assert _refused(client.get(add))
    assert _refused(
        client.post(add, {"title": "Straight to print", "slug": "straight", "action-publish": "1"})
    )
    assert not index.specific.permissions_for_user(editor).can_publish_subpage()
    # The index itself is an ordinary page: its introduction is the editors' to change.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[index.pk])).status_code == 200

    client.force_login(moderator)
    assert client.get(add).status_code == 200
    assert not StoryPage.objects.filter(title="Straight to print").exists()
