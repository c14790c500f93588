"""Wagtail admin views for partners, localities, collectives and match funding.

Registered in wagtail_hooks.py (partners' funding group) and activities/wagtail_hooks.py (directory).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageTitleColumn
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from creative_minds.admin_money import MoneyViewSetMixin
from creative_minds.read_only import ReadOnlyViewSet
from partners.models import (
    Collective,
    Decision,
    FundingApplication,
    FundingRound,
    JoinRequest,
    LedgerEntry,
    Locality,
    Membership,
    PartnerContact,
    PartnerPage,
    Vote,
)
from partners.permissions import coordinated_collectives
from partners.selectors import median_days_to_decision_by_locality, votes_marked_counted

# The Directory's page listings (partners here, activities in activities/viewsets.py) start with
# Wagtail's page title column, which links each row to the page's edit view; a plain "title" in
# list_display would not, as a page listing has no edit URL of its own.
TITLE_COLUMN = PageTitleColumn("title", label="Title", sort_key="title", classname="title")


class LocalityViewSet(SnippetViewSet):
    model = Locality
    icon = "site"
    menu_label = "Localities"
    list_display = ["name", "slug", "local_authority_code", "towns"]
    search_fields = ["name", "towns"]
    ordering = ["name"]


class PartnerListingViewSet(PageListingViewSet):
    """Every partner in one flat list, filterable and exportable (CSV/XLSX)."""

    model = PartnerPage
    icon = "group"
    menu_label = "Partners"
    name = "partners"
    list_display = [
        TITLE_COLUMN,
        "agreement_status",
        "mental_health_friendly",
        "postcode",
        "latest_revision_created_at",
    ]
    list_filter = [
        "localities",
        "agreement_status",
        "mental_health_friendly",
        "mental_health_first_aid_trained",
    ]
    list_export = [
        "title",
        "summary",
        "agreement_status",
        "agreement_start",
        "agreement_end",
        "postcode",
        "website",
        "contact_email",
        "contact_phone",
        "charity_number",
        "company_number",
        "mental_health_friendly",
        "mental_health_first_aid_trained",
    ]


class CollectiveViewSet(ModelViewSet):
    model = Collective
    icon = "group"
    list_display = ["name", "locality", "default_quorum_percent", "default_threshold_percent"]
    form_fields = [
        "locality",
        "name",
        "description",
        "coordinators",
        "default_quorum_percent",
        "default_threshold_percent",
    ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    list_display = ["user", "collective", "role", "is_chair", "joined_on", "left_on"]
    list_filter = ["collective", "role", "is_chair"]
    list_export = ["user", "collective", "role", "is_chair", "joined_on", "left_on"]
    form_fields = ["collective", "user", "role", "is_chair", "joined_on", "left_on", "linked_partners"]


class PartnerContactViewSet(ModelViewSet):
    model = PartnerContact
    icon = "user"
    menu_label = "Partner contacts"
    list_display = ["user", "partner", "job_title"]
    form_fields = ["user", "partner", "job_title"]


class JoinRequestViewSet(ModelViewSet):
    model = JoinRequest
    icon = "mail"
    menu_label = "Join requests"
    list_display = ["name", "collective", "role", "status", "created_at"]
    list_filter = ["collective", "status", "role"]
    list_export = ["name", "email", "collective", "role", "why", "status", "created_at"]
    form_fields = ["status"]
    inspect_view_enabled = True


class FundingRoundEditView(EditView):
    """Saves a round under its row lock, with `committed` read afresh under it.

    The form was checked against the total committed when the round was loaded. An approval made
    since (record_decision takes the same lock) would otherwise be overwritten by that older
    total, or leave the new budget below what is committed, which the CHECK constraint refuses
    with a server error. Under the lock the budget is checked again, and refused on the form."""

    def form_valid(self, form):
        with transaction.atomic():
            locked = FundingRound.objects.select_for_update().only("committed").get(pk=form.instance.pk)
            form.instance.committed = locked.committed
            if problem := form.instance.budget_problem():
                form.add_error("budget", problem)
                # What EditView.is_valid() sets when a form fails its own checks.
                self.produced_error_code = "validation_error"
                self.produced_error_message = self.get_error_message()
                return self.form_invalid(form)
            return super().form_valid(form)


class FundingRoundViewSet(MoneyViewSetMixin, ModelViewSet):
    model = FundingRound
    money_fields = ("budget", "committed", "remaining", "maximum_award")
    edit_view_class = FundingRoundEditView
    icon = "calendar"
    menu_label = "Funding rounds"
    list_display = [
        "name",
        "collective",
        "financial_year",
        "budget",
        "committed",
        "applications_open",
        "voting_closes",
    ]
    list_filter = ["collective", "financial_year"]
    list_export = [
        "name",
        "collective",
        "financial_year",
        "budget",
        "committed",
        "remaining",
        "voting_opens",
        "voting_closes",
        "decision_due",
    ]
    form_fields = [
        "collective",
        "name",
        "financial_year",
        "budget",
        "maximum_award",
        "applications_open",
        "voting_opens",
        "voting_closes",
        "decision_due",
        "quorum_percent",
        "threshold_percent",
        "minimum_match_percent",
    ]


class FundingApplicationViewSet(MoneyViewSetMixin, ReadOnlyViewSet):
    model = FundingApplication
    money_fields = ("total_cost", "requested_amount", "cash_contribution", "in_kind_total", "awarded_amount")
    icon = "doc-full"
    menu_label = "Applications"
    list_display = [
        "title",
        "partner",
        "round",
        "status",
        "requested_amount",
        "awarded_amount",
        "days_to_decision",
    ]
    list_filter = ["status", "round", "round__collective"]
    list_export = [
        "title",
        "partner",
        "round",
        "status",
        "requested_amount",
        "cash_contribution",
        "in_kind_total",
        "match_percent",
        "awarded_amount",
        "submitted_at",
        "decided_at",
        "days_to_decision",
    ]
    search_fields = ["title", "summary"]


class VoteIndexView(IndexView):
    """Votes with whether each counts, worked out per request (membership and conflicts change)."""

    def get_base_queryset(self):
        return votes_marked_counted()


class VoteViewSet(ReadOnlyViewSet):
    model = Vote
    icon = "tick"
    index_view_class = VoteIndexView
    list_display = [
        "application",
        "membership",
        "choice",
        Column(
            "counted",
            label="Counted",
            accessor=lambda vote: (
                "Yes" if vote.counted else "No: conflict of interest, or no longer a member"
            ),
        ),
        "cast_at",
        "updated_at",
    ]
    list_filter = ["choice", "application__round"]
    list_export = ["application", "membership", "choice", "counted", "comment", "cast_at", "updated_at"]
    export_headings = {"counted": "Counted"}


class DecisionViewSet(MoneyViewSetMixin, ReadOnlyViewSet):
    model = Decision
    money_fields = ("amount",)
    icon = "success"
    list_display = [
        "application",
        "outcome",
        "amount",
        "route",
        "quorum_met",
        "threshold_met",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["outcome", "route", "quorum_met", "threshold_met"]
    list_export = [
        "application",
        "outcome",
        "amount",
        "route",
        "reasons",
        "override_reason",
        "early_reason",
        "support",
        "oppose",
        "abstain",
        "eligible_members",
        "quorum_met",
        "threshold_met",
        "decided_by",
        "decided_at",
    ]


class LedgerEntryViewSet(MoneyViewSetMixin, ReadOnlyViewSet):
    model = LedgerEntry
    money_fields = ("amount", "balance_after")
    icon = "list-ul"
    menu_label = "Budget ledger"
    list_display = ["created_at", "round", "application", "amount", "balance_after", "created_by"]
    list_filter = ["round", "round__collective"]
    list_export = ["created_at", "round", "application", "amount", "balance_after", "created_by"]


class DecisionTimesView(ReportView):
    """Median days from an application being sent to its decision, per locality."""

    page_title = "Decision times"
    header_icon = "time"
    index_url_name = "funding_decision_times"
    index_results_url_name = "funding_decision_times_results"
    list_export = ["locality", "decisions", "median_days"]
    export_headings = {"locality": "Locality", "decisions": "Decisions", "median_days": "Median days"}
    columns = [
        Column("locality", label="Locality"),
        Column("decisions", label="Decisions"),
        Column("median_days", label="Median days to decide"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not coordinated_collectives(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return median_days_to_decision_by_locality()


class FundingViewSetGroup(ViewSetGroup):
    menu_label = "Match funding"
    menu_icon = "pick"
    menu_order = 210
    items = (
        FundingRoundViewSet,
        FundingApplicationViewSet,
        DecisionViewSet,
        VoteViewSet,
        LedgerEntryViewSet,
        CollectiveViewSet,
        MembershipViewSet,
        JoinRequestViewSet,
        PartnerContactViewSet,
    )
