"""Match funding: rounds with a budget, partner applications, conflicts, votes, decisions, ledger.

Money is Decimal pounds. A round's `committed` total only changes inside
services.record_decision, under a row lock, and a CHECK constraint stops it passing the
budget even if some future code forgets the lock.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from creative_minds.money import pounds
from partners.models.collective import Collective, Membership, percentage

money = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class FundingRound(models.Model):
    class Phase(models.TextChoices):
        UPCOMING = "upcoming", "Not open yet"
        APPLICATIONS = "applications", "Open for applications"
        VOTING = "voting", "Voting"
        DECIDING = "deciding", "Waiting for decisions"
        CLOSED = "closed", "Closed"

    collective = models.ForeignKey(Collective, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=100, help_text="For example, Spring 2027.")
    financial_year = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^20\d\d-\d\d$", "Write the financial year like 2026-27")],
        help_text="For example, 2026-27.",
    )
    budget = models.DecimalField(**money, help_text="The most this round can award, in pounds.")
    committed = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"), editable=False)
    applications_open = models.DateField(help_text="The first day partners can send applications.")
    voting_opens = models.DateField(help_text="The first day members can vote.")
    voting_closes = models.DateField(help_text="The last day members can vote.")
    decision_due = models.DateField(help_text="The day by which every decision will be made.")
    quorum_percent = models.PositiveSmallIntegerField(
        validators=percentage, help_text="Share of eligible members who must vote, in per cent."
    )
    threshold_percent = models.PositiveSmallIntegerField(
        validators=percentage,
        help_text="Share of support among votes for and against needed to approve, in per cent. "
        "Abstentions count towards the quorum but not here.",
    )
    maximum_award = models.DecimalField(**money, help_text="The most one application can ask for, in pounds.")
    minimum_match_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MaxValueValidator(1000)],
        help_text="The partner's contribution (cash plus itemised in-kind) must be at least this "
        "share of the amount requested, in per cent.",
    )

    panels = [
        FieldPanel("collective"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("financial_year")]),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("maximum_award")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("applications_open"), FieldPanel("voting_opens")]),
                FieldRowPanel([FieldPanel("voting_closes"), FieldPanel("decision_due")]),
            ],
            heading="Dates",
        ),
        FieldRowPanel(
            [
                FieldPanel("quorum_percent"),
                FieldPanel("threshold_percent"),
                FieldPanel("minimum_match_percent"),
            ]
        ),
    ]

    class Meta:
        ordering = ["-applications_open"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="round_committed_within_budget"
            ),
            models.CheckConstraint(condition=Q(committed__gte=0), name="round_committed_not_negative"),
            models.CheckConstraint(
                condition=Q(voting_opens__gte=F("applications_open")), name="round_dates_order_1"
            ),
            models.CheckConstraint(
                condition=Q(voting_closes__gte=F("voting_opens")), name="round_dates_order_2"
            ),
            models.CheckConstraint(
                condition=Q(decision_due__gte=F("voting_closes")), name="round_dates_order_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective.locality.name}: {self.name} ({self.financial_year})"

    def save(self, *args, **kwargs):
        if self.quorum_percent is None:
            self.quorum_percent = self.collective.default_quorum_percent
        if self.threshold_percent is None:
            self.threshold_percent = self.collective.default_threshold_percent
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.applications_open and self.voting_opens and self.voting_opens < self.applications_open:
            errors["voting_opens"] = "Voting cannot open before applications open."
        if self.voting_opens and self.voting_closes and self.voting_closes < self.voting_opens:
            errors["voting_closes"] = "Voting must close on or after the day it opens."
        if self.voting_closes and self.decision_due and self.decision_due < self.voting_closes:
            errors["decision_due"] = "Decisions are due on or after the day voting closes."
        if self.maximum_award and self.budget is not None and self.maximum_award > self.budget:
            errors["maximum_award"] = "The maximum award cannot be more than the budget."
        if problem := self.budget_problem():
            errors["budget"] = problem
        if errors:
            raise ValidationError(errors)

    def budget_problem(self) -> str | None:
        """Why the budget cannot be what it is set to, if it cannot: never less than already awarded."""
        if self.budget is not None and self.budget < self.committed:
            return (
                f"The budget must be at least {pounds(self.committed)}, "
                "because that much has already been awarded from this round"
            )
        return None

    def phase_on(self, day) -> str:
        if day < self.applications_open:
            return self.Phase.UPCOMING
        if day < self.voting_opens:
            return self.Phase.APPLICATIONS
        if day <= self.voting_closes:
            return self.Phase.VOTING
        if day <= self.decision_due:
            return self.Phase.DECIDING
        return self.Phase.CLOSED

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    def get_phase_display(self) -> str:
        return self.Phase(self.phase).label

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    def accepts_applications_on(self, day) -> bool:
        return self.phase_on(day) in (self.Phase.APPLICATIONS, self.Phase.VOTING)

    def voting_is_open_on(self, day) -> bool:
        return self.phase_on(day) == self.Phase.VOTING


class FundingApplication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Sent, waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Not approved"
        DEFERRED = "deferred", "Decision put off"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES = (Status.SUBMITTED, Status.DEFERRED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="applications")
    partner = models.ForeignKey(
        "partners.PartnerPage", on_delete=models.PROTECT, related_name="funding_applications"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=120, help_text="A short name for the project.")
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences.")
    what_will_happen = models.TextField(blank=True, max_length=3000)
    who_benefits = models.TextField(
        blank=True, max_length=2000, help_text="Especially people who use the trust's services."
    )
    category = models.ForeignKey(
        "activities.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    expected_participants = models.PositiveIntegerField(null=True, blank=True)
    total_cost = models.DecimalField(null=True, blank=True, **money)
    requested_amount = models.DecimalField(null=True, blank=True, **money)
    cash_contribution = models.DecimalField(default=Decimal("0"), **money)
    continuation = models.TextField(
        blank=True, max_length=2000, help_text="How the project carries on after the funding ends."
    )
    extends_activity = models.ForeignKey(
        "activities.ActivityPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    awarded_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner.title})"

    @cached_property
    def in_kind_total(self) -> Decimal:
        return sum((item.value for item in self.in_kind_items.all()), Decimal("0"))

    @property
    def partner_contribution(self) -> Decimal:
        return (self.cash_contribution or Decimal("0")) + self.in_kind_total

    @property
    def match_percent(self) -> Decimal | None:
        if not self.requested_amount:
            return None
        return (self.partner_contribution * 100 / self.requested_amount).quantize(Decimal("1"))

    @property
    def days_to_decision(self) -> float | None:
        if not (self.submitted_at and self.decided_at):
            return None
        return round((self.decided_at - self.submitted_at).total_seconds() / 86400, 1)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class InKindItem(models.Model):
    """Something the partner gives that is not cash (a room, volunteers' time), with its value."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="in_kind_items"
    )
    description = models.CharField(max_length=200, help_text="For example, use of our hall for 10 sessions.")
    value = models.DecimalField(**money, help_text="What it would cost to pay for, in pounds.")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.description}: {pounds(self.value)}"


class ConflictDeclaration(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="conflict_declarations")
    application = models.ForeignKey(FundingApplication, on_delete=models.PROTECT, related_name="conflicts")
    has_conflict = models.BooleanField()
    reason = models.CharField(max_length=300, blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Set because the member is linked to the partner."
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "application"], name="one_declaration_per_member")
        ]

    def __str__(self) -> str:
        return (
            f"{self.membership}: {'conflict' if self.has_conflict else 'no conflict'} on {self.application}"
        )


class Vote(models.Model):
    class Choice(models.TextChoices):
        SUPPORT = "support", "Support"
        OPPOSE = "oppose", "Do not support"
        ABSTAIN = "abstain", "Abstain"

    application = models.ForeignKey(FundingApplication, on_delete=models.PROTECT, related_name="votes")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    comment = models.CharField(max_length=500, blank=True)
    cast_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "membership"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_choice_display()} on {self.application}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approve"
        DECLINED = "declined", "Decline"
        DEFERRED = "deferred", "Defer to a later meeting"

    class Route(models.TextChoices):
        MEETING = "meeting", "Collective vote"
        FAST_TRACK = "fast_track", "Fast track (preferred supplier: chair and two members)"

    application = models.ForeignKey(FundingApplication, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.MEETING)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    reasons = models.TextField(max_length=2000)
    override_reason = models.TextField(blank=True, max_length=2000)
    early_reason = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Why the decision was made while members could still vote (empty if voting had closed).",
    )
    eligible_members = models.PositiveIntegerField()
    support = models.PositiveIntegerField()
    oppose = models.PositiveIntegerField()
    abstain = models.PositiveIntegerField()
    quorum_met = models.BooleanField()
    threshold_met = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"


class LedgerEntry(models.Model):
    """Money committed against a round's budget. The round's `committed` equals their sum."""

    round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="ledger_entries")
    application = models.ForeignKey(
        FundingApplication, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="ledger_entry")
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    balance_after = models.DecimalField(max_digits=10, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive")]

    def __str__(self) -> str:
        return f"{pounds(self.amount)} to {self.application}"
