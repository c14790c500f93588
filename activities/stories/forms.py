"""The reporter's story form. Every field may be left blank to save a draft; what a story needs
before it is sent is checked by activities.stories.services.review_problems."""

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from activities.models import ActivityPage
from activities.referrals import consent
from activities.referrals.models import ConsentRecord
from activities.stories import uploads
from activities.stories.models import StoryPage, Theme
from activities.stories.services import UNTITLED
from creative_minds.forms import DateField, NHSUKForm

STORIES = ConsentRecord.Purpose.STORIES
SAVE, SEND = "save", "send"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.partner.title})"


class StoryForm(NHSUKForm):
    title = forms.CharField(label="Title", max_length=200, required=False)
    body = forms.CharField(
        label="The story",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="In the storyteller's own words, as far as you can. Leave a blank line between paragraphs.",
    )
    activity = ActivityChoiceField(
        label="The activity it is about",
        queryset=ActivityPage.objects.none(),
        required=False,
        empty_label="Choose an activity",
        help_text="Its group and area are shown with the story.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="What did taking part change?",
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that the story talks about.",
    )
    image = forms.FileField(
        label="A picture (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = forms.CharField(
        label="What the picture shows",
        max_length=250,
        required=False,
        help_text="For people who cannot see it. For example: Four people laughing around a pottery wheel.",
    )
    image_shows_storyteller = forms.BooleanField(label="The picture shows the storyteller", required=False)
    remove_image = forms.BooleanField(label="Remove the picture", required=False)
    recording = forms.FileField(
        label="A sound or video recording (optional)",
        required=False,
        widget=forms.FileInput(
            attrs={"accept": "audio/mpeg,audio/mp4,audio/ogg,audio/wav,video/mp4,video/webm"}
        ),
    )
    transcript = forms.CharField(
        label="Transcript of the recording",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Everything that is said in the recording, so people who cannot hear it can read it.",
    )
    remove_recording = forms.BooleanField(label="Remove the recording", required=False)
    shown_as = forms.ChoiceField(
        label="How should the story be shown?",
        choices=StoryPage.ShownAs.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose named or anonymous"},
    )
    storyteller_name = forms.CharField(
        label="The name to show",
        max_length=100,
        required=False,
        help_text="Only for a named story. For example, a first name.",
    )
    photo_allowed = forms.BooleanField(label="They agree a photo of them may be shown", required=False)
    consent_date = DateField(
        label="The date they agreed",
        required=False,
        help_text="For example, 27 11 2026",
        error_messages={"invalid": "The date they agreed must be a real date, like 27 11 2026"},
    )
    consent_read_aloud = forms.BooleanField(
        label="I read the wording above to the storyteller and they agreed", required=False
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, reporter_locality=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The size limits are settings: the hints read them, so they never promise another size.
        self.fields["image"].help_text = (
            f"A JPEG, PNG or WebP image, smaller than {uploads.megabytes(settings.STORY_IMAGE_MAX_BYTES)}. "
            "Where it was taken and the camera are removed."
        )
        self.fields["recording"].help_text = (
            f"Sound: MP3, M4A, OGG or WAV, smaller than {uploads.megabytes(settings.STORY_AUDIO_MAX_BYTES)}. "
            f"Video: MP4 or WebM, smaller than {uploads.megabytes(settings.STORY_VIDEO_MAX_BYTES)}."
        )
        self.fields["consent_version"].initial = consent.current_version(STORIES)
        activities = (
            ActivityPage.objects.live()
            .select_related("partner")
            .only("id", "title", "partner__title", "locality_id")
        )
        if reporter_locality is not None:
            # Their own area's activities first: on a phone, the list is long.
            activities = activities.annotate(
                elsewhere=Case(
                    When(locality_id=reporter_locality.pk, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            ).order_by("elsewhere", "title")
        else:
            activities = activities.order_by("title")
        self.fields["activity"].queryset = activities

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return uploads.clean_image(upload) if upload else None

    def clean_recording(self):
        upload = self.cleaned_data.get("recording")
        return uploads.clean_recording(upload) if upload else None

    def clean_consent_version(self):
        version = self.cleaned_data.get("consent_version") or consent.current_version(STORIES)
        if version not in consent.WORDING[STORIES]:
            raise forms.ValidationError("Read the consent wording to the storyteller again and confirm")
        return version

    @property
    def consent_wording(self) -> str:
        version = self.data.get("consent_version") if self.is_bound else None
        if version not in consent.WORDING[STORIES]:
            version = consent.current_version(STORIES)
        return consent.wording(STORIES, version)

    def valid_values(self) -> dict:
        """What to save: every field that is valid as typed (a draft saves even with mistakes in it)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in (
                "title",
                "body",
                "activity",
                "image_alt",
                "image_shows_storyteller",
                "transcript",
                "shown_as",
                "storyteller_name",
                "photo_allowed",
                "consent_date",
                "consent_read_aloud",
                "consent_version",
            )
            if name in cleaned and name not in self.errors
        }

    @classmethod
    def initial_for(cls, story: StoryPage) -> dict:
        return {
            "title": "" if story.title == UNTITLED else story.title,
            "body": story.body,
            "activity": story.activity_id,
            "themes": list(story.themes.all()),
            "image_alt": story.image_alt,
            "image_shows_storyteller": story.image_shows_storyteller,
            "transcript": story.transcript,
            "shown_as": story.shown_as,
            "storyteller_name": story.storyteller_name,
            "photo_allowed": story.photo_allowed,
            "consent_date": story.consent_date,
            "consent_read_aloud": story.consent_read_aloud,
            "consent_version": story.consent_version or consent.current_version(STORIES),
        }


class ConfirmWithdrawForm(NHSUKForm):
    reason = forms.CharField(
        label="Anything we should know (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not include the storyteller's name or health details.",
    )
