"""The listings in the Wagtail admin: one "Listings" menu (registered in wagtail_hooks.py) holding the
problem reports inbox.

Problem reports come only from the public form: staff list, filter and export them, and change a
report's status and staff note, which goes through services.reports.set_status so each change is in
the audit log. Nobody adds or deletes one here (ProblemReportPolicy, registered in apps.py).
"""

from django import forms
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django_filters import ChoiceFilter, DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from activities.listings.models import ProblemReport
from activities.listings.partner_request_admin import PartnerRequestViewSet
from activities.listings.services.reports import set_status
from activities.models import ActivityPage
from partners.models import PartnerPage

# Open reports first, the newest of each status first: what staff work through.
STATUS_ORDER = [
    ProblemReport.Status.NEW,
    ProblemReport.Status.PASSED_TO_PARTNER,
    ProblemReport.Status.FIXED,
    ProblemReport.Status.NOT_A_PROBLEM,
]


class ProblemReportPolicy(ModelPermissionPolicy):
    """Django's view and change permissions (superusers have all); nobody adds or deletes a report."""

    REFUSED = {"add", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.REFUSED and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


def problem_reports_for_admin():
    """Reports with what the inbox shows, in a fixed number of queries whatever their number: the page
    each is about, its partner's name (an activity's partner, or the partner page itself), and
    whether the visitor wants a reply."""
    activity_partner = ActivityPage.objects.filter(pk=OuterRef("page_id")).values("partner__title")[:1]
    partner_itself = PartnerPage.objects.filter(pk=OuterRef("page_id")).values("title")[:1]
    return (
        ProblemReport.objects.select_related("page", "handled_by")
        .annotate(
            partner_title=Coalesce(Subquery(activity_partner), Subquery(partner_itself), Value("")),
            reply_wanted=ExpressionWrapper(~Q(reply_email=""), output_field=BooleanField()),
            status_rank=Case(
                *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
                default=Value(len(STATUS_ORDER)),
                output_field=IntegerField(),
            ),
        )
        .order_by("status_rank", "-created_at")
    )


class ProblemReportFilterSet(WagtailFilterSet):
    status = ChoiceFilter(choices=ProblemReport.Status.choices, widget=forms.RadioSelect, empty_label="All")
    reason = ChoiceFilter(
        label="What is wrong",
        choices=ProblemReport.Reason.choices,
        widget=forms.RadioSelect,
        empty_label="All",
    )
    received = DateFromToRangeFilter(field_name="created_at", label="Received", widget=DateRangePickerWidget)

    class Meta:
        model = ProblemReport
        fields = ["status", "reason"]


class ProblemReportIndexView(IndexView):
    def get_base_queryset(self):
        return problem_reports_for_admin()

    @cached_property
    def columns(self):
        # The title column, linked to the report, under the name staff know it by.
        received = self._get_title_column_class(TitleColumn)(
            "created_at",
            label="Received",
            sort_key="created_at",
            get_url=lambda report: self.get_edit_url(report) or self.get_inspect_url(report),
        )
        return [received, *super().columns]


class ReportAboutPanel(Panel):
    """Where the report is about, with links to the public page and to its editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "listings/reports/admin/about_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance.page
            context.update(
                page=page,
                edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                public_url=page.url,
            )
            return context


class ProblemReportEditView(EditView):
    """Saves through services.reports.set_status, which records who moved the report on (the audit
    log's "listings.problem_status"), rather than Wagtail's plain edit."""

    success_message = "Problem report updated."

    def save_instance(self):
        return set_status(
            self.object,
            status=self.form.cleaned_data["status"],
            staff_note=self.form.cleaned_data["staff_note"],
            user=self.request.user,
        )


class ProblemReportViewSet(ModelViewSet):
    model = ProblemReport
    name = "problem_reports"
    url_prefix = "listings/problem-reports"
    icon = "warning"
    menu_label = "Problem reports"
    index_view_class = ProblemReportIndexView
    edit_view_class = ProblemReportEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ProblemReportFilterSet
    ordering = ("status_rank", "-created_at")
    # After "Received", which the index view puts first.
    list_display = [
        TitleColumn(
            "about",
            label="About",
            accessor="page.title",
            get_url=lambda report: reverse("wagtailadmin_pages:edit", args=[report.page_id]),
        ),
        Column("partner_title", label="Partner"),
        "reason",
        "status",
        BooleanColumn("reply_wanted", label="Reply wanted"),
    ]
    list_export = [
        "created_at",
        "page.title",
        "partner_title",
        "get_reason_display",
        "note",
        "reply_wanted",
        "get_status_display",
        "staff_note",
        "handled_by",
        "closed_at",
    ]
    # The reply address stays in the admin: a spreadsheet would keep it past its time.
    export_headings = {
        "created_at": "Received",
        "page.title": "About",
        "partner_title": "Partner",
        "get_reason_display": "What is wrong",
        "note": "What they said",
        "reply_wanted": "Reply wanted",
        "get_status_display": "Status",
        "staff_note": "Staff note",
        "handled_by": "Handled by",
        "closed_at": "Closed",
    }
    inspect_view_fields = [
        "created_at",
        "page",
        "reason",
        "note",
        "reply_email",
        "status",
        "staff_note",
        "handled_by",
        "closed_at",
    ]
    edit_handler = ObjectList(
        [
            ReportAboutPanel(heading="About"),
            FieldPanel("created_at", read_only=True, heading="Received"),
            FieldPanel("reason", read_only=True, heading="What is wrong"),
            FieldPanel("note", read_only=True, heading="What they said"),
            FieldPanel(
                "reply_email",
                read_only=True,
                heading="Their email address, for a reply",
                help_text=(
                    "Only for replying to them: never pass it on. Removed 90 days after the report is closed."
                ),
            ),
            FieldPanel("status", widget=forms.RadioSelect),
            FieldPanel("staff_note"),
        ]
    )

    @property
    def menu_item_class(self):
        shown = super().menu_item_class

        class ProblemReportsMenuItem(shown):
            def render_component(self, request):
                # One indexed count per admin page, for those who see the menu item at all.
                new = ProblemReport.objects.filter(status=ProblemReport.Status.NEW).count()
                label = f"{self.label} ({new} new)" if new else self.label
                return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)

        return ProblemReportsMenuItem


class ListingsViewSetGroup(ViewSetGroup):
    """One "Listings" menu, just after Directory, for keeping the directory true."""

    menu_label = "Listings"
    menu_icon = "clipboard-list"
    menu_order = 205
    items = (ProblemReportViewSet, PartnerRequestViewSet)
