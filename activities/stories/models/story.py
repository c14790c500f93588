"""The story pages: /stories/ (one StoryIndexPage) and each story beneath it (StoryPage).

A reporter's draft is a StoryPage that is not live, with a revision for every save; it is
published only by Wagtail's workflow (the "Story moderation" workflow on the index page). Reporters
never use the Wagtail admin: activities.stories.services writes their drafts and starts the
workflow for them.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from activities.stories.listing import story_listing
from activities.stories.models.theme import Theme
from activities.stories.page_permissions import StoryIndexPermissionTester, StoryPermissionTester
from creative_minds.page_cache import vary_on_query
from creative_minds.routing import DirectChildRoutingMixin

# Addresses under /stories/ that are the reporters' own pages, not stories (activities/stories/urls.py).
RESERVED_SLUGS = frozenset({"new", "mine"})


class StoryIndexPage(DirectChildRoutingMixin, Page):
    """/stories/: published stories, filtered by area, type of activity and theme, and searchable."""

    intro = models.TextField(blank=True, help_text="Shown above the list of stories.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["stories.StoryPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    template = "stories/story_index_page.html"
    child_model = "stories.StoryPage"
    child_related = ("activity__partner", "activity__locality", "image", "media_document")
    # What changes the list (activities.stories.listing reads them): the page cache's key.
    query_parameters = ("q", "locality", "category", "theme", "page")

    def permissions_for_user(self, user):
        return StoryIndexPermissionTester(user, self)

    def route(self, request, path_components):
        if len(path_components) == 1:
            gone = (
                StoryPage.objects.child_of(self)
                .filter(slug=path_components[0], withdrawn_at__isnull=False)
                .only("pk", "title")
                .first()
            )
            if gone is not None:
                return RouteResult(self, kwargs={"withdrawn_story": gone})
        return super().route(request, path_components)

    def serve(self, request, *args, withdrawn_story=None, **kwargs):
        if withdrawn_story is not None:
            return TemplateResponse(
                request, "stories/story_withdrawn.html", {"page": self, "self": self}, status=410
            )
        return vary_on_query(super().serve(request, *args, **kwargs), self.query_parameters)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            story_listing(
                request, stories=StoryPage.objects.child_of(self), themes=Theme.objects.order_by("name")
            )
        )
        return context


class StoryPage(Page):
    """One storyteller's story of taking part, gathered by a community reporter."""

    class ShownAs(models.TextChoices):
        NAMED = "named", "With their name"
        ANONYMOUS = "anonymous", "Anonymously (no name, no photo of them)"

    class MediaKind(models.TextChoices):
        AUDIO = "audio", "Audio"
        VIDEO = "video", "Video"

    body = models.TextField(blank=True, help_text="The story, in the storyteller's words.")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        max_length=250, blank=True, help_text="What the picture shows, for people who cannot see it."
    )
    image_shows_storyteller = models.BooleanField(
        default=False, help_text="The picture shows the storyteller (needs their agreement and their name)."
    )
    media_document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    media_kind = models.CharField(max_length=10, choices=MediaKind.choices, blank=True)
    transcript = models.TextField(blank=True, help_text="Everything said in the recording, in words.")
    activity = models.ForeignKey(
        "activities.ActivityPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="The activity the story is about; its partner and area follow from it.",
    )
    themes = ParentalManyToManyField("stories.Theme", blank=True, related_name="stories")

    # The storyteller's consent, as the reporter recorded it with them.
    shown_as = models.CharField(max_length=10, choices=ShownAs.choices, blank=True)
    storyteller_name = models.CharField(
        max_length=100, blank=True, help_text="The name to show, only if the story is named."
    )
    photo_allowed = models.BooleanField(default=False, help_text="They agreed a photo of them may be shown.")
    consent_date = models.DateField(null=True, blank=True, help_text="When they agreed.")
    consent_read_aloud = models.BooleanField(
        default=False, help_text="The reporter read the consent wording to the storyteller."
    )
    consent_version = models.CharField(max_length=20, blank=True, help_text="The consent wording shown.")

    # Kept outside revisions (see with_content_json): who wrote it and what has happened to it.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consent = models.OneToOneField(
        "referrals.ConsentRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="story"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(blank=True, editable=False)
    # The answer to "What has changed for you?" a moderator made this story from: the answer's
    # public id (WellbeingCheckIn.public_id), not a foreign key. A key would tie a public story to a
    # health record and be cascaded or blanked by retention; the id only stops the same answer
    # becoming two stories, and lets the story be withdrawn when the answer is deleted
    # (signal_handlers). Unique: two tabs or a double click find the one story.
    from_answer = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_shows_storyteller")],
            heading="Picture",
        ),
        MultiFieldPanel(
            [FieldPanel("media_document"), FieldPanel("media_kind"), FieldPanel("transcript")],
            heading="Recording",
        ),
        FieldPanel("activity"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("shown_as", read_only=True),
                FieldPanel("storyteller_name", read_only=True),
                FieldPanel("photo_allowed", read_only=True),
                FieldPanel("consent_date", read_only=True),
                FieldPanel("consent_version", read_only=True),
            ],
            # Read-only here: given to a reporter, or on the follow-up questionnaire for a story
            # made from someone's answer; only withdrawal changes it.
            heading="The storyteller's consent (as given; cannot be changed here)",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.SearchField("shown_name"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []
    template = "stories/story_page.html"

    # Not the story's content: a revision must never bring back an old value of these when it is
    # published (a moderator approving must not undo a withdrawal, or change whose story it is).
    kept_outside_revisions = (
        "reporter_id",
        "public_id",
        "consent_id",
        "withdrawn_at",
        "withdrawn_by_id",
        "rejected_at",
        "rejection_reason",
        "from_answer",
    )

    class Meta:
        indexes = [models.Index(fields=["withdrawn_at"], name="story_withdrawn_at")]

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.kept_outside_revisions:
            setattr(obj, name, getattr(self, name))
        return obj

    def permissions_for_user(self, user):
        return StoryPermissionTester(user, self)

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"'{self.slug}' is used by the reporters' pages. Choose another."})

    @property
    def is_named(self) -> bool:
        return self.shown_as == self.ShownAs.NAMED and bool(self.storyteller_name.strip())

    def shown_name(self) -> str:
        """The storyteller's name as the public may see it: blank for an anonymous story."""
        return self.storyteller_name if self.is_named else ""

    @property
    def may_show_image(self) -> bool:
        """A picture of the storyteller only with their agreement and their name; any other picture."""
        if self.image_id is None:
            return False
        return not self.image_shows_storyteller or (self.is_named and self.photo_allowed)

    @property
    def partner(self):
        return self.activity.partner if self.activity_id else None

    @property
    def locality(self):
        return self.activity.locality if self.activity_id else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = list(self.themes.all())
        return context
