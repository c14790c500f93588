"""Wagtail admin views for partners and localities. Registered in wagtail_hooks.py."""

from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from partners.models import Locality, PartnerPage


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
        "title",
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
