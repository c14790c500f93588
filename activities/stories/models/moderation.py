"""Story moderation as a Wagtail workflow task: approve (publish), ask for changes, or reject.

A moderator acts in the Wagtail admin. Asking for changes is Wagtail's own "reject": the workflow
waits for changes, the reporter sees the comment on /stories/mine/, edits and sends again, and the
task starts afresh. Rejecting is final: the reason is kept on the story and the workflow ends.
"""

from django import forms
from django.db import transaction
from django.utils import timezone
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask


class ChangesForm(TaskStateCommentForm):
    comment = forms.CharField(
        label="What should the reporter change?",
        help_text="The reporter sees this on their stories page.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the reporter should change"},
    )


class RejectForm(TaskStateCommentForm):
    comment = forms.CharField(
        label="Why is this story not being published?",
        help_text="The reporter sees this. The story cannot be sent again.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason"},
    )


class StoryModerationTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve a story, ask for changes or reject it."""

    APPROVE, CHANGES, REJECT = "approve", "reject", "decline"

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            (self.CHANGES, "Ask for changes", True),
            (self.REJECT, "Reject", True),
            (self.APPROVE, "Approve", False),  # Wagtail adds "and Publish" on the last task
        ]

    def get_form_for_action(self, action):
        return {self.CHANGES: ChangesForm, self.REJECT: RejectForm}.get(action, TaskStateCommentForm)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != self.REJECT:
            return super().on_action(task_state, user, action_name, **kwargs)
        comment = kwargs.get("comment", "")
        task_state.reject(user=user, comment=comment)
        workflow_state = task_state.workflow_state
        workflow_state.refresh_from_db()
        story = workflow_state.content_object.specific
        type(story).objects.filter(pk=story.pk).update(rejected_at=timezone.now(), rejection_reason=comment)
        workflow_state.cancel(user=user)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve a story, ask the reporter for changes, or reject it"

    class Meta:
        verbose_name = "Story moderation task"
        verbose_name_plural = "Story moderation tasks"
