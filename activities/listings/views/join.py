"""Become a partner: the public form (/become-a-partner/) and the page after it."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from activities.listings.forms.partner_requests import PartnerRequestForm
from activities.listings.services import partner_requests
from creative_minds import throttle


@never_cache
def become_a_partner(request, **kwargs):
    """Anyone may ask; staff decide in the admin. Throttled per visitor address."""
    form = PartnerRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not throttle.allow_address(
            request, "become-a-partner", limit=settings.PARTNER_REQUEST_LIMIT_PER_HOUR
        ):
            throttle.refuse(
                form,
                "We have had several requests from your connection in the last hour. Please try again "
                "later, or contact Creative Minds using the details at the bottom of this page.",
            )
            return _form_response(request, form, status=429)
        if form.is_valid():
            if not form.is_spam():
                partner_requests.submit_request(**form.request_details())
            return redirect("become_a_partner_sent")
    return _form_response(request, form)


def _form_response(request, form, status=200):
    return TemplateResponse(request, "listings/join/become_a_partner.html", {"form": form}, status=status)


@never_cache
def become_a_partner_sent(request, **kwargs):
    return TemplateResponse(request, "listings/join/sent.html", {})
