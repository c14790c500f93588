"""Partner contacts' funding pages: /funding/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from partners.forms import FundingApplicationForm, InKindFormSet
from partners.models import FundingApplication, FundingRound, PartnerContact
from partners.permissions import can_view_application_as_partner, partner_ids_for
from partners.services import FundingError, submit_application


def _contact_or_404(user) -> PartnerContact:
    contact = PartnerContact.objects.filter(user=user).select_related("partner").first()
    if contact is None:
        raise Http404("Not a partner contact")
    return contact


def _open_rounds_for(partner):
    today = timezone.localdate()
    return FundingRound.objects.filter(
        collective__locality__in=partner.localities.all(),
        applications_open__lte=today,
        voting_closes__gte=today,
    ).select_related("collective__locality")


@login_required
def partner_dashboard(request):
    contact = _contact_or_404(request.user)
    applications = (
        FundingApplication.objects.filter(partner_id__in=partner_ids_for(request.user))
        .select_related("round__collective__locality", "partner")
        .prefetch_related("decisions")
        .order_by("-created_at")
    )
    return TemplateResponse(
        request,
        "partners/funding/dashboard.html",
        {
            "partner": contact.partner,
            "applications": applications,
            "open_rounds": list(_open_rounds_for(contact.partner)),
        },
    )


@login_required
def application_detail(request, public_id):
    application = get_object_or_404(
        FundingApplication.objects.select_related("round__collective", "partner"), public_id=public_id
    )
    if not can_view_application_as_partner(request.user, application):
        raise Http404("No such application")
    return TemplateResponse(
        request,
        "partners/funding/application_detail.html",
        {
            "application": application,
            "decisions": application.decisions.all(),
            "in_kind": application.in_kind_items.all(),
        },
    )


@login_required
def application_edit(request, public_id=None):
    """Create or edit a draft. Saving never loses what was typed; sending checks everything."""
    contact = _contact_or_404(request.user)
    if public_id is None:
        application = FundingApplication(partner=contact.partner, created_by=request.user)
    else:
        application = get_object_or_404(FundingApplication, public_id=public_id)
        if not can_view_application_as_partner(request.user, application):
            raise Http404("No such application")
        if application.status != FundingApplication.Status.DRAFT:
            return redirect("funding:application", public_id=application.public_id)
    partner = application.partner
    form_kwargs = {
        "rounds": _open_rounds_for(partner),
        "activities": partner.activities.live().order_by("title"),
    }
    form = FundingApplicationForm(request.POST or None, instance=application, **form_kwargs)
    formset = InKindFormSet(request.POST or None, instance=application, prefix="in_kind")

    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            application = form.save()
            formset.instance = application
            formset.save()
        if request.POST.get("action") != "send":
            messages.success(request, "Your draft has been saved. You can come back to it at any time.")
            return redirect("funding:edit", public_id=application.public_id)
        try:
            submit_application(application=application, user=request.user)
        except ValidationError as error:
            for field, message in error.message_dict.items():
                form.add_error(field if field in form.fields else None, message)
            messages.info(request, "Your draft has been saved. Fix the problems below to send it.")
        except FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your application has been sent to the collective.")
            return redirect("funding:application", public_id=application.public_id)
        # The draft and its in-kind items are saved now: show the items with their ids, so that
        # sending the page again updates them rather than adding them a second time.
        formset = InKindFormSet(instance=application, prefix="in_kind")
    return TemplateResponse(
        request,
        "partners/funding/application_form.html",
        {"form": form, "formset": formset, "application": application, "partner": partner},
    )
