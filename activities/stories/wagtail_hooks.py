from django.contrib import messages
from django.http import HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from activities.stories import admin_views, policy, services
from activities.stories.models import StoryPage
from activities.stories.page_permissions import StoryAwarePagePermissionPolicy
from activities.stories.viewsets import StoriesViewSetGroup

# Before anything asks for the page policy: Wagtail's own, with story pages hidden from editors.
register_permission_policy(Page, StoryAwarePagePermissionPolicy(Page))


@hooks.register("register_admin_viewset")
def register_stories():
    return StoriesViewSetGroup()


@hooks.register("register_log_actions")
def register_story_log_actions(actions):
    actions.register_action("stories.sent", "Send story for review", "Story sent for review by its reporter")
    actions.register_action(
        "stories.withdraw", "Withdraw story", "Story withdrawn at the storyteller's request"
    )
    actions.register_action(
        services.FROM_ANSWER, "Story from an answer", "Draft story made from an answer that may be quoted"
    )


@hooks.register("register_admin_urls")
def register_story_admin_urls():
    return [
        path(
            "stories/from-answer/<uuid:answer_id>/",
            admin_views.story_from_answer,
            name="stories_from_answer",
        )
    ]


@hooks.register("shared_answer_story_actions")
def story_actions_for_answers(answers, user):
    """The Story column of Reports > What has changed for people (the referrals app asks through this
    hook, as it may not import stories): for each quotable answer, the story made from it or the
    address that makes one. Nothing for someone who may not make stories. One query a page."""
    if not policy.can_make_story_from_answer(user):
        return {}
    quotable = [answer.id for answer in answers if answer.may_be_quoted]
    made = {
        story.from_answer: story
        for story in StoryPage.objects.filter(from_answer__in=quotable).only(
            "pk", "from_answer", "live", "withdrawn_at"
        )
    }
    actions = {}
    for answer_id in quotable:
        story = made.get(answer_id)
        if story is None:
            actions[answer_id] = {"make_url": reverse("stories_from_answer", args=[answer_id])}
        elif story.withdrawn_at is not None:
            actions[answer_id] = {"made": "Story taken down"}
        else:
            actions[answer_id] = {
                "made": "Story published" if story.live else "Draft story made",
                "edit_url": reverse("wagtailadmin_pages:edit", args=[story.pk]),
            }
    return actions


# -- stories are for moderators in the admin (activities.stories.page_permissions) -----------


def _without_stories(pages, user):
    if policy.may_use_story_admin(user):
        return pages
    return pages.not_type(StoryPage)


@hooks.register("construct_explorer_page_queryset")
def hide_stories_in_the_explorer(parent_page, pages, request):
    return _without_stories(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_stories_in_the_page_chooser(pages, request):
    return _without_stories(pages, request.user)


@hooks.register("before_publish_page")
def refuse_to_publish_a_withdrawn_story(request, page):
    """A withdrawn story is gone for good; the permission tester already hides "Publish", and this
    refuses a publish posted anyway."""
    story = page.specific_deferred
    if (
        isinstance(story, StoryPage)
        and StoryPage.objects.filter(pk=story.pk, withdrawn_at__isnull=False).exists()
    ):
        messages.error(
            request, "This story was taken down at the storyteller's request. It cannot be published."
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


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
