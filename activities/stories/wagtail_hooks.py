from django.http import HttpResponseNotFound
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from activities.stories import policy
from activities.stories.models import StoryPage
from activities.stories.viewsets import StoriesViewSetGroup


@hooks.register("register_admin_viewset")
def register_stories():
    return StoriesViewSetGroup()


@hooks.register("register_log_actions")
def register_story_log_actions(actions):
    actions.register_action("stories.sent", "Send story for review", "Story sent for review by its reporter")
    actions.register_action(
        "stories.withdraw", "Withdraw story", "Story withdrawn at the storyteller's request"
    )


def _withdraw_button(page, user, priority):
    if isinstance(page.specific_deferred, StoryPage):
        story = page.specific_deferred
        if story.withdrawn_at is None and policy.is_story_moderator(user):
            yield Button(
                "Withdraw (storyteller's request)",
                url=reverse("stories:withdraw", args=[story.public_id]),
                icon_name="bin",
                priority=priority,
            )


@hooks.register("register_page_header_buttons")
def story_withdraw_header_button(page, user, view_name, next_url=None):
    yield from _withdraw_button(page, user, priority=55)


@hooks.register("register_page_listing_more_buttons")
def story_withdraw_listing_button(page, user, next_url=None):
    yield from _withdraw_button(page, user, priority=35)


@hooks.register("before_serve_document")
def keep_unpublished_story_recordings_private(document, request):
    """A recording of a story that is not published is for its reporter and the moderators only;
    anyone else is told it does not exist, as for any other address."""
    story = StoryPage.objects.filter(media_document=document).only("pk", "live", "reporter_id").first()
    if story is not None and not story.live and not policy.can_view_story(request.user, story):
        return HttpResponseNotFound("Not found")
    return None
