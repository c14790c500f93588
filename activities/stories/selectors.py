"""Reads for the reporters' pages and the story cards on activity and partner pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from activities.stories import policy
from activities.stories.listing import CARD_RENDITION
from activities.stories.models import StoryIndexPage, StoryPage, Theme
from creative_minds import process_copies

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


PAGES_WITH_STORIES_HELD_AS = "stories:pages-with-stories"


def pages_with_stories() -> dict[str, frozenset[int]]:
    """{"ActivityPage": ids, "PartnerPage": ids}: the activities and partners with at least one
    published story, held by each process (creative_minds.process_copies; services.
    forget_shown_stories drops it), so the many pages with none show none without a round trip."""

    def build():
        about = list(
            published_stories()
            .filter(activity__isnull=False)
            .values_list("activity_id", "activity__partner_id")
        )
        return {
            "ActivityPage": frozenset(activity for activity, _ in about),
            "PartnerPage": frozenset(partner for _, partner in about),
        }

    return process_copies.held(PAGES_WITH_STORIES_HELD_AS, build)


@dataclass(frozen=True)
class ThemeCount:
    """How many published stories are tagged with one theme, per locality (by the locality's pk)."""

    name: str
    slug: str
    by_locality: dict[int, int]


def theme_counts_by_locality() -> list[ThemeCount]:
    """Every theme, in name order, with the published stories tagged with it counted per locality
    (the locality of the story's activity). A theme no published story has is listed with no
    counts. One query: each theme's stories, grouped by locality and counted only if published, so
    the number of themes, stories or localities never adds a query.

    Only published stories count: their storytellers consented and a moderator approved them.
    Drafts, stories waiting for review and withdrawn stories are left out, and so is a story whose
    activity has been deleted, since it is in no locality any more."""
    rows = (
        Theme.objects.order_by("name", "pk")
        .values("pk", "name", "slug", "stories__activity__locality")
        .annotate(stories=Count("stories", filter=Q(stories__in=published_stories()), distinct=True))
    )
    themes: dict[int, ThemeCount] = {}
    for row in rows:
        theme = themes.setdefault(row["pk"], ThemeCount(row["name"], row["slug"], {}))
        locality = row["stories__activity__locality"]
        if locality is not None and row["stories"]:
            theme.by_locality[locality] = theme.by_locality.get(locality, 0) + row["stories"]
    return list(themes.values())


def stories_index_url() -> str:
    """Where /stories/ is (the one StoryIndexPage), or "" before it exists."""
    index = StoryIndexPage.objects.live().first()
    return index.url if index is not None else ""


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
