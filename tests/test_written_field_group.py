"""The field group written in Python (creative_minds.forms.rendering.WrittenFieldGroupBoundField)
gives the markup of the template it stands in for (templates/django/forms/field.html), for every
kind of field group that template draws: a label, a fieldset (with role="group" for a date),
and a single checkbox with its own label; with and without a hint and an error."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from activities.search.filters import ActivityFilter
from creative_minds.forms import DateField, NHSUKBoundField, NHSUKForm, WrittenFieldGroupBoundField

pytestmark = pytest.mark.django_db


class EveryKindForm(NHSUKForm):
    name = forms.CharField(label="Your <name> & title", help_text="As on your letters", max_length=5)
    amount = forms.IntegerField(label="Amount")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue & green")])
    size = forms.ChoiceField(
        label="Size",
        choices=[("s", "Small"), ("m", "Medium")],
        widget=forms.RadioSelect,
        help_text="Pick one",
    )
    extras = forms.MultipleChoiceField(
        label="Extras", choices=[("a", "Apples"), ("b", "Bananas")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", help_text="You must agree to go on")
    optional = forms.BooleanField(label="Send me news", required=False)
    born = DateField(label="Date of birth", help_text="For example, 15 3 1984")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > 10:
            # Two problems at once are still one message with one id.
            raise forms.ValidationError(["Amount must be 10 or less", "Amount must be a <small> number"])
        return amount


def _normalised(html: str) -> str:
    """The HTML with each run of white space as one space: the template's line breaks and
    indentation fall where the Python's do, but not as many."""
    return " ".join(str(html).split())


def _both_ways(form: forms.BaseForm, name: str, *, width=None, hint=None) -> tuple[str, str]:
    field = form.fields[name]
    template = NHSUKBoundField(form, field, name).with_options(width=width, hint=hint).as_field_group()
    written = (
        WrittenFieldGroupBoundField(form, field, name).with_options(width=width, hint=hint).as_field_group()
    )
    return _normalised(template), _normalised(written)


@pytest.mark.parametrize(
    "data",
    [
        {},  # unbound: no errors
        {
            "name": "far too long",
            "amount": "99",
            "colour": "purple",
            "size": "xl",
            "extras": ["z"],
            "born_day": "40",
        },
        {"name": "Al", "amount": "3", "colour": "red", "size": "s", "extras": ["a", "b"], "agree": "on"},
    ],
)
@pytest.mark.parametrize("name", list(EveryKindForm.base_fields))
def test_written_field_group_matches_the_template(data, name):
    form = EveryKindForm(_query(data)) if data else EveryKindForm()
    template, written = _both_ways(form, name)
    assert written == template


def test_a_pages_width_and_hint_are_written_as_the_template_writes_them():
    form = EveryKindForm(_query({"name": "far too long"}))
    template, written = _both_ways(form, "name", width=10, hint="Another <hint>")
    assert written == template
    assert "nhsuk-input--width-10" in written


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=singing&near=HD1+2TA&radius=10&day=tue&sort=distance",
        "radius=7&sort=sideways&day=someday&cost=dear",  # every problem the form can show
    ],
)
def test_the_search_forms_field_groups_match_the_template(query):
    form = ActivityFilter(QueryDict(query)).form
    form.is_valid()
    for name in form.fields:
        template, written = _both_ways(form, name)
        assert written == template, name


def _query(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query
