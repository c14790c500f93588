"""Coordinators' page: join requests to approve and how long decisions take. /collectives/coordinate/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from partners.models import JoinRequest
from partners.permissions import coordinated_collectives
from partners.selectors import median_days_to_decision_by_locality
from partners.services import FundingError, approve_join_request, decline_join_request


def _collectives_or_404(user):
    collectives = coordinated_collectives(user)
    if not collectives.exists():
        raise Http404("Not a coordinator")
    return collectives


@login_required
def coordinate(request):
    collectives = _collectives_or_404(request.user)
    pending = JoinRequest.objects.filter(
        collective__in=collectives, status=JoinRequest.Status.PENDING
    ).select_related("collective")
    return TemplateResponse(
        request,
        "partners/collectives/coordinate.html",
        {
            "pending": pending,
            "decision_times": median_days_to_decision_by_locality(),
            "collectives": collectives,
        },
    )


@login_required
@require_POST
def decide_join_request(request, pk):
    collectives = _collectives_or_404(request.user)
    join_request = get_object_or_404(JoinRequest, pk=pk, collective__in=collectives)
    try:
        if request.POST.get("decision") == "approve":
            approve_join_request(join_request=join_request, user=request.user)
            messages.success(
                request, f"{join_request.name} is now a member. We are emailing them a link to sign in."
            )
        else:
            decline_join_request(join_request=join_request, user=request.user)
            messages.success(request, f"You declined {join_request.name}'s request.")
    except FundingError as error:
        messages.error(request, str(error))
    return redirect("collectives:coordinate")
