"""Front-end forms for collectives and funding. Labels and messages follow the NHS content style."""

from django import forms
from django.forms import inlineformset_factory

from partners.models import Decision, FundingApplication, InKindItem, JoinRequest, Locality, Vote

YES_NO = [("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict of interest")]


class PartnerDirectoryForm(forms.Form):
    """The partner directory's query string, and the one list of what it reads. An area that is not
    one of the choices (an old or hand-edited link) is ignored and every area shown, as before."""

    locality = forms.ChoiceField(required=False)
    page = forms.CharField(required=False)  # the paginator makes sense of any value

    def __init__(self, data, *, localities):
        super().__init__(data)
        self.fields["locality"].choices = [("", "All areas"), *((loc.slug, loc.name) for loc in localities)]


class JoinRequestForm(forms.ModelForm):
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.filter(collective__isnull=False).order_by("name"),
        empty_label=None,
        label="Which area's collective would you like to join?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an area"},
    )
    # A field people never see. Bots fill every field; a filled one is dropped quietly.
    website = forms.CharField(required=False, label="Leave this empty")

    class Meta:
        model = JoinRequest
        fields = ["name", "email", "role", "why"]
        labels = {
            "name": "Your name",
            "email": "Your email address",
            "role": "Which of these best describes you?",
            "why": "Why would you like to join?",
        }
        help_texts = {"why": "A few sentences is plenty. There are no wrong answers."}
        widgets = {"role": forms.RadioSelect, "why": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address like name@example.com",
            },
            "role": {"required": "Choose the description that fits you best"},
            "why": {"required": "Tell us why you would like to join"},
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class FundingApplicationForm(forms.ModelForm):
    """Everything but `title` and `round` may be left empty in a draft; sending checks the rest."""

    class Meta:
        model = FundingApplication
        fields = [
            "round",
            "title",
            "summary",
            "what_will_happen",
            "who_benefits",
            "category",
            "extends_activity",
            "starts_on",
            "ends_on",
            "expected_participants",
            "total_cost",
            "requested_amount",
            "cash_contribution",
            "continuation",
        ]
        labels = {
            "round": "Funding round",
            "title": "Project name",
            "summary": "Summary",
            "what_will_happen": "What will happen?",
            "who_benefits": "Who will benefit?",
            "category": "Type of activity",
            "extends_activity": "Does this extend one of your listed activities? (optional)",
            "starts_on": "Start date",
            "ends_on": "End date",
            "expected_participants": "How many people do you expect to take part?",
            "total_cost": "Total cost of the project (£)",
            "requested_amount": "How much are you asking for? (£)",
            "cash_contribution": "Your cash contribution (£)",
            "continuation": "How will the project carry on after the funding ends?",
        }
        help_texts = {
            "who_benefits": "Tell us especially about people who use mental health services.",
            "total_cost": "This should be the amount you ask for plus your contribution (cash and in kind).",
            "starts_on": "For example, 27/3/2027",
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "what_will_happen": forms.Textarea(attrs={"rows": 6}),
            "who_benefits": forms.Textarea(attrs={"rows": 4}),
            "continuation": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter a name for the project"},
            "round": {"required": "Choose a funding round"},
            "total_cost": {"invalid": "Enter the total cost as a number, like 1500 or 1500.50"},
            "requested_amount": {"invalid": "Enter the amount as a number, like 1000"},
            "cash_contribution": {"invalid": "Enter your cash contribution as a number, like 500"},
            "expected_participants": {"invalid": "Enter a whole number, like 20"},
            "starts_on": {"invalid": "Enter a real date"},
            "ends_on": {"invalid": "Enter a real date"},
        }

    def __init__(self, *args, rounds, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].empty_label = None if rounds.count() == 1 else "Choose a round"
        self.fields["extends_activity"].queryset = activities
        self.fields["extends_activity"].empty_label = "No, it is new"
        self.fields["cash_contribution"].required = False

    def clean_cash_contribution(self):
        from decimal import Decimal

        return self.cleaned_data.get("cash_contribution") or Decimal("0")


InKindFormSet = inlineformset_factory(
    FundingApplication,
    InKindItem,
    fields=["description", "value"],
    labels={"description": "What you are giving", "value": "Value (£)"},
    extra=3,
    can_delete=True,
)


class ConflictForm(forms.Form):
    answer = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Do you have a conflict of interest with this application?",
        help_text="For example, you work or volunteer for the partner, or a close family member does.",
        error_messages={"required": "Tell us whether you have a conflict of interest"},
    )
    reason = forms.CharField(
        required=False, max_length=300, label="If yes, what is it? (optional)", widget=forms.TextInput
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=Vote.Choice.choices,
        widget=forms.RadioSelect,
        label="Your vote",
        error_messages={"required": "Choose support, do not support or abstain"},
    )
    comment = forms.CharField(
        required=False,
        max_length=500,
        label="Comment (optional)",
        help_text="Other members and the chair will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={"required": "Choose approve, decline or defer"},
    )
    amount = forms.DecimalField(
        required=False,
        min_value=0.01,
        decimal_places=2,
        label="Amount to award (£)",
        help_text="Up to the amount asked for.",
        error_messages={"invalid": "Enter the amount as a number, like 1000"},
    )
    route = forms.ChoiceField(
        choices=Decision.Route.choices,
        widget=forms.RadioSelect,
        initial=Decision.Route.MEETING,
        label="How was this decided?",
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        label="Reasons",
        help_text="The partner will see these. Be clear and kind.",
        error_messages={"required": "Give the reasons for the decision"},
    )
    override_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Reason for overriding the vote (only if approving without quorum or enough support)",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Decision.Outcome.APPROVED and not cleaned.get("amount"):
            self.add_error("amount", "Enter the amount to award")
        return cleaned
