"""Wagtail admin views for activities and categories. Registered in wagtail_hooks.py."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities.models import ActivityPage, Category, ConsentRecord, Referral, RetentionRun
from creative_minds.read_only import ReadOnlyViewSet
from partners.models import ChampionProfile
from partners.viewsets import LocalityViewSet, PartnerListingViewSet


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    ordering = ["name"]


class ActivityListingViewSet(PageListingViewSet):
    """Every activity in one flat list, filterable by the facts editors check most."""

    model = ActivityPage
    icon = "date"
    menu_label = "Activities"
    name = "activities"
    list_display = ["title", "partner", "locality", "cost_type", "how_to_join", "last_reviewed"]
    list_filter = [
        "locality",
        "categories",
        "cost_type",
        "how_to_join",
        "delivery",
        "peer_led",
        "last_reviewed",
    ]
    list_export = [
        "title",
        "partner",
        "locality",
        "summary",
        "venue_name",
        "postcode",
        "cost_type",
        "cost_amount",
        "how_to_join",
        "delivery",
        "contact_email",
        "contact_phone",
        "last_reviewed",
    ]


class DirectoryViewSetGroup(ViewSetGroup):
    """One "Directory" menu for everything the public search shows."""

    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ActivityListingViewSet, PartnerListingViewSet, CategoryViewSet, LocalityViewSet)


# -- referrals -----------------------------------------------------------------------------
# The admin lists referrals for oversight and figures, but never shows or exports a person's
# contact details or notes: those are read on the audited front-end page, or in a subject
# access export.


class ChampionViewSet(ModelViewSet):
    model = ChampionProfile
    icon = "user"
    menu_label = "Champions"
    list_display = ["user", "trust_team", "locality", "weekly_digest"]
    list_filter = ["locality", "weekly_digest"]
    list_export = ["user", "trust_team", "locality", "weekly_digest", "created_at"]
    form_fields = ["user", "trust_team", "locality", "work_phone", "weekly_digest"]


REFERRAL_FIGURES = [
    "activity",
    "source",
    "status",
    "not_taken_up_reason",
    "champion_attends_first",
    "created_at",
    "acknowledged_at",
    "closed_at",
    "reminded_at",
    "escalated_at",
    "anonymised_at",
]


class ReferralViewSet(ReadOnlyViewSet):
    model = Referral
    icon = "mail"
    menu_label = "Referrals"
    list_display = ["activity", "source", "status", "created_at", "escalated_at"]
    list_filter = ["status", "source", "activity__locality", "created_at"]
    list_export = REFERRAL_FIGURES
    inspect_view_fields = REFERRAL_FIGURES


class ConsentRecordViewSet(ReadOnlyViewSet):
    model = ConsentRecord
    icon = "tick-inverse"
    menu_label = "Consent records"
    list_display = ["purpose", "wording_version", "given_by", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "wording_version", "given_by"]
    list_export = ["purpose", "wording_version", "given_by", "given_at", "withdrawn_at"]
    inspect_view_fields = ["purpose", "wording_version", "given_by", "given_at", "withdrawn_at"]


class RetentionRunViewSet(ReadOnlyViewSet):
    model = RetentionRun
    icon = "bin"
    menu_label = "Retention runs"
    list_display = ["ran_at", "retention_days", "referrals_anonymised", "tokens_purged", "ran_by"]


class ReferralsViewSetGroup(ViewSetGroup):
    menu_label = "Referrals"
    menu_icon = "mail"
    menu_order = 250
    items = (ReferralViewSet, ChampionViewSet, ConsentRecordViewSet, RetentionRunViewSet)
