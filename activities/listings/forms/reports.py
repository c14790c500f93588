"""Tell us if something is wrong: the public form on every activity and partner page."""

from django import forms

from activities.listings.models import ProblemReport
from creative_minds.forms import HoneypotInput, NHSUKForm

NOTE_MAX_LENGTH = 1000
UNUSUAL_CHARACTERS = "Remove the unusual characters from what you typed"


class ProblemReportForm(NHSUKForm):
    reason = forms.ChoiceField(
        label="What is wrong?",
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what is wrong",
            "invalid_choice": "Choose what is wrong from the list",
        },
    )
    note = forms.CharField(
        label="Tell us more (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "What you write may be passed to the group that runs it. Please do not include your name "
            "or anything about your health."
        ),
        error_messages={
            "max_length": "Tell us more in 1,000 characters or fewer",
            "null_characters_not_allowed": UNUSUAL_CHARACTERS,
        },
    )
    reply_email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        max_length=ProblemReport._meta.get_field("reply_email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        help_text=(
            "Only if you would like a reply. We will not pass it on. We delete it 90 days after we "
            "have dealt with your message."
        ),
        error_messages={
            "invalid": "Enter an email address like name@example.com",
            "max_length": "Enter an email address like name@example.com",
            "null_characters_not_allowed": "Enter an email address like name@example.com",
        },
    )
    # A field people never see. Bots fill every field; a filled one is dropped quietly.
    website = forms.CharField(required=False, label="Leave this empty", widget=HoneypotInput)

    def clean(self):
        cleaned = super().clean()
        self._refuse_repeated_fields()
        says_nothing = not cleaned.get("note") and "note" not in self.errors
        if cleaned.get("reason") == ProblemReport.Reason.OTHER and says_nothing:
            self.add_error("note", "Tell us what is wrong")
        return cleaned

    def _refuse_repeated_fields(self):
        # A browser sends each of these once; a second copy means the post was made by hand, and
        # which of the two the visitor meant cannot be known, so it is asked again.
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return
        for name in self.fields:
            if len(getlist(self.add_prefix(name))) > 1 and name not in self.errors:
                self.add_error(name, "Give one answer here")

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def report(self) -> dict:
        """What services.reports.report_problem() takes, from a valid form."""
        return {
            "reason": self.cleaned_data["reason"],
            "note": self.cleaned_data["note"],
            "reply_email": self.cleaned_data["reply_email"],
        }
