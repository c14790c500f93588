"""Wagtail admin views for activities, categories and search synonyms. Registered in wagtail_hooks.py."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from activities.models import ActivityPage, Category, SearchSynonym
from partners.viewsets import TITLE_COLUMN, LocalityViewSet, PartnerListingViewSet


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    ordering = ["name"]


class SearchSynonymViewSet(SnippetViewSet):
    """The words people search for and what each should also find; the public search reads them."""

    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["phrase", "also_matches"]
    search_fields = ["phrase", "also_matches"]
    ordering = ["phrase"]


class ActivityListingViewSet(PageListingViewSet):
    """Every activity in one flat list, filterable by the facts editors check most."""

    model = ActivityPage
    icon = "date"
    menu_label = "Activities"
    name = "activities"
    list_display = [TITLE_COLUMN, "partner", "locality", "cost_type", "how_to_join", "last_reviewed"]
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
    # The price stays a number in the export, so a spreadsheet can sort and add it up.
    export_headings = {"cost_amount": "Price per session (£)"}


class DirectoryViewSetGroup(ViewSetGroup):
    """One "Directory" menu for everything the public search shows."""

    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        ActivityListingViewSet,
        PartnerListingViewSet,
        CategoryViewSet,
        SearchSynonymViewSet,
        LocalityViewSet,
    )
