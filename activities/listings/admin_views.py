"""Reports → Listings needing attention: every activity staff should look at, with why, for staff
who manage any listing (the "Listing moderators" group; superusers). The reads are
activities.listings.attention; the page is Wagtail's ReportView, with its CSV and XLSX export."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from activities.listings import attention, policy
from activities.models import ActivityPage, Category
from partners.models import Locality, PartnerPage


def _day(value) -> str:
    return format_date(value, "j M Y") if value else ""


class AttentionFilterSet(WagtailFilterSet):
    attention = django_filters.MultipleChoiceFilter(
        label="What needs attention",
        choices=attention.Attention.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_attention",
    )
    locality = django_filters.ModelChoiceFilter(
        label="Locality", queryset=Locality.objects.order_by("name"), empty_label="All localities"
    )
    partner = django_filters.ModelChoiceFilter(
        label="Partner", queryset=PartnerPage.objects.order_by("title"), empty_label="All partners"
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        field_name="categories",
        queryset=Category.objects.order_by("name"),
        empty_label="All categories",
    )

    class Meta:
        model = ActivityPage
        fields = []

    def filter_attention(self, queryset, name, value):
        """Activities that need attention for any of the ticked reasons."""
        return attention.needing(queryset, value) if value else queryset


class ListingsNeedingAttentionView(ReportView):
    page_title = "Listings needing attention"
    header_icon = "warning"
    index_url_name = "listings_attention"
    index_results_url_name = "listings_attention_results"
    filterset_class = AttentionFilterSet
    paginate_by = 50
    verbose_name = "listing"
    verbose_name_plural = "listings"
    export_filename = "listings-needing-attention"
    list_export = [
        "title",
        "partner",
        "locality",
        "attention",
        "last_reviewed",
        "due_on",
        "open_reports",
        "waiting_since",
    ]
    export_headings = {
        "title": "Activity",
        "partner": "Partner",
        "locality": "Locality",
        "attention": "What needs attention",
        "last_reviewed": "Last checked",
        "due_on": "Due to be checked",
        "open_reports": "Open problem reports",
        "waiting_since": "Changes waiting since",
    }
    columns = [
        # A width, or the eight columns squeeze the title to a letter or two a line.
        TitleColumn("title", label="Activity", url_name="wagtailadmin_pages:edit", width="24%"),
        Column("partner", label="Partner"),
        Column("locality", label="Locality"),
        Column("attention", label="What needs attention"),
        Column("last_reviewed", label="Last checked", accessor=lambda row: _day(row.last_reviewed)),
        Column("due_on", label="Due to be checked", accessor=lambda row: _day(row.due_on)),
        Column("open_reports", label="Open reports"),
        Column(
            "waiting_since",
            label="Change waiting since",
            accessor=lambda row: _day(row.waiting_since and timezone.localdate(row.waiting_since)),
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not policy.manages_any_listing(request.user):
            raise PermissionDenied
        self.day = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return attention.listings_needing_attention(self.day)

    def get_table(self, object_list):
        return super().get_table(_rows(object_list))

    def decorate_paginated_queryset(self, object_list):
        # The table has its rows (get_table); an export is written from these.
        return _rows(object_list) if self.is_export else object_list


def _rows(activities) -> list[attention.AttentionRow]:
    return [attention.attention_row(activity) for activity in activities]


class AttentionMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.manages_any_listing(request.user)


def menu_item() -> AttentionMenuItem:
    return AttentionMenuItem(
        "Listings needing attention", reverse("listings_attention"), icon_name="warning", order=720
    )
