"""Who may see and change which story: the one place that decides it.

- community reporters (an active ReporterProfile) write stories and see, edit, send and withdraw
  their own, and nobody else's;
- story moderators (the "change story page" permission, given to the "Story moderators" group)
  see every story and withdraw any;
- everyone else sees only published stories, on the public pages.

Views turn a "no" into 404, so a guessed address says nothing about whether a story exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from activities.referrals import policy as referral_policy
from activities.stories.models import ReporterProfile, StoryPage
from activities.stories.roles import is_story_moderator, may_use_story_admin
from partners.permissions import remembered

# Decided in activities.stories.roles (which the page model can import), asked here like any other.
__all__ = ["is_story_moderator", "may_use_story_admin"]


def is_reporter(user) -> bool:
    return user.is_authenticated and remembered(
        user, "reporter", lambda: ReporterProfile.objects.filter(user=user, active=True).exists()
    )


def has_story_role(user) -> bool:
    return is_reporter(user) or is_story_moderator(user)


def visible_stories(user) -> QuerySet[StoryPage]:
    """Every story the user may open on the reporters' pages, drafts included."""
    if is_story_moderator(user):
        return StoryPage.objects.all()
    if is_reporter(user):
        return StoryPage.objects.filter(reporter=user)
    return StoryPage.objects.none()


def can_view_story(user, story: StoryPage) -> bool:
    return is_story_moderator(user) or (is_reporter(user) and story.reporter_id == user.pk)


def can_edit_story(user, story: StoryPage) -> bool:
    """Only its reporter edits a story, while it is theirs to change: a draft, or sent back for changes.
    Moderators change a story in the Wagtail admin, through the workflow; a story made from a quotable
    answer is only ever changed there (the reporters' form would let it be named, and record consent
    as given to a reporter), even if the moderator who made it is a reporter too."""
    return (
        is_reporter(user)
        and story.reporter_id == user.pk
        and story.from_answer is None
        and state_of(story) in EDITABLE
    )


def can_withdraw_story(user, story: StoryPage) -> bool:
    """Its reporter or a moderator, at the storyteller's request, whatever state it is in but withdrawn."""
    return story.withdrawn_at is None and can_view_story(user, story)


# -- what state a story is in --------------------------------------------------------------

DRAFT = "draft"
IN_MODERATION = "in_moderation"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
EDITABLE = (DRAFT, CHANGES_REQUESTED)
STATE_LABELS = {
    DRAFT: "Draft",
    IN_MODERATION: "Waiting for review",
    CHANGES_REQUESTED: "Changes asked for",
    PUBLISHED: "Published",
    REJECTED: "Not published",
    WITHDRAWN: "Taken down",
}


def state_of(story: StoryPage) -> str:
    """One word for where a story is. Reads the workflow state, which the reporter's list prefetches."""
    if story.withdrawn_at is not None:
        return WITHDRAWN
    if story.rejected_at is not None:
        return REJECTED
    if story.live:
        return PUBLISHED
    workflow_state = story.current_workflow_state
    if workflow_state is None:
        return DRAFT
    if workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    return IN_MODERATION


def can_make_story_from_answer(user) -> bool:
    """Turn an answer someone said may be quoted into a draft story: a story moderator who may also
    read the answers people shared (activities.referrals.policy)."""
    return is_story_moderator(user) and referral_policy.can_read_shared_answers(user)


def get_or_404(queryset: QuerySet, predicate, user, **lookup):
    """Fetch one story and check the predicate; a missing story and a refused one look the same."""
    try:
        record = queryset.get(**lookup)
    except queryset.model.DoesNotExist as missing:
        raise Http404("Not found") from missing
    if not predicate(user, record):
        raise Http404("Not found")
    return record
