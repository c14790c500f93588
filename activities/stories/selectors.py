"""Reads for the reporters' pages and the story cards on activity and partner pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from activities.stories import policy
from activities.stories.listing import CARD_RENDITION
from activities.stories.models import StoryPage

LATEST_STORIES = 3


def my_stories(user) -> QuerySet[StoryPage]:
    """The user's own stories (a moderator's too, if they wrote any), newest first, each with its
    workflow state so the list shows where each one is without a query per story."""
    return (
        policy.visible_stories(user)
        .filter(reporter=user)
        .select_related("activity__partner")
        # Wagtail's prefetch_workflow_states() matches a StoryPage queryset's rows on the base (Page)
        # content type and finds nothing; the workflow states are stored under the specific one.
        .prefetch_related(
            Prefetch(
                "_specific_workflow_states",
                queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
                to_attr="_current_workflow_states",
            )
        )
        .order_by("-latest_revision_created_at", "-pk")
    )


def story_made_from(answer_id) -> StoryPage | None:
    """The story a moderator made from an answer (StoryPage.from_answer), whatever state it is in."""
    return StoryPage.objects.filter(from_answer=answer_id).first()


def published_stories() -> QuerySet[StoryPage]:
    return StoryPage.objects.live().public().filter(withdrawn_at__isnull=True)


def latest_stories_about(*, activity=None, partner=None) -> list[StoryPage]:
    """Up to three of the latest published stories about an activity, or any of a partner's activities."""
    stories = (
        published_stories()
        .select_related("activity__locality", "image")
        .prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_RENDITION),
            )
        )
    )
    if activity is not None:
        stories = stories.filter(activity=activity)
    elif partner is not None:
        stories = stories.filter(activity__partner=partner)
    else:
        return []
    return list(stories.order_by("-first_published_at", "-pk")[:LATEST_STORIES])
