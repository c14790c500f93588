"""The wellbeing questionnaire (SWEMWBS) as a form: seven statements, each answered on a five-point scale.

The wording, order and answers come from activities.referrals.swemwbs, so the page, the scoring and any
import share one definition. Every statement must be answered: SWEMWBS is never pro-rated.
"""

from django import forms

from activities.referrals import swemwbs
from creative_minds.forms import NHSUKForm


class WellbeingForm(NHSUKForm):
    def __init__(self, *args, **kwargs):
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

    def answers(self) -> list[int]:
        """The seven answers in the order of swemwbs.ITEMS (only once the form is valid)."""
        return [self.cleaned_data[f"item_{number}"] for number in range(1, len(swemwbs.ITEMS) + 1)]
