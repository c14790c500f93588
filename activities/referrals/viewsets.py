"""Wagtail admin views for referrals, champions, consent records and retention runs. Registered in
wagtail_hooks.py.

The admin lists referrals for oversight and figures, but never shows or exports a person's contact
details or notes: those are read on the audited front-end page, or in a subject access export.
"""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from activities.referrals.models import ChampionProfile, ConsentRecord, Referral, RetentionRun
from creative_minds.read_only import ReadOnlyViewSet


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
    list_display = [
        "ran_at",
        "retention_days",
        "referrals_anonymised",
        "tokens_purged",
        "answers_removed",
        "ran_by",
    ]


class ReferralsViewSetGroup(ViewSetGroup):
    menu_label = "Referrals"
    menu_icon = "mail"
    menu_order = 250
    items = (ReferralViewSet, ChampionViewSet, ConsentRecordViewSet, RetentionRunViewSet)
