"""Reviewing a partner's change to a listing as a Wagtail workflow task: approve (publish) or ask for
changes, with a comment the partner sees on "Your listings".

The "Listing review" workflow (migration 0002) holds one of these tasks and is assigned to the
activity index and the partner index, so every activity and partner page goes through it. Wagtail
publishes on approval. The partner's contacts hear of either outcome by a queued email
(activities.listings.signal_handlers), not by Wagtail's own notices, which go to the person who
asked for review and link to an admin a partner cannot open.
"""

from django import forms
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, WorkflowState


class ChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        label="What should the partner change?",
        help_text="The partner sees this on their listings page and in an email.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the partner should change"},
    )


class ListingModerationTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve a partner's change or ask for changes."""

    APPROVE, CHANGES = "approve", "reject"

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            (self.CHANGES, "Ask for changes", True),
            (self.APPROVE, "Approve", False),  # Wagtail adds "and Publish" on the last task
        ]

    def get_form_for_action(self, action):
        return {self.CHANGES: ChangesForm}.get(action, TaskStateCommentForm)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve a partner's change to a listing, or ask for changes"

    class Meta:
        verbose_name = "Listing review task"
        verbose_name_plural = "Listing review tasks"


def is_listing_review(workflow_state: WorkflowState) -> bool:
    """Whether the step a workflow is at (or finished on) is a listing review."""
    task_state = workflow_state.current_task_state
    return task_state is not None and ListingModerationTask.objects.filter(pk=task_state.task_id).exists()
