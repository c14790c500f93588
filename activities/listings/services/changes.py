"""A partner's change to their profile or an activity: saved as a Wagtail revision, then sent through
the page's moderation workflow (or published at once for a partner staff trust to publish).

The live page, the search and the .ics keep the published version until staff approve: every change
here is a revision, never a write to the live row's content. Wagtail records each step in the page's
history (the revision, the workflow's start or resumption, a publication), so staff can compare
revisions and see who changed what.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, WorkflowState

from activities.models import ActivityIndexPage, ActivityPage
from partners.models import PartnerPage

# Wagtail images from partners' forms are kept together, apart from staff's own pictures.
PHOTO_COLLECTION = "Listing photos"
# Unchecked: submit_change() called without the revision the form was built from.
UNCHECKED = object()


class ChangedSinceOpened(Exception):  # noqa: N818 (a state, said as the message says it)
    """Someone saved a newer revision after the form was opened: nothing was saved."""

    def __init__(self, latest_revision_id: int | None):
        super().__init__("This listing was changed by someone else since you opened it")
        self.latest_revision_id = latest_revision_id


@dataclass(frozen=True)
class Photo:
    """A picture made safe by creative_minds.images.clean_picture, with words for people who cannot see it."""

    content: ContentFile
    description: str


@transaction.atomic
def submit_change(page: Page, *, user, based_on=UNCHECKED, photo: Photo | None = None) -> Revision:
    """Save `page` (the specific ActivityPage or PartnerPage built from its latest revision, with the
    form's values applied) as a new revision, and send it for review, or publish it if the partner
    publishes without review.

    `based_on` is the latest revision id the form was built from (None if the page had none): if a
    newer one exists now, ChangedSinceOpened is raised and nothing is saved. `photo` becomes the
    activity's picture (a new Wagtail image; the old one stays for the live page until approval)."""
    live = _lock_live_row(page)
    if based_on is not UNCHECKED and live.latest_revision_id != based_on:
        raise ChangedSinceOpened(live.latest_revision_id)
    trusted = _publishes_without_review(live)
    if isinstance(page, ActivityPage):
        # The partner of an activity is the live row's, whatever a form or an older revision says.
        page.partner_id = live.partner_id
        # Editing a listing is checking it: "last checked" moves to today once this is published.
        page.last_reviewed = timezone.localdate()
        if photo is not None:
            page.image = _store_photo(photo)
    revision = page.save_revision(user=user, log_action=True)
    if trusted:
        # The policy (a staff-ticked flag) decides this, not Wagtail's page permissions, which a
        # partner contact does not have.
        revision.publish(user=user, skip_permission_checks=True)
    else:
        _send_for_review(page, user=user)
    return revision


@transaction.atomic
def create_activity(
    partner: PartnerPage, page: ActivityPage, *, user, photo: Photo | None = None
) -> ActivityPage:
    """Add `page` (an unsaved ActivityPage with the form's values) as a draft under the activity
    index, for `partner` (the partner of the address, never a form field), then send it for review
    as submit_change does. It is not live until staff approve it (or at once for a trusted partner)."""
    index = ActivityIndexPage.objects.get()
    page.partner = partner
    page.live = False
    page.owner = user
    page.last_reviewed = timezone.localdate()
    page.slug = find_available_slug(index, slugify(page.title)[:200] or "activity")
    index.add_child(instance=page)
    submit_change(page, user=user, photo=photo)
    return page


def _lock_live_row(page: Page) -> Page:
    """The live row of `page`, locked until the transaction ends, so two sends from two tabs are
    taken one after the other and the second sees the first's revision."""
    if not isinstance(page, ActivityPage | PartnerPage):
        raise TypeError(f"Partners change activities and partner profiles, not {type(page).__name__}")
    return type(page).objects.select_for_update().get(pk=page.pk)


def _publishes_without_review(live: Page) -> bool:
    """Read from the live partner row: a flag staff tick in a draft does not count until published."""
    partner_id = live.pk if isinstance(live, PartnerPage) else live.partner_id
    return PartnerPage.objects.filter(pk=partner_id, publishes_without_review=True).exists()


def _send_for_review(page: Page, *, user) -> None:
    """Start the page's workflow; resume one waiting for changes; a review already in progress takes
    the new revision as it is (Wagtail's reviewers always see the latest revision)."""
    state = page.current_workflow_state
    if state is None:
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)


def _photo_collection() -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=PHOTO_COLLECTION).first()
    return found or root.add_child(name=PHOTO_COLLECTION)


def _store_photo(photo: Photo):
    # Wagtail's {% image %} uses an image's description as its alt text.
    description = photo.description.strip()[:255]
    image = get_image_model()(
        title=description, description=description, file=photo.content, collection=_photo_collection()
    )
    image._set_image_file_metadata()
    image.save()
    return image
