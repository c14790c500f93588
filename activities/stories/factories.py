"""factory_boy factories for reporters and stories, and small generated pictures, shared by the tests
and `seed_demo`. Stories in a given state are made by the services the site itself uses, so their
revisions, workflow states and consent records are as the site makes them."""

from __future__ import annotations

import io

import factory
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities.factories import ActivityPageFactory
from activities.referrals import consent
from activities.referrals.models import ConsentRecord
from activities.stories import services, uploads
from activities.stories.models import ReporterProfile, StoryIndexPage, StoryPage, Theme
from partners.factories import UserFactory
from partners.models import Locality

STORY_LINES = [
    "I had not left the house much for a year. The first week I just stood at the back.",
    "Now I look forward to Tuesdays. People ask after me if I miss one.",
    "I never thought I could make something people would want to look at.",
    "Being outside with my hands in the soil gives my head a rest.",
    "We laugh a lot. I had forgotten what that felt like.",
    "I have started going for a walk on the days in between, too.",
]

# A GPS position in the EXIF of generated photos (tag 0x8825), as a phone would write it.
GPS_IFD = 0x8825


def picture_bytes(
    *, size=(160, 100), colour=(46, 125, 50), image_format="JPEG", with_location: bool = False
) -> bytes:
    """A small picture made with Pillow (no network); `with_location` adds a GPS position and a
    camera model to its EXIF, as a phone camera would."""
    picture = Image.new("RGB", size, colour)
    for x in range(0, size[0], 8):
        for y in range(0, size[1], 8):
            picture.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    options = {}
    if with_location:
        exif = Image.Exif()
        exif[0x0110] = "Phone Camera 12"  # Model
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (53.0, 38.0, 42.0), 3: "W", 4: (1.0, 47.0, 1.0)})
        options["exif"] = exif.tobytes()
    picture.save(out, format=image_format, **options)
    return out.getvalue()


def picture_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(**kwargs), content_type="image/jpeg")


def clean_picture(**kwargs):
    return uploads.clean_image(picture_upload(**kwargs))


class ReporterProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReporterProfile

    user = factory.SubFactory(UserFactory)
    active = True
    locality = factory.LazyFunction(lambda: Locality.objects.get(slug="kirklees"))


class StoryPageFactory(wagtail_factories.PageFactory):
    """A published story straight into the tree, without the reporter's journey: for lists and
    demo data where only the published page matters. Pass `themes=[...]` to choose them."""

    class Meta:
        model = StoryPage

    parent = factory.LazyFunction(lambda: StoryIndexPage.objects.get())
    title = factory.LazyFunction(
        lambda: factory.random.randgen.choice(["Finding my voice", "Out in the air"])
    )
    slug = factory.Sequence(lambda n: f"story-{n:05d}")
    body = factory.LazyFunction(lambda: "\n\n".join(factory.random.randgen.sample(STORY_LINES, 3)))
    activity = factory.SubFactory(ActivityPageFactory)
    reporter = factory.LazyFunction(lambda: ReporterProfileFactory().user)
    shown_as = StoryPage.ShownAs.NAMED
    storyteller_name = factory.Faker("first_name", locale="en_GB")
    photo_allowed = True
    consent_date = factory.LazyFunction(timezone.localdate)
    consent_read_aloud = True
    consent_version = factory.LazyFunction(lambda: consent.current_version(ConsentRecord.Purpose.STORIES))
    consent = factory.LazyAttribute(
        lambda o: consent.record_consent(
            purpose=ConsentRecord.Purpose.STORIES,
            given_by=ConsentRecord.GivenBy.PERSON_TO_REPORTER,
            user=o.reporter,
            wording_version=o.consent_version,
        )
    )
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted if extracted is not None else Theme.objects.order_by("name")[:2])
            obj.save()


def story_values(*, activity, named: bool = True, name: str = "Sam", **overrides) -> dict:
    """Everything a story needs to be sent, as the reporter's form gives it."""
    rng = factory.random.randgen
    values = {
        "title": overrides.pop("title", None)
        or rng.choice(["Finding my voice", "A reason to get up", "Out in the air"]),
        "body": "\n\n".join(rng.sample(STORY_LINES, 3)),
        "activity": activity,
        "shown_as": StoryPage.ShownAs.NAMED if named else StoryPage.ShownAs.ANONYMOUS,
        "storyteller_name": name if named else "",
        "photo_allowed": named,
        "consent_date": timezone.localdate(),
        "consent_read_aloud": True,
        "consent_version": consent.current_version(ConsentRecord.Purpose.STORIES),
    }
    values.update(overrides)
    return values


def draft_story(*, reporter=None, activity=None, themes=None, image=None, ready: bool = True, **values):
    """A reporter's draft: ready to send (every consent field filled in) unless `ready` is False."""
    reporter = reporter or ReporterProfileFactory().user
    activity = activity or ActivityPageFactory()
    story = services.create_draft_story(author=reporter)
    fields = story_values(activity=activity, **values) if ready else {"title": values.get("title", "")}
    if image is not None:
        fields.setdefault("image_alt", "A group of people smiling at the camera")
    return services.update_draft(
        story=story,
        user=reporter,
        values=fields,
        themes=themes if themes is not None else list(Theme.objects.order_by("?")[:2]),
        image=image,
    )


def sent_story(**kwargs) -> StoryPage:
    story = draft_story(**kwargs)
    return services.send_for_review(story=story, user=story.reporter)


def moderate(story: StoryPage, moderator, action: str, comment: str = "") -> StoryPage:
    """What a moderator's button in the Wagtail admin does: the task's own action."""
    task_state = story.current_workflow_state.current_task_state.specific
    task_state.task.specific.on_action(task_state, moderator, action, comment=comment)
    return StoryPage.objects.get(pk=story.pk)


def published_story(*, moderator=None, **kwargs) -> StoryPage:
    story = sent_story(**kwargs)
    moderator = moderator or UserFactory(is_superuser=True, is_staff=True)
    return moderate(story, moderator, "approve")
