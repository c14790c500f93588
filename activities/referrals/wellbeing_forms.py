"""The wellbeing questionnaire (SWEMWBS) as a form: seven statements, each answered on a five-point scale,
and, on the follow-up only, "What has changed for you?" in the person's own words.

The wording, order and answers come from activities.referrals.swemwbs, so the page, the scoring and any
import share one definition. Every statement must be answered: SWEMWBS is never pro-rated. The free-text
question is optional, and its sharing choices are worded in activities.referrals.consent.
"""

import re

from django import forms

from activities.referrals import consent, swemwbs
from activities.referrals.models import WellbeingCheckIn
from activities.referrals.models.participant import WHAT_CHANGED_MAX_LENGTH
from creative_minds.forms import NHSUKForm

Sharing = WellbeingCheckIn.Sharing

# Control characters (null bytes included) come from pasting, never from typing; tabs and new lines stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainTextField(forms.CharField):
    """Text with control characters removed before it is checked, so a stray null byte pasted in
    with the words is dropped rather than refusing the whole answer; Windows line ends count as one."""

    def to_python(self, value):
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return super().to_python(value)


class SharingRadioSelect(forms.RadioSelect):
    """Radios with a hint under each choice, as NHS.UK frontend's radios with hints."""

    option_template_name = "django/forms/widgets/radio_option_with_hint.html"

    def __init__(self, *args, hints: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        if option["hint"]:
            option["hint_id"] = f"{option['attrs']['id']}-item-hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class WellbeingForm(NHSUKForm):
    def __init__(self, *args, follow_up: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for number, statement in enumerate(swemwbs.ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                # The licence requires the statement word for word, so it is the legend as it stands.
                label=statement,
                # On a phone the page is long; the count helps people keep their place.
                help_text=f"Statement {number} of {len(swemwbs.ITEMS)}",
                choices=swemwbs.ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select an answer for “{statement}”",
                    "invalid_choice": f"Select one of the answers for “{statement}”",
                },
            )
        self.follow_up = follow_up
        if follow_up:
            self._add_what_changed()

    def _add_what_changed(self):
        # After the seven statements, so the licensed questionnaire is asked exactly as written first.
        self.wording_version = consent.current_version(consent.WHAT_CHANGED)
        choices = consent.what_changed_choices(self.wording_version)
        self.fields["what_changed"] = PlainTextField(
            label="What has changed for you since you started?",
            help_text=(
                "In your own words. Please do not include names, yours or anyone else's. "
                "You do not have to answer this."
            ),
            required=False,
            strip=True,
            max_length=WHAT_CHANGED_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={
                "max_length": (
                    f"What has changed for you must be {WHAT_CHANGED_MAX_LENGTH:,} characters or fewer"
                )
            },
        )
        # As NHSUKFormMixin does for the fields it finds (this one is added after it looked): the
        # browser would cut off whatever is pasted past the limit without a word; the message says.
        self.fields["what_changed"].widget.attrs.pop("maxlength", None)
        self.fields["what_changed_sharing"] = forms.ChoiceField(
            label="Who may read what you wrote?",
            help_text="If you write something and do not choose, we will keep it private.",
            required=False,
            choices=[(value, label) for value, label, _ in choices],
            widget=SharingRadioSelect(hints={value: hint for value, _, hint in choices}),
            error_messages={"invalid_choice": "Select who may read what you wrote"},
        )

    def statement_fields(self):
        """The seven statements' bound fields, for the page to draw before the free-text question."""
        return [self[f"item_{number}"] for number in range(1, len(swemwbs.ITEMS) + 1)]

    def answers(self) -> list[int]:
        """The seven answers in the order of swemwbs.ITEMS (only once the form is valid)."""
        return [self.cleaned_data[f"item_{number}"] for number in range(1, len(swemwbs.ITEMS) + 1)]

    def what_changed(self) -> dict[str, str]:
        """The free-text answer as the check-in's fields (only once the form is valid): nothing
        for the first questionnaire or an empty answer; "not shared" when no choice was made."""
        text = self.cleaned_data.get("what_changed", "") if self.follow_up else ""
        if not text:
            return {}
        return {
            "what_changed": text,
            "what_changed_sharing": self.cleaned_data.get("what_changed_sharing") or Sharing.NOT_SHARED,
            "what_changed_wording_version": self.wording_version,
        }
