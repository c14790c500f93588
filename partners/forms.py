"""Front-end forms for collectives and funding. Labels and messages follow the NHS content style."""

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory

from creative_minds.forms import (
    DateField,
    DecimalInput,
    HoneypotInput,
    NHSUKForm,
    NHSUKModelForm,
    WholeNumberInput,
)
from partners.models import Decision, FundingApplication, InKindItem, JoinRequest, Locality, Membership, Vote
from partners.services import award_problem

YES_NO = [("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict of interest")]


class JoinRequestForm(NHSUKModelForm):
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.filter(collective__isnull=False).order_by("name"),
        empty_label=None,
        label="Which area's collective would you like to join?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an area"},
    )
    # Declared here, not taken from the model: a model field's choices begin with an empty
    # "---------" choice, which radios show as an option of its own, chosen before the person chooses.
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        label="Which of these best describes you?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the description that fits you best"},
    )
    # A field people never see. Bots fill every field; a filled one is dropped quietly.
    website = forms.CharField(required=False, label="Leave this empty", widget=HoneypotInput)

    class Meta:
        model = JoinRequest
        fields = ["name", "email", "role", "why"]
        labels = {
            "name": "Your name",
            "email": "Your email address",
            "why": "Why would you like to join?",
        }
        help_texts = {"why": "A few sentences is plenty. There are no wrong answers."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "why": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address like name@example.com",
            },
            "why": {"required": "Tell us why you would like to join"},
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class FundingApplicationForm(NHSUKModelForm):
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
            "starts_on": "For example, 27 3 2027",
        }
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        widgets = {
            "expected_participants": WholeNumberInput,
            "total_cost": DecimalInput,
            "requested_amount": DecimalInput,
            "cash_contribution": DecimalInput,
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
        self.fields["category"].empty_label = "Choose a type"
        self.fields["cash_contribution"].required = False

    def clean_cash_contribution(self):
        return self.cleaned_data.get("cash_contribution") or Decimal("0")


InKindFormSet = inlineformset_factory(
    FundingApplication,
    InKindItem,
    form=NHSUKModelForm,
    fields=["description", "value"],
    widgets={"value": DecimalInput},
    labels={"description": "What you are giving", "value": "Value (£)"},
    extra=3,
    can_delete=True,
)


class ConflictForm(NHSUKForm):
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


class VoteForm(NHSUKForm):
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


class DecisionForm(NHSUKForm):
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
        widget=DecimalInput,
        error_messages={"invalid": "Enter the amount as a number, like 1000"},
    )
    route = forms.ChoiceField(
        choices=Decision.Route.choices,
        widget=forms.RadioSelect,
        initial=Decision.Route.MEETING,
        label="How was this decided?",
        error_messages={"required": "Choose how the decision was made"},
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
    early_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Why are you deciding before voting closes?",
        help_text="This is kept with the decision. Members and coordinators can read it.",
        error_messages={"required": "Say why you are deciding before voting closes"},
    )

    def __init__(
        self, *args, application: FundingApplication, fast_track: bool = False, early: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.application = application
        if not fast_track:
            # Only a preferred supplier's application may take the fast track; for the rest the
            # decision is the meeting's, and there is nothing to choose.
            del self.fields["route"]
        if not early:
            # Voting has closed: every member has had their say, so there is nothing to explain.
            del self.fields["early_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Decision.Outcome.APPROVED:
            self._check_amount(cleaned.get("amount"))
        cleaned.setdefault("route", Decision.Route.MEETING)
        cleaned.setdefault("early_reason", "")
        return cleaned

    def _check_amount(self, amount) -> None:
        """Shown by the amount field together with every other error, not only once they are fixed."""
        if "amount" in self.errors:
            return  # not a number, or not more than 0: that error says enough
        if not amount:
            self.add_error("amount", "Enter the amount to award")
            return
        funding_round = self.application.round
        problem = award_problem(
            requested=self.application.requested_amount,
            budget_left=funding_round.remaining,
            round_name=funding_round.name,
            amount=amount,
        )
        if problem:
            self.add_error("amount", problem)
