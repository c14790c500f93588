"""Referral forms: a champion's referral and a person asking to join. Messages follow the NHS style."""

import datetime

from django import forms
from django.utils import timezone

from activities.detail import distinguishing_label
from activities.referrals import consent, session_dates
from activities.referrals.models import ConsentRecord, Referral
from creative_minds.forms import DateField, HoneypotInput, NHSUKForm, NHSUKModelForm
from creative_minds.validators import normalise_uk_phone

CONTACT_ERRORS = {
    "preferred_name": {"required": "Enter the name they like to be called"},
    "contact_method": {"required": "Choose how they would like to be contacted"},
    "email": {"invalid": "Enter an email address like name@example.com"},
}


class ContactDetailsForm(NHSUKModelForm):
    """What both forms share: a name, one way to get in touch, and consent to pass it on."""

    consent_version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Referral
        fields = ["preferred_name", "contact_method", "phone", "email", "support_needs"]
        widgets = {
            "contact_method": forms.RadioSelect,
            "phone": forms.TelInput,
            "support_needs": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = CONTACT_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_version"].initial = consent.current_version(
            ConsentRecord.Purpose.REFERRAL_CONTACT
        )
        self.fields["phone"].required = False
        self.fields["email"].required = False
        # Radios need no empty "---------" choice: nothing ticked already means "not chosen".
        method = self.fields["contact_method"]
        method.choices = Referral.ContactMethod.choices
        method.help_text = ""

    def clean_consent_version(self):
        version = self.cleaned_data["consent_version"]
        if version not in consent.WORDING[ConsentRecord.Purpose.REFERRAL_CONTACT]:
            # Only a tampered form gets here; show the current wording again.
            raise forms.ValidationError("Read the consent wording again and confirm")
        return version

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if method == Referral.ContactMethod.PHONE and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number, or choose email instead")
        if method == Referral.ContactMethod.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter an email address, or choose phone instead")
        # Only the chosen way of getting in touch is kept, so a mistake in the other one does not matter.
        unused = "email" if method == Referral.ContactMethod.PHONE else "phone" if method else None
        if unused:
            self.errors.pop(unused, None)
            cleaned[unused] = ""
        if cleaned.get("phone"):
            cleaned["phone"] = _tidy_phone(cleaned["phone"])
        return cleaned

    def details(self) -> dict:
        """The referral's fields, keeping only the contact detail the person chose."""
        data = {field: self.cleaned_data.get(field, "") for field in self.Meta.fields}
        if data["contact_method"] == Referral.ContactMethod.PHONE:
            data["email"] = ""
        else:
            data["phone"] = ""
        return data


class ChampionReferralForm(ContactDetailsForm):
    consent_given = forms.BooleanField(
        label="They agreed to Creative Minds sharing these details with the group",
        error_messages={"required": "Confirm that they agreed to share their details"},
    )

    class Meta(ContactDetailsForm.Meta):
        fields = [*ContactDetailsForm.Meta.fields, "champion_attends_first", "note_for_partner"]
        # These are someone else's details: the champion's browser must not offer the champion's own.
        widgets = {
            **ContactDetailsForm.Meta.widgets,
            "preferred_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TelInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "note_for_partner": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "preferred_name": "Their preferred name",
            "contact_method": "How would they like the group to contact them?",
            "phone": "Their phone number",
            "email": "Their email address",
            "support_needs": "Anything that would help them take part (optional)",
            "champion_attends_first": "I will go along with them the first time",
            "note_for_partner": "A short note for the organiser (optional)",
        }
        help_texts = {
            "preferred_name": "A first name is enough.",
            "champion_attends_first": "",  # the model's note for the admin; the label says it all here
            "support_needs": "For example, step-free access, or someone to meet them at the door.",
            "note_for_partner": (
                "Up to 500 characters. Do not include a diagnosis, medication or other medical details: "
                "the organiser does not need them."
            ),
        }
        error_messages = {
            **CONTACT_ERRORS,
            "note_for_partner": {"max_length": "The note must be 500 characters or fewer"},
        }

    def details(self) -> dict:
        data = super().details()
        data.update(
            champion_attends_first=self.cleaned_data["champion_attends_first"],
            note_for_partner=self.cleaned_data["note_for_partner"],
        )
        return data


class SelfReferralForm(ContactDetailsForm):
    consent_given = forms.BooleanField(
        label="I agree to Creative Minds sharing these details with the group",
        error_messages={"required": "Confirm that you agree to us sharing your details with the group"},
    )
    # A field people never see. Bots fill every field; a filled one is dropped quietly.
    website = forms.CharField(required=False, label="Leave this empty", widget=HoneypotInput)

    class Meta(ContactDetailsForm.Meta):
        # The person fills these in about themselves, so their browser may offer what it knows.
        widgets = {
            **ContactDetailsForm.Meta.widgets,
            "preferred_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "phone": forms.TelInput(attrs={"autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            **CONTACT_ERRORS,
            "preferred_name": {"required": "Enter the name you would like to be called"},
            "contact_method": {"required": "Choose how you would like to be contacted"},
        }
        labels = {
            "preferred_name": "What would you like to be called?",
            "contact_method": "How would you like the group to contact you?",
            "phone": "Your phone number",
            "email": "Your email address",
            "support_needs": "Is there anything that would help you take part? (optional)",
        }
        help_texts = {
            "preferred_name": "A first name is enough.",
            "support_needs": (
                "For example, step-free access, or someone to meet you at the door. You do not need to tell "
                "us about your health."
            ),
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class StatusForm(NHSUKForm):
    """Move a referral on. The choices offered are the ones the policy allows this user now.

    Marking someone joined needs the day of their first session: one of the days the activity met
    in the last few weeks (on or after the referral), or another day it met, typed in. Their first
    attendance is recorded for that day, so it is never a day with no session, nor one to come.
    """

    ANOTHER_DATE = "another"
    # The date input sits under "Another date" and stays in view: NHS.UK's script that hides it
    # until chosen marks the radio aria-expanded, which a radio may not carry (axe: critical).
    ANOTHER_DATE_PANEL = "first-session-another-date"
    ENTER_DATE = "Enter the date of their first session as day, month and year, like 25 11 2026"

    status = forms.ChoiceField(
        label="What has happened?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what has happened"},
    )
    reason = forms.ChoiceField(
        label="Why did they not take it up?",
        choices=[("", "Choose a reason"), *Referral.NotTakenUpReason.choices],
        required=False,
    )
    first_session = forms.ChoiceField(
        label="Date of their first session",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the date of their first session from the list"},
    )
    joined_on = DateField(
        label="Another date",
        required=False,
        help_text="For example, 25 11 2026",
        error_messages={"invalid": ENTER_DATE},
    )

    LABELS = {
        Referral.Status.ACKNOWLEDGED: "We have received it and will be in touch",
        Referral.Status.CONTACTED: "We have contacted them",
        Referral.Status.JOINED: "They came to a session",
        Referral.Status.NOT_TAKEN_UP: "They did not take it up",
        Referral.Status.WITHDRAWN: "They have changed their mind (withdraw the referral)",
    }

    def __init__(
        self,
        *args,
        allowed: tuple[str, ...],
        referral: Referral,
        today: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status, self.LABELS[status]) for status in allowed]
        self.activity = referral.activity
        self.today = today or timezone.localdate()
        self.earliest = timezone.localdate(referral.created_at) if referral.created_at else None
        self.offers_joined = Referral.Status.JOINED in allowed
        self.meeting_dates = (
            [
                day
                for day in session_dates.recent_meeting_dates(self.activity, today=self.today)
                if self.earliest is None or day >= self.earliest
            ]
            if self.offers_joined
            else []
        )
        self.fields["first_session"].choices = [
            *((day.isoformat(), self._day_label(day)) for day in self.meeting_dates),
            (self.ANOTHER_DATE, "Another date"),
        ]
        if self.is_bound and not self.data.get("first_session") and self._typed_a_date():
            # A typed date, with no day ticked, can only mean another date: show it ticked, so a
            # problem with it is in view rather than behind a closed "Another date".
            self.data = self.data.copy()
            self.data["first_session"] = self.ANOTHER_DATE

    def _day_label(self, day: datetime.date) -> str:
        label = f"{day:%A %-d %B %Y}"
        if day == self.today:
            return f"{label} (today)"
        if day == self.today - datetime.timedelta(days=1):
            return f"{label} (yesterday)"
        return label

    def _typed_a_date(self) -> bool:
        return any(str(self.data.get(f"joined_on_{part}", "")).strip() for part in ("day", "month", "year"))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Referral.Status.NOT_TAKEN_UP and not cleaned.get("reason"):
            self.add_error("reason", "Choose why they did not take it up")
        if status == Referral.Status.JOINED:
            cleaned["joined_on"] = self._first_session(cleaned)
        else:
            # Only a joined person has a first session: whatever was ticked or typed there is not used.
            for name in ("first_session", "joined_on"):
                self.errors.pop(name, None)
                cleaned[name] = None
        return cleaned

    def _first_session(self, cleaned) -> datetime.date | None:
        """The day chosen (or typed), if it is a day the activity met; otherwise None and a message."""
        if "first_session" in self.errors or "joined_on" in self.errors:
            return None
        choice = cleaned.get("first_session")
        if not choice:
            self.add_error("first_session", "Choose the date of their first session")
            return None
        if choice != self.ANOTHER_DATE:
            return datetime.date.fromisoformat(choice)
        day = cleaned.get("joined_on")
        if day is None:
            self.add_error("joined_on", self.ENTER_DATE)
            return None
        problem = self._date_problem(day)
        if problem:
            self.add_error("joined_on", problem)
            return None
        return day

    def _date_problem(self, day: datetime.date) -> str:
        if self.earliest and day < self.earliest:
            return (
                "The date of their first session must be on or after the day of the referral, "
                f"{self.earliest:%-d %B %Y}"
            )
        return session_dates.first_session_problem(self.activity, day, today=self.today)


class ParticipantFilterForm(NHSUKForm):
    """The participant list's filter: one of the person's activities, or all of them. Each is named
    with its day, time and venue, so that activities with one name can be told apart; pass them
    with their sessions prefetched (selectors.participant_activities)."""

    activity = forms.ChoiceField(
        label="Activity",
        required=False,
        error_messages={"invalid_choice": "Choose an activity from the list"},
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [
            ("", "All activities"),
            *((activity.slug, distinguishing_label(activity)) for activity in activities),
        ]


class SessionDateForm(NHSUKForm):
    """Open the register for a date that is not in the list of sessions."""

    REAL_PAST_DATE = "Enter a real date that is today or in the past, like 25 11 2026"

    date = DateField(
        label="Another date",
        help_text="For example, a session that was moved.",
        error_messages={"required": REAL_PAST_DATE, "invalid": REAL_PAST_DATE},
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(self.REAL_PAST_DATE)
        return day


def _tidy_phone(phone: str) -> str:
    """Store numbers one way, in groups people can read: 07700 900123, 01484 123456."""
    digits = normalise_uk_phone(phone)
    return f"{digits[:5]} {digits[5:]}" if len(digits) == 11 else digits
