"""What follows a listing's review and publication.

- A published or unpublished activity or partner page shows at once: the page cache forgets every
  page (one cache write), so anonymous visitors, the search page and the .ics get the approved
  version (the search's facet index already refreshes when the page row is saved).
- When a listing review ends, approved (Wagtail has published) or with changes asked for, the
  partner's contacts get a queued email (activities.listings.emails.moderation).
- Wagtail's own approval and rejection emails are not sent for a listing review: they go, at once
  and inside the request, to whoever asked for review (a partner contact, who has no admin) and
  link to the admin. Its notices to moderators that a change waits are kept.
"""

from django.db import transaction
from django.dispatch import receiver
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier
from wagtail.models import WorkflowState
from wagtail.signals import page_published, page_unpublished, workflow_approved, workflow_rejected

from activities.listings.emails import moderation as emails
from activities.listings.models.moderation import is_listing_review
from activities.models import ActivityPage
from creative_minds.page_cache import forget_pages
from partners.models import PartnerPage


@receiver(page_published, sender=ActivityPage)
@receiver(page_unpublished, sender=ActivityPage)
@receiver(page_published, sender=PartnerPage)
@receiver(page_unpublished, sender=PartnerPage)
def forget_cached_pages(sender, **kwargs):
    transaction.on_commit(forget_pages)


@receiver(workflow_approved, sender=WorkflowState)
def tell_partner_change_is_live(sender, instance: WorkflowState, **kwargs):
    if is_listing_review(instance):
        emails.change_approved.send_later(page_id=int(instance.object_id))


@receiver(workflow_rejected, sender=WorkflowState)
def tell_partner_changes_are_asked_for(sender, instance: WorkflowState, **kwargs):
    if is_listing_review(instance):
        emails.changes_asked_for.send_later(
            page_id=int(instance.object_id), task_state_id=instance.current_task_state_id
        )


class _NotForListingReview:
    """A Wagtail workflow notifier that stays silent when the workflow's step is a listing review."""

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and not is_listing_review(instance)


class ApprovalEmailNotifier(_NotForListingReview, WorkflowStateApprovalEmailNotifier):
    pass


class RejectionEmailNotifier(_NotForListingReview, WorkflowStateRejectionEmailNotifier):
    pass


# Kept at module level: signals hold their receivers weakly.
approval_email_notifier = ApprovalEmailNotifier()
rejection_email_notifier = RejectionEmailNotifier()


def replace_wagtail_notifiers() -> None:
    """Put these notifiers in the place of Wagtail's (wagtail.admin.signal_handlers), under the same
    dispatch_uid: whichever app's ready() runs first, the signal keeps only one receiver per uid."""
    for signal, notifier, uid in (
        (workflow_approved, approval_email_notifier, "workflow_state_approved_email_notification"),
        (workflow_rejected, rejection_email_notifier, "workflow_state_rejected_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
