"""The public "Become a partner" form, and the admin's approve and decline forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.widgets import AdminDateInput

from activities.listings.models import PartnerRequest
from creative_minds.forms import HoneypotInput, NHSUKModelForm
from partners.models import Locality, PartnerPage

WHAT_THEY_RUN_LIMIT = 2000

# England and Wales: 6 or 7 digits, with a "-1" style suffix for a linked charity; Scotland: SC and
# 6 digits (OSCR). Spaces are dropped and letters made capitals before these are tried.
CHARITY_NUMBER = re.compile(r"^([0-9]{6,7}(-[0-9]{1,2})?|SC[0-9]{6})$")
# Companies House: 8 characters, all digits (England and Wales) or 2 letters and 6 digits (SC, NI,
# OC for a partnership...).
COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")


def _compact(value: str) -> str:
    return "".join(value.split()).upper()


def normalise_charity_number(value: str) -> str:
    """A charity number as the registers write it ("sc 012345" → "SC012345"), or a ValidationError."""
    number = _compact(value)
    if not CHARITY_NUMBER.match(number):
        raise ValidationError(
            "Enter a charity number like 1234567 (England and Wales) or SC012345 (Scotland)",
            code="invalid_charity_number",
        )
    return number


def normalise_company_number(value: str) -> str:
    """A company number as Companies House writes it ("sc 123456" → "SC123456"), or a ValidationError."""
    number = _compact(value)
    if not COMPANY_NUMBER.match(number):
        raise ValidationError(
            "Enter a company number of 8 characters, like 01234567 or SC123456",
            code="invalid_company_number",
        )
    return number


class PartnerRequestForm(NHSUKModelForm):
    localities = forms.ModelMultipleChoiceField(
        queryset=Locality.objects.order_by("name"),
        label="Which areas do you run activities in?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one area",
            "invalid_choice": "Select areas from the list",
            "invalid_pk_value": "Select areas from the list",
        },
    )
    what_they_run = forms.CharField(
        label="What do you run?",
        help_text=(
            "The activities, groups or classes you run, who they are for and how often. "
            f"Up to {WHAT_THEY_RUN_LIMIT:,} characters."
        ),
        max_length=WHAT_THEY_RUN_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us what you run"},
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For example, https://www.example.org.uk",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"invalid": "Enter a website address like https://www.example.org.uk"},
    )
    # A field people never see. Bots fill every field; a filled one is dropped quietly. ("website" is
    # a real question on this form, so the trap has another name.)
    fax = forms.CharField(required=False, label="Leave this empty", widget=HoneypotInput)

    class Meta:
        model = PartnerRequest
        fields = [
            "organisation",
            "charity_number",
            "company_number",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "what_they_run",
            "where",
            "localities",
        ]
        labels = {
            "organisation": "Name of your organisation or group",
            "charity_number": "Registered charity number (optional)",
            "company_number": "Company number (optional)",
            "contact_name": "Your name",
            "contact_email": "Your email address",
            "contact_phone": "Your phone number (optional)",
            "where": "Where do you run them? (optional)",
        }
        help_texts = {
            "charity_number": "From the Charity Commission or OSCR, like 1234567 or SC012345.",
            "company_number": "From Companies House: 8 characters, like 01234567 or SC123456.",
            "contact_email": (
                "We will use this to reply to you, and to set up your account if you become a partner."
            ),
            "contact_phone": "In case it is easier to talk.",
            "where": "Towns, venues or postcodes.",
        }
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "charity_number": forms.TextInput(attrs={"spellcheck": "false"}),
            "company_number": forms.TextInput(attrs={"spellcheck": "false"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "where": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "organisation": {"required": "Enter the name of your organisation or group"},
            "contact_name": {"required": "Enter your name"},
            "contact_email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address like name@example.com",
            },
        }

    def clean_charity_number(self) -> str:
        value = self.cleaned_data["charity_number"]
        return normalise_charity_number(value) if value else ""

    def clean_company_number(self) -> str:
        value = self.cleaned_data["company_number"]
        return normalise_company_number(value) if value else ""

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("fax"))

    def request_details(self) -> dict:
        """What services.partner_requests.submit_request takes: every field the person filled in."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApproveForm(forms.Form):
    """Staff record the partnership agreement while approving (Wagtail admin markup)."""

    agreement_status = forms.ChoiceField(
        label="Partnership agreement",
        choices=PartnerPage.AgreementStatus.choices,
        initial=PartnerPage.AgreementStatus.NONE,
        widget=forms.RadioSelect,
        help_text="An agreement in force makes them a preferred supplier for match funding.",
    )
    agreement_start = forms.DateField(label="Agreement starts", required=False, widget=AdminDateInput)
    agreement_end = forms.DateField(label="Agreement ends", required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("agreement_start"), cleaned.get("agreement_end")
        if start and end and end < start:
            self.add_error("agreement_end", "The end date must be after the start date.")
        if cleaned.get("agreement_status") == PartnerPage.AgreementStatus.IN_FORCE and not start:
            self.add_error("agreement_start", "Enter when the agreement started.")
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are we saying no?",
        help_text="We send this to them, so write it kindly and say what they could do instead.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Give a reason: it is sent to them"},
    )
