"""The forms a partner changes their listings with: an activity (with its sessions and a photo) and
their profile. Each is a model form over the page built from its latest revision, so the model's
own rules (a paid activity's price, a real postcode, a session that ends after it starts) come back
as messages beside the fields. Only the fields listed here can change: the partner, the owner, the
page's state and the staff-only fields (agreement, accreditation, trusted to publish) are never in
a partner's form, whatever is posted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.utils.html import escape, strip_tags
from modelcluster.forms import BaseChildFormSet, childformset_factory

from activities.listings.services.changes import Photo
from activities.models import ActivityPage, ActivitySession, Category
from creative_minds.forms import DateField, DecimalInput, NHSUKModelForm, WholeNumberInput
from creative_minds.images import clean_picture, megabytes
from partners.models import Locality, PartnerPage

PHOTO_MAX_BYTES = 10 * 1024 * 1024
DESCRIPTION_MAX_LENGTH = 5000
MAX_SESSIONS = 20
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H"]
SESSIONS_PREFIX = "sessions"


# -- the description: plain paragraphs in, simple <p> HTML out ----------------------------------


def paragraphs_from_html(rich_text: str) -> str:
    """A rich text field's words as plain paragraphs separated by a blank line, for a text box."""
    text = re.sub(r"<br\s*/?>", "\n", rich_text or "", flags=re.IGNORECASE)
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", text, flags=re.IGNORECASE)
    text = html.unescape(strip_tags(text))
    return "\n\n".join(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())


def html_from_paragraphs(text: str) -> str:
    """Plain paragraphs (a blank line between them) as escaped <p> HTML for a rich text field."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)


class ParagraphsField(forms.CharField):
    """A rich text field typed as plain paragraphs."""

    widget = forms.Textarea(attrs={"rows": 8})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", DESCRIPTION_MAX_LENGTH)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ListingFormMixin:
    """What the activity and profile forms share: the revision the form was built from (a hidden
    `revision` field), the description as paragraphs, messages that say what to do, and the
    many-to-many choices set in memory so they go into the revision, not the live row."""

    many_to_many: tuple[str, ...] = ()

    def _prepare(self):
        """Called at the end of __init__."""
        self.initial["description"] = paragraphs_from_html(self.instance.description)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{field.label} must be %(limit_value)d characters or fewer (it has %(show_value)d)"
                )
            field.error_messages["null_characters_not_allowed"] = (
                f"{field.label} has a character that cannot be saved. Type it again"
            )

    def clean_description(self):
        # Unchanged, it stays as it was: the page's own HTML (a link staff added) is kept.
        if "description" not in self.changed_data:
            return self.instance.description
        return html_from_paragraphs(self.cleaned_data["description"])

    def _post_clean(self):
        super()._post_clean()
        # A ParentalManyToManyField set on the instance stays in memory until the page is saved: it
        # goes into the revision.
        for name in self.many_to_many:
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])

    @property
    def based_on(self) -> int | None | str:
        """The revision id the form was built from, None if the page had none, or "" if it is unreadable."""
        value = (self.data.get("revision") or "").strip()
        if not value:
            return None
        return int(value) if value.isdigit() and len(value) < 19 else ""


# -- an activity -------------------------------------------------------------------------------

ACTIVITY_ERRORS = {
    "title": {"required": "Enter the name of the activity"},
    "summary": {"required": "Say in one sentence what happens"},
    "categories": {"required": "Choose at least one kind of activity"},
    "delivery": {"required": "Choose how people take part"},
    "locality": {"required": "Choose the area it is in", "invalid_choice": "Choose one of your areas"},
    "cost_type": {"required": "Choose what it costs"},
    "cost_amount": {"invalid": "Enter the price as a number, like 3.50"},
    "min_age": {"invalid": "Enter the youngest age as a number, like 18"},
    "max_age": {"invalid": "Enter the oldest age as a number, like 65"},
    "audience": {"required": "Choose who it is for"},
    "how_to_join": {"required": "Choose how people join"},
    "contact_email": {"invalid": "Enter an email address like name@example.com"},
}

ACCESS_FIELDS = (
    "step_free_access",
    "accessible_toilet",
    "hearing_loop",
    "quiet_space",
    "carer_goes_free",
    "bsl_available",
)


class ActivityForm(ListingFormMixin, NHSUKModelForm):
    """One activity, in the order of the page: what, (sessions), where, cost, who, access, first visit,
    contact, photo. `partner` is the live partner: its areas are the ones offered."""

    description = ParagraphsField(
        label="More about the activity",
        help_text="What happens, what it is like. Leave a blank line between paragraphs.",
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="What kind of activity it is",
        help_text="Choose all that apply.",
    )
    revision = forms.CharField(required=False, widget=forms.HiddenInput)
    photo = forms.FileField(
        required=False,
        label="A photo",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_description = forms.CharField(
        required=False,
        max_length=250,
        label="Describe the photo for people who cannot see it",
        help_text="For example, Eight people singing in a church hall.",
    )
    remove_photo = forms.BooleanField(required=False, label="Remove the photo")

    many_to_many = ("categories",)

    class Meta:
        model = ActivityPage
        fields = [
            "title",
            "summary",
            "description",
            "categories",
            "delivery",
            "locality",
            "venue_name",
            "address",
            "postcode",
            "cost_type",
            "cost_amount",
            "concessions",
            "audience",
            "audience_group_kind",
            "audience_group",
            "min_age",
            "max_age",
            "how_to_join",
            "peer_led",
            "group_size",
            *ACCESS_FIELDS,
            "accessibility_notes",
            "first_visit_who_meets_you",
            "first_visit_what_to_bring",
            "first_visit_what_happens",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "title": "Name of the activity",
            "summary": "What happens, in one sentence",
            "delivery": "How people take part",
            "locality": "Area",
            "venue_name": "Name of the venue",
            "address": "Address",
            "postcode": "Postcode",
            "cost_type": "What it costs",
            "cost_amount": "Price per session, in pounds",
            "concessions": "Cheaper or free places (optional)",
            "audience": "Who it is for",
            "audience_group_kind": "Which group",
            "audience_group": "The group, in your own words",
            "min_age": "Youngest age (optional)",
            "max_age": "Oldest age (optional)",
            "how_to_join": "How to join",
            "peer_led": "Run by people with lived experience of mental ill health",
            "group_size": "Usual size of the group (optional)",
            "step_free_access": "Step-free access",
            "accessible_toilet": "Accessible toilet",
            "hearing_loop": "Hearing loop",
            "quiet_space": "Quiet space",
            "carer_goes_free": "Carers go free",
            "bsl_available": "British Sign Language",
            "accessibility_notes": "Anything else about access (optional)",
            "first_visit_who_meets_you": "Who will meet them",
            "first_visit_what_to_bring": "What to bring or wear",
            "first_visit_what_happens": "What happens the first time",
            "contact_name": "Contact name",
            "contact_email": "Contact email",
            "contact_phone": "Contact phone",
        }
        help_texts = {
            "title": "For example, Knit and natter at Batley Library.",
            "summary": "Shown in search results. Up to 240 characters.",
            "address": "One part of the address on each line.",
            "postcode": "For example, HD1 2TA. People search by distance from it.",
            "concessions": "For example, free for carers.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "delivery": forms.RadioSelect,
            "locality": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
            "cost_type": forms.RadioSelect,
            "cost_amount": DecimalInput,
            "audience": forms.RadioSelect,
            "min_age": WholeNumberInput,
            "max_age": WholeNumberInput,
            "how_to_join": forms.RadioSelect,
            "first_visit_who_meets_you": forms.Textarea(attrs={"rows": 3}),
            "first_visit_what_to_bring": forms.Textarea(attrs={"rows": 3}),
            "first_visit_what_happens": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput,
            "contact_phone": forms.TelInput,
        }
        error_messages = ACTIVITY_ERRORS

    def __init__(self, *args, partner: PartnerPage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The partner's own areas (and the activity's, should it be elsewhere): a partner adds an
        # area to their profile, which staff check, before listing an activity there.
        areas = Locality.objects.filter(partners=partner.pk) if partner else Locality.objects.none()
        if self.instance.locality_id:
            areas = areas | Locality.objects.filter(pk=self.instance.locality_id)
        if not areas.exists():
            areas = Locality.objects.all()
        self.fields["locality"].queryset = areas.distinct().order_by("name")
        self.fields["locality"].empty_label = None
        self.fields["photo"].help_text = (
            f"Optional. A JPEG, PNG or WebP image, smaller than {megabytes(PHOTO_MAX_BYTES)}. "
            "Where it was taken and the camera are removed."
        )
        if not self.instance.image_id:
            del self.fields["remove_photo"]
        self._prepare()

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_picture(upload, max_bytes=PHOTO_MAX_BYTES, what="photo")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_description") or "").strip():
            self.add_error("photo_description", "Describe the photo for people who cannot see it")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("remove_photo") and not self.cleaned_data.get("photo"):
            self.instance.image = None

    @property
    def new_photo(self) -> Photo | None:
        """The new photo, once the form is valid."""
        picture = self.cleaned_data.get("photo")
        if picture is None:
            return None
        return Photo(content=picture, description=self.cleaned_data["photo_description"])

    @property
    def photo_to_choose_again(self) -> bool:
        """A photo was chosen but the form came back: a browser never keeps a chosen file."""
        return self.is_bound and bool(self.files.get("photo")) and "photo" not in self.errors

    @property
    def access_fields(self):
        return [self[name] for name in ACCESS_FIELDS]


# -- an activity's sessions --------------------------------------------------------------------


class SessionForm(NHSUKModelForm):
    """One session: a weekday, a start and end time typed as "10:00", how often, and its dates."""

    start_time = forms.TimeField(
        label="Starts at",
        help_text="Use the 24-hour clock, for example 10:00 or 14:30.",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the time it starts, like 10:00",
            "invalid": "Enter the time it starts as hours and minutes, like 10:00 or 14:30",
        },
    )
    end_time = forms.TimeField(
        label="Ends at",
        help_text="For example, 12:00.",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the time it ends, like 12:00",
            "invalid": "Enter the time it ends as hours and minutes, like 12:00 or 15:30",
        },
    )
    valid_from = DateField(
        label="First date",
        help_text="For example, 5 1 2027. Sessions every other week count their fortnights from here.",
        error_messages={
            "required": "Enter the first date, like 5 1 2027",
            "invalid": "The first date must be a real date, like 5 1 2027",
        },
    )
    valid_to = DateField(
        label="Last date (optional)",
        required=False,
        help_text="Leave it empty if the sessions carry on.",
        error_messages={"invalid": "The last date must be a real date, like 30 6 2027"},
    )

    class Meta:
        model = ActivitySession
        fields = ["weekday", "start_time", "end_time", "frequency", "week_of_month", "valid_from", "valid_to"]
        labels = {"weekday": "Day", "frequency": "How often", "week_of_month": "Week of the month"}
        help_texts = {"weekday": "", "frequency": "", "week_of_month": "For sessions once a month only."}
        error_messages = {
            "weekday": {"required": "Choose the day it meets"},
            "frequency": {"required": "Choose how often it meets"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, blank in (("weekday", "Choose a day"), ("week_of_month", "Not monthly")):
            field = self.fields[name]
            field.choices = [("", blank), *((value, label) for value, label in field.choices if value != "")]


class SessionFormSetBase(BaseChildFormSet):
    """The sessions, edited in memory on the page built from its revision (modelcluster keeps them
    there until the revision is published). One empty form at the end adds a session, without
    JavaScript (another appears once it is saved); a "Remove this session" tick takes one away; at
    least one must be left."""

    default_error_messages = {
        "missing_management_form": "The sessions could not be read. Check them and send the form again",
        "too_few_forms": "Add at least one session: the day and time it meets",
        "too_many_forms": f"An activity can have up to {MAX_SESSIONS} sessions here. Call us to add more",
    }
    can_delete_extra = False

    def management_is_sound(self) -> bool:
        """Whether the posted counts of forms are ones this page could have sent."""
        management = self.management_form
        if not management.is_valid():
            return False
        total, initial = management.cleaned_data["TOTAL_FORMS"], management.cleaned_data["INITIAL_FORMS"]
        return 0 <= initial <= total <= self.absolute_max

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count():
            # modelcluster reads the session's id with data[...] and to_python, so a missing or
            # made-up id would be an error page; here it is a new session, and the id field says
            # "Select a valid choice".
            kwargs["instance"] = self._posted_instance(i)
            return BaseFormSet._construct_form(self, i, **kwargs)
        return super()._construct_form(i, **kwargs)

    def _posted_instance(self, i) -> ActivitySession:
        pk_field = self.model._meta.pk
        try:
            pk = pk_field.to_python(self.data.get(f"{self.add_prefix(i)}-{pk_field.name}") or None)
        except ValidationError:
            pk = None
        return (self._existing_object(pk) if pk is not None else None) or self.model()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = forms.HiddenInput()
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this session"


SessionFormSet = childformset_factory(
    ActivityPage,
    ActivitySession,
    form=SessionForm,
    formset=SessionFormSetBase,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=MAX_SESSIONS,
    validate_max=True,
)
# A made-up TOTAL_FORMS builds no more forms than this.
SessionFormSet.absolute_max = MAX_SESSIONS + 5


# -- a partner's profile -----------------------------------------------------------------------


class PartnerProfileForm(ListingFormMixin, NHSUKModelForm):
    """What a partner says about themselves. Agreement, accreditation and "trusted to publish" are
    staff's, in the Wagtail admin."""

    revision = forms.CharField(required=False, widget=forms.HiddenInput)
    description = ParagraphsField(
        label="More about you",
        help_text="What you do and who you are. Leave a blank line between paragraphs.",
    )
    localities = forms.ModelMultipleChoiceField(
        queryset=Locality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Where you run activities",
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one area"},
    )

    class Meta:
        model = PartnerPage
        fields = [
            "summary",
            "description",
            "localities",
            "address",
            "postcode",
            "website",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "summary": "About you, in one sentence",
            "address": "Postal address (optional)",
            "postcode": "Postcode (optional)",
            "website": "Website (optional)",
            "contact_email": "Public email address (optional)",
            "contact_phone": "Public phone number (optional)",
        }
        help_texts = {
            "summary": "Shown in the partner directory. Up to 240 characters.",
            "address": "One part of the address on each line.",
            "website": "For example, https://www.example.org",
            "contact_email": "Anyone can see it on your page.",
            "contact_phone": "Anyone can see it on your page.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput,
            "contact_phone": forms.TelInput,
        }
        error_messages = {
            "summary": {"required": "Say in one sentence who you are"},
            "website": {"invalid": "Enter the website's address, like https://www.example.org"},
            "contact_email": {"invalid": "Enter an email address like name@example.com"},
        }

    website = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=200,
        label="Website (optional)",
        help_text="For example, https://www.example.org",
        error_messages={"invalid": "Enter the website's address, like https://www.example.org"},
    )

    many_to_many = ("localities",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare()


# -- what someone else changed ------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def activity_facts(page: ActivityPage) -> list[Fact]:
    """What a partner sees of an activity, in words: to compare two versions of it."""
    facts = [
        Fact("Name of the activity", page.title),
        Fact("Summary", page.summary),
        Fact("More about the activity", paragraphs_from_html(page.description)),
        Fact("Kinds of activity", ", ".join(sorted(category.name for category in page.categories.all()))),
        Fact("Sessions", "; ".join(session.describe() for session in page.sessions.all())),
        Fact("First and last dates", "; ".join(_dates(session) for session in page.sessions.all())),
    ]
    form_labels = ActivityForm.Meta.labels
    for name in ActivityForm.Meta.fields[4:]:
        field = ActivityPage._meta.get_field(name)
        value = getattr(page, f"get_{name}_display")() if field.choices else getattr(page, name)
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        facts.append(Fact(form_labels.get(name, field.verbose_name), "" if value is None else str(value)))
    facts.append(Fact("Photo", page.image.title if page.image_id and page.image else ""))
    return facts


def partner_facts(page: PartnerPage) -> list[Fact]:
    labels = PartnerProfileForm.Meta.labels
    facts = [
        Fact(labels["summary"], page.summary),
        Fact("More about you", paragraphs_from_html(page.description)),
        Fact("Where you run activities", ", ".join(sorted(place.name for place in page.localities.all()))),
    ]
    facts += [Fact(labels[name], getattr(page, name)) for name in PartnerProfileForm.Meta.fields[3:]]
    return facts


def changed_facts(before: list[Fact], after: list[Fact]) -> list[Fact]:
    """The facts of `after` that differ from `before` (both from the same *_facts function)."""
    return [new for old, new in zip(before, after, strict=True) if old.value != new.value]


def _dates(session: ActivitySession) -> str:
    if session.valid_to:
        return f"{session.valid_from:%-d %B %Y} to {session.valid_to:%-d %B %Y}"
    return f"from {session.valid_from:%-d %B %Y}" if session.valid_from else ""
