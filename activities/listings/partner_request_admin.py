"""The Wagtail admin's "Requests to become a partner": a list and a read-only view of each request
(what the person sent is never added or edited here), with "Approve" and "Decline" views that call
activities.listings.services.partner_requests. Deciding asks for the "change" permission on requests
(superusers have it); reading asks for "view" or "change"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from activities.listings.forms.partner_requests import ApproveForm, DeclineForm
from activities.listings.models import PartnerRequest
from activities.listings.services import partner_requests as services
from creative_minds.read_only import ReadOnlyPolicy, ReadOnlyViewSet
from partners.models import PartnerPage

DECIDE = "listings.change_partnerrequest"


def may_decide(user) -> bool:
    """Whether the person may approve or decline requests to become a partner."""
    return user.is_active and user.has_perm(DECIDE)


class PartnerRequestPolicy(ReadOnlyPolicy):
    """Nobody adds, edits or deletes a request in the admin's generic views: the public form makes
    it and the approve and decline views decide it. Those who may decide may also read them."""

    def user_has_permission(self, user, action):
        if action == "view":
            return super().user_has_permission(user, "view") or may_decide(user)
        return super().user_has_permission(user, action)


def _areas(partner_request: PartnerRequest) -> str:
    # Read from the prefetched localities (the index's queryset), in name order.
    return ", ".join(sorted(locality.name for locality in partner_request.localities.all()))


class PartnerRequestIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("localities")


class PartnerRequestInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        if self.object.status != PartnerRequest.Status.NEW or not may_decide(self.request.user):
            return []
        pk = self.object.pk
        return [
            HeaderButton("Approve", url=reverse("partner_requests:approve", args=[pk]), icon_name="check"),
            HeaderButton("Decline", url=reverse("partner_requests:decline", args=[pk]), icon_name="cross"),
        ]


@method_decorator(never_cache, name="dispatch")
class DecisionView(WagtailAdminTemplateMixin, View):
    """A form to approve or decline one new request: GET shows it, POST decides."""

    header_icon = "mail"
    form_class = None

    def dispatch(self, request, *args, **kwargs):
        if not may_decide(request.user):
            return permission_denied(request)
        self.partner_request = get_object_or_404(
            PartnerRequest.objects.prefetch_related("localities"), pk=kwargs["pk"]
        )
        if self.partner_request.status != PartnerRequest.Status.NEW:
            messages.warning(request, self._already_decided())
            return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self) -> str:
        return reverse("partner_requests:inspect", args=[self.partner_request.pk])

    def _already_decided(self) -> str:
        return (
            f"The request from {self.partner_request.organisation} has already been "
            f"{self.partner_request.get_status_display().lower()}."
        )

    def get_page_subtitle(self):
        return self.partner_request.organisation

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("partner_requests:index"), "label": "Requests to become a partner"},
            {"url": self.inspect_url, "label": self.partner_request.organisation},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partner_request=self.partner_request,
            areas=_areas(self.partner_request),
            cancel_url=self.inspect_url,
            **kwargs,
        )


class ApproveView(DecisionView):
    page_title = "Approve"
    template_name = "listings/join/admin/approve.html"

    @cached_property
    def existing_partner(self) -> PartnerPage | None:
        return services.existing_partner_for(self.partner_request)

    def get(self, request, pk):
        return self._render(ApproveForm() if self.existing_partner is None else None)

    def post(self, request, pk):
        form = None
        agreement = {"agreement_status": PartnerPage.AgreementStatus.NONE}
        # Joining a partner already listed leaves its page, and its agreement, as they are.
        if self.existing_partner is None:
            form = ApproveForm(request.POST)
            if not form.is_valid():
                return self._render(form, status=400)
            agreement = form.cleaned_data
        try:
            partner = services.approve_request(self.partner_request, user=request.user, **agreement)
        except services.PartnerRequestError as error:
            messages.warning(request, str(error))
            return redirect(self.inspect_url)
        except ValidationError as error:
            messages.error(request, "The partner page could not be made: " + " ".join(error.messages))
            return self._render(form, status=400)
        edit_url = reverse("wagtailadmin_pages:edit", args=[partner.pk])
        if self.existing_partner is None:
            message = (
                f"Approved. {partner.title} has a draft partner page (not live yet) and we have emailed "
                f"{self.partner_request.contact_name} a link to choose a password."
            )
        else:
            message = (
                f"Approved. {self.partner_request.contact_name} is now a contact for {partner.title}, "
                "and we have emailed them how to sign in."
            )
        messages.success(request, message, buttons=[messages.button(edit_url, "Edit the partner page")])
        return redirect("partner_requests:index")

    def _render(self, form, status=200):
        account = services.account_for(self.partner_request)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                existing_partner=self.existing_partner,
                existing_partner_url=(
                    reverse("wagtailadmin_pages:edit", args=[self.existing_partner.pk])
                    if self.existing_partner
                    else None
                ),
                summary=services.summary_from(self.partner_request.what_they_run),
                account=account,
                new_username=None if account else services.new_username(self.partner_request.contact_email),
            ),
            status=status,
        )


class DeclineView(DecisionView):
    page_title = "Decline"
    template_name = "listings/join/admin/decline.html"

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data(form=DeclineForm()))

    def post(self, request, pk):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.decline_request(
                self.partner_request, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.PartnerRequestError as error:
            messages.warning(request, str(error))
            return redirect(self.inspect_url)
        messages.success(
            request,
            f"Declined. We have emailed {self.partner_request.contact_name} with your reason.",
        )
        return redirect("partner_requests:index")


class PartnerRequestViewSet(ReadOnlyViewSet):
    model = PartnerRequest
    name = "partner_requests"
    icon = "mail"
    menu_label = "Requests to become a partner"
    add_to_admin_menu = False  # it is an item of the "Listings" menu (viewsets.ListingsViewSetGroup)
    index_view_class = PartnerRequestIndexView
    inspect_view_class = PartnerRequestInspectView
    list_display = [
        # First, so it is the link to the request (Wagtail links the first column).
        "organisation",
        DateColumn("created_at", label="Received"),
        Column("areas", label="Areas", accessor=_areas),
        Column("status", label="Status", accessor="get_status_display"),
    ]
    list_filter = ["status", "localities"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "organisation",
        "charity_number",
        "company_number",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "what_they_run",
        "where",
        "localities",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
        "decline_reason",
        "partner",
        "contact_user",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("decline/<int:pk>/", DeclineView.as_view(), name="decline"),
        ]
