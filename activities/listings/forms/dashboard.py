"""Staff's search box on "Your listings": find a partner by name."""

from django import forms

from creative_minds.forms import NHSUKForm

SEARCH_LIMIT = 100


class SearchInput(forms.TextInput):
    input_type = "search"


class PartnerSearchForm(NHSUKForm):
    q = forms.CharField(
        label="Partner's name",
        required=False,
        max_length=SEARCH_LIMIT,
        widget=SearchInput(attrs={"spellcheck": "false"}),
        error_messages={
            "max_length": f"Enter {SEARCH_LIMIT} characters or fewer",
            "null_characters_not_allowed": "The name has a character we cannot use: please type it again",
        },
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    @property
    def search(self) -> str:
        """What to look for: "" until the form is valid."""
        return self.cleaned_data["q"] if self.is_valid() else ""
