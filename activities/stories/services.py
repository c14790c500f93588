"""Every write to a story: drafts, media, sending for review, and withdrawal.

Reporters never use the Wagtail admin. Their draft is a StoryPage that is not live, saved with a
revision each time (so moderators see it in the admin as Wagtail shows any draft), and sending it
starts the "Story moderation" workflow on a saved revision, as the admin's "Submit" would.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, Revision
from wagtail.search import index

from activities.models import ActivityPage
from activities.referrals import consent
from activities.referrals import services as referral_services
from activities.referrals.models import ConsentRecord
from activities.referrals.selectors import SharedAnswer
from activities.stories import policy, selectors
from activities.stories.models import StoryIndexPage, StoryPage
from activities.stories.uploads import Recording
from creative_minds import process_copies
from creative_minds.page_cache import forget_pages

MEDIA_COLLECTION = "Story media"
# What the reporter's form writes; everything else about a story is the services' business.
CONTENT_FIELDS = (
    "title",
    "body",
    "image_alt",
    "image_shows_storyteller",
    "transcript",
    "activity",
    "shown_as",
    "storyteller_name",
    "photo_allowed",
    "consent_date",
    "consent_read_aloud",
    "consent_version",
)
UNTITLED = "Untitled story"


class NotReady(Exception):
    """The story cannot be sent yet: `problems` says, field by field, what is missing."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def story_index() -> StoryIndexPage:
    return StoryIndexPage.objects.get()


def _one_story_write_at_a_time(index: StoryIndexPage | None = None) -> StoryIndexPage:
    """Lock the story index's row until the transaction ends, and return it fresh.

    Every story write takes this turn first. Two drafts started at once would otherwise both take
    the page tree's next path (an IntegrityError), and two story saves at once can deadlock in
    PostgreSQL's search index (each save updates the title weights of every entry saved since).
    Reporters are few, so waiting a moment is cheaper than losing a draft to a 500."""
    return StoryIndexPage.objects.select_for_update().get(pk=(index or story_index()).pk)


@transaction.atomic
def create_draft_story(
    *,
    author,
    title: str = "",
    body: str = "",
    activity=None,
    themes=(),
    index: StoryIndexPage | None = None,
    values: dict | None = None,
    from_answer: uuid.UUID | None = None,
) -> StoryPage:
    """A new draft story by `author` (a reporter, or staff turning someone's words into a story), not
    live, with its first revision. Everything may be blank: a draft is saved as it is. `values` sets
    any other of CONTENT_FIELDS before the first revision (which is what gets published)."""
    public_id = uuid.uuid4()
    values = values or {}
    if set(values) - set(CONTENT_FIELDS):
        raise ValueError(f"{sorted(set(values) - set(CONTENT_FIELDS))} are not a story's content")
    story = StoryPage(
        title=title.strip() or UNTITLED,
        slug=_slug_for(title, public_id),
        body=body,
        activity=activity,
        reporter=author,
        owner=author,
        public_id=public_id,
        from_answer=from_answer,
        live=False,
        **values,
    )
    _one_story_write_at_a_time(index).add_child(instance=story)
    if themes:
        story.themes.set(themes)
        story.save()
    story.save_revision(user=author, log_action=True)
    return story


def _slug_for(title: str, public_id: uuid.UUID) -> str:
    # Unique without a look-up, never one of the reserved words, and no longer than Wagtail allows.
    return f"{slugify(title)[:60] or 'story'}-{public_id.hex[:8]}"


@transaction.atomic
def update_draft(
    *,
    story: StoryPage,
    user,
    values: dict,
    themes=None,
    image=None,
    recording: tuple[Recording, object] | None = None,
    remove_image: bool = False,
    remove_recording: bool = False,
) -> StoryPage:
    """Save what the reporter wrote, whatever state it is in, as the page and a new revision.

    `values` holds any of CONTENT_FIELDS (only those given change). `image` is a clean picture from
    activities.stories.uploads.clean_image, `recording` what clean_recording returned; the files they
    replace are deleted."""
    _one_story_write_at_a_time()
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    for name, value in values.items():
        if name not in CONTENT_FIELDS:
            raise ValueError(f"{name} is not written by the story form")
        setattr(story, name, value)
    if "title" in values:
        story.title = (values["title"] or "").strip() or UNTITLED
        story.draft_title = story.title
        if story.first_published_at is None:
            # The address follows the title until the story is first published ("Save draft" on
            # an empty form made it "story-..."); after that a link to it may be anywhere.
            story.slug = _slug_for(values["title"] or "", story.public_id)
    old_media = []
    if image is not None or remove_image:
        old_media.append(story.image)
        story.image = _store_image(image, title=story.title) if image is not None else None
        if story.image is None:
            story.image_alt = ""
            story.image_shows_storyteller = False
    if recording is not None or remove_recording:
        old_media.append(story.media_document)
        if recording is not None:
            kind, file = recording
            story.media_document = _store_recording(file, title=story.title)
            story.media_kind = kind.kind
        else:
            story.media_document = None
            story.media_kind = ""
    if themes is not None:
        story.themes.set(themes)
    story.save()
    story.save_revision(user=user, log_action=True)
    _delete_media(old_media)
    return story


def _media_collection() -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=MEDIA_COLLECTION).first()
    return found or root.add_child(name=MEDIA_COLLECTION)


def _store_image(content, *, title: str):
    image = get_image_model()(title=title[:255], file=content, collection=_media_collection())
    image._set_image_file_metadata()
    image.save()
    return image


def _store_recording(file, *, title: str):
    document = get_document_model()(title=title[:255], file=file, collection=_media_collection())
    document._set_file_hash()
    document.save()
    return document


def _delete_media(items) -> None:
    """Delete images and documents with their files; Wagtail removes each file (and an image's
    renditions) once the transaction commits."""
    for item in items:
        if item is not None:
            item.delete()


# -- a story from a quotable answer ---------------------------------------------------------

FROM_ANSWER = "stories.from_answer"


def story_from_answer_title(answer: SharedAnswer) -> str:
    return f"What has changed: {answer.activity_title}"[:255]


def create_story_from_answer(*, answer: SharedAnswer, user) -> tuple[StoryPage, bool]:
    """A draft story from an answer someone said may be quoted publicly without their name, or the
    story already made from it (and False). Never two stories from one answer, even from two tabs at
    once: StoryPage.from_answer is unique, and the one that loses the race finds the other's story.

    The words are theirs exactly; the story is anonymous with no photo of them, as they agreed; it
    says no more than the month (the consent date is the month's first day). Their choice to let it
    be quoted is the story's consent, recorded as given on the questionnaire, in the wording they saw.
    """
    if not answer.may_be_quoted:
        raise ValueError("Only an answer that may be quoted publicly becomes a story")
    existing = selectors.story_made_from(answer.id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            story = create_draft_story(
                author=user,
                title=story_from_answer_title(answer),
                body=answer.text,
                activity=ActivityPage.objects.filter(pk=answer.activity_id).first(),
                from_answer=answer.id,
                values={
                    "shown_as": StoryPage.ShownAs.ANONYMOUS,
                    "storyteller_name": "",
                    "photo_allowed": False,
                    "consent_date": answer.month,
                    "consent_version": answer.wording_version,
                },
            )
            story.consent = consent.record_consent(
                purpose=ConsentRecord.Purpose.STORIES,
                given_by=ConsentRecord.GivenBy.PERSON_ON_QUESTIONNAIRE,
                user=user,
                wording_version=answer.wording_version or None,
                given_at=timezone.make_aware(datetime.datetime.combine(answer.month, datetime.time(12))),
            )
            story.save(update_fields=["consent"])
            # The audit trail says which story came from which answer id, never the words.
            log(story, FROM_ANSWER, user=user, data={"answer": str(answer.id)})
    except IntegrityError:
        # Another request made it first (or took the same place in the page tree at that moment).
        existing = selectors.story_made_from(answer.id)
        if existing is None:
            raise
        return existing, False
    return story, True


# -- sending for review -------------------------------------------------------------------


def review_problems(story: StoryPage) -> dict[str, str]:
    """What must be put right before a story is sent, field by field, in plain words."""
    problems = {}
    if not story.title.strip() or story.title == UNTITLED:
        problems["title"] = "Enter a title for the story"
    if not story.body.strip():
        problems["body"] = "Enter the story"
    if story.activity_id is None:
        problems["activity"] = "Choose the activity the story is about"
    if story.image_id and not story.image_alt.strip():
        problems["image_alt"] = "Say what the picture shows, for people who cannot see it"
    if story.media_document_id and not story.transcript.strip():
        problems["transcript"] = "Enter a transcript of the recording: everything that is said in it"
    if not story.shown_as:
        problems["shown_as"] = "Choose whether the story shows the storyteller's name or is anonymous"
    elif story.shown_as == StoryPage.ShownAs.NAMED and not story.storyteller_name.strip():
        problems["storyteller_name"] = "Enter the name to show, or choose an anonymous story"
    if story.image_shows_storyteller and not (story.is_named and story.photo_allowed):
        problems["image_shows_storyteller"] = (
            "The storyteller has not agreed to a photo of them with their name. Choose another picture, "
            "or remove this one"
        )
    if story.consent_date is None:
        problems["consent_date"] = "Enter the date the storyteller agreed"
    elif story.consent_date > timezone.localdate():
        problems["consent_date"] = "The date they agreed must be today or in the past"
    if not story.consent_read_aloud:
        problems["consent_read_aloud"] = "Confirm that you read the consent wording to the storyteller"
    return problems


@transaction.atomic
def send_for_review(*, story: StoryPage, user) -> StoryPage:
    """Record the storyteller's consent and start (or resume) moderation; NotReady says what is missing."""
    _one_story_write_at_a_time()
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    if policy.state_of(story) not in policy.EDITABLE:
        raise NotReady({"__all__": "This story has already been sent"})
    problems = review_problems(story)
    if problems:
        raise NotReady(problems)
    given_at = timezone.make_aware(datetime.datetime.combine(story.consent_date, datetime.time(12)))
    story.consent = consent.record_consent(
        purpose=ConsentRecord.Purpose.STORIES,
        given_by=ConsentRecord.GivenBy.PERSON_TO_REPORTER,
        record=story.consent,
        user=user,
        wording_version=story.consent_version or None,
        given_at=min(given_at, timezone.now()),
    )
    story.save()
    revision = story.save_revision(user=user, log_action=True)
    workflow_state = story.current_workflow_state
    if workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user=user)
    else:
        workflow = story.get_workflow()
        if workflow is None:
            raise NotReady({"__all__": "Stories cannot be reviewed at the moment. Contact Creative Minds"})
        workflow.start(story, user)
    log(story, "stories.sent", user=user, revision=revision)
    return story


# -- withdrawal ------------------------------------------------------------------------------


@transaction.atomic
def withdraw_story(*, story: StoryPage, user, reason: str = "") -> StoryPage:
    """Take a story down for good, at the storyteller's request: at once and everywhere.

    Unpublished, its consent withdrawn, its picture and recording deleted with their files, its
    words and the storyteller's name blanked, its revisions (which hold the same words) deleted,
    out of the search index, out of every cached page, and written to the audit log. Its address
    then answers 410 Gone."""
    _one_story_write_at_a_time()
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    if story.withdrawn_at is not None:
        return story
    workflow_state = story.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    if story.live:
        # activities.stories.policy has already said this user may; a reporter has no page permissions.
        UnpublishPageAction(story, user=user).execute(skip_permission_checks=True)
        story.refresh_from_db()
    if story.consent_id is not None:
        referral_services.withdraw_consent(record=story.consent, user=user)
    index.remove_object(story)  # before it is marked withdrawn, which keeps it out of the index after
    old_media = [story.image, story.media_document]
    for name, value in {
        "title": "Withdrawn story",
        "draft_title": "Withdrawn story",
        "seo_title": "",
        "search_description": "",
        "body": "",
        "transcript": "",
        "image": None,
        "image_alt": "",
        "media_document": None,
        "media_kind": "",
        "storyteller_name": "",
        "withdrawn_at": timezone.now(),
        "withdrawn_by": user,
    }.items():
        setattr(story, name, value)
    story.themes.set([])
    story.latest_revision = None
    story.live_revision = None
    story.has_unpublished_changes = False
    story.save()
    Revision.objects.for_instance(story).delete()
    _delete_media(old_media)
    log(story, "stories.withdraw", user=user, data={"reason": reason[:500]})
    forget_shown_stories()
    return story


def forget_shown_stories() -> None:
    """A story was published or taken down: every cached page that may show it goes once the change
    commits, and every process's note of which pages have stories (selectors.pages_with_stories)."""
    process_copies.changed()
    transaction.on_commit(forget_pages)
