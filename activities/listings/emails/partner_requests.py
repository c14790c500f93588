"""The emails about a request to become a partner, each built when it is sent (creative_minds/mail.py).

Staff are told a request has come in, with a link to it in the admin (the details stay there, not in
a mailbox); the contact hears that it arrived, and then whether it was approved (with a link to
choose a password) or declined (with the reason).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from activities.listings.models import PartnerRequest
from creative_minds.mail import absolute_url, email

# The admin's "Requests to become a partner" (activities/listings/partner_request_admin.py).
ADMIN_INSPECT = "partner_requests:inspect"


def _message(subject: str, template: str, context: dict, recipient: str) -> EmailMessage | None:
    if not recipient:
        return None
    body = render_to_string(f"listings/join/email/{template}", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


def _request(partner_request_id: int, status: str) -> PartnerRequest | None:
    """The request, if it is still in the state the email was queued for."""
    return (
        PartnerRequest.objects.select_related("partner", "contact_user")
        .filter(pk=partner_request_id, status=status)
        .first()
    )


@email
def new_request_notice(partner_request_id: int) -> EmailMessage | None:
    """Staff: a new request, with a link to it in the admin."""
    partner_request = _request(partner_request_id, PartnerRequest.Status.NEW)
    if partner_request is None:
        return None
    context = {
        "partner_request": partner_request,
        "areas": ", ".join(str(locality) for locality in partner_request.localities.order_by("name")),
        "link": absolute_url(ADMIN_INSPECT, partner_request.pk),
    }
    return _message(
        f"Request to become a partner: {partner_request.organisation}",
        "new_request_notice.txt",
        context,
        settings.LISTINGS_STAFF_EMAIL,
    )


@email
def request_received(partner_request_id: int) -> EmailMessage | None:
    """The contact: we have their request and will be in touch."""
    partner_request = _request(partner_request_id, PartnerRequest.Status.NEW)
    if partner_request is None:
        return None
    return _message(
        "We have your request to become a Creative Minds partner",
        "request_received.txt",
        {"partner_request": partner_request},
        partner_request.contact_email,
    )


@email
def partner_welcome(partner_request_id: int) -> EmailMessage | None:
    """The contact, once approved: a link to choose a password, and what to do next."""
    partner_request = _request(partner_request_id, PartnerRequest.Status.APPROVED)
    user = partner_request.contact_user if partner_request else None
    if user is None or not user.is_active or not user.email:
        return None
    # Made now, so the token is never stored in the queue; it stops working once a password is set.
    link = absolute_url(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    context = {
        "partner_request": partner_request,
        "partner": partner_request.partner,
        "user": user,
        "link": link,
        "has_password": user.has_usable_password(),
        "listings_link": absolute_url("listings:index"),
        "sign_in_link": absolute_url("login"),
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    return _message(
        f"{partner_request.partner.title} is now a Creative Minds partner",
        "partner_welcome.txt",
        context,
        user.email,
    )


@email
def request_declined(partner_request_id: int) -> EmailMessage | None:
    """The contact: we are not able to list them, why, and who to talk to."""
    partner_request = _request(partner_request_id, PartnerRequest.Status.DECLINED)
    if partner_request is None:
        return None
    return _message(
        "Your request to become a Creative Minds partner",
        "request_declined.txt",
        {"partner_request": partner_request},
        partner_request.contact_email,
    )
