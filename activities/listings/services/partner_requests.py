"""Requests to become a partner: sent from the public form, approved by staff into a draft partner page
and a partner contact's account, or declined with a reason. Each write is one transaction; approving
and declining hold the request's row lock, so a request is decided once however many tabs try."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from activities.listings.emails import partner_requests as emails
from activities.listings.models import PartnerRequest
from partners.models import PartnerContact, PartnerIndexPage, PartnerPage
from partners.services import username_for

SUMMARY_LENGTH = PartnerPage._meta.get_field("summary").max_length


class PartnerRequestError(Exception):
    """The request cannot be decided: someone else already approved or declined it."""


def existing_partner_for(partner_request: PartnerRequest) -> PartnerPage | None:
    """The partner already listed with the request's charity or company number, if there is one
    (live or draft): approving then adds the contact to it rather than listing the same body twice."""
    numbers = Q()
    if partner_request.charity_number:
        numbers |= Q(charity_number__iexact=partner_request.charity_number)
    if partner_request.company_number:
        numbers |= Q(company_number__iexact=partner_request.company_number)
    if not numbers:
        return None
    return PartnerPage.objects.filter(numbers).order_by("pk").first()


def summary_from(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The start of what they wrote, short enough for the directory: whole words, ending "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"


def account_for(partner_request: PartnerRequest):
    """The active account that already has the contact's email address, if any (not saved: a new
    account is made only when the request is approved)."""
    return (
        get_user_model()
        .objects.filter(email__iexact=partner_request.contact_email, is_active=True)
        .order_by("pk")
        .first()
    )


def new_username(email: str) -> str:
    """The email address as the username (as they would type it), with a number added in the rare
    case that someone else's account already has it."""
    users = get_user_model().objects
    base = username_for(email)
    username, number = base, 1
    while users.filter(username__iexact=username).exists():
        number += 1
        suffix = f"-{number}"
        username = base[: users.model._meta.get_field("username").max_length - len(suffix)] + suffix
    return username


@transaction.atomic
def submit_request(**cleaned) -> PartnerRequest:
    """Record a request from the public form (its cleaned fields) and queue the two emails: staff
    hear of it with a link to the admin, the contact gets an acknowledgement."""
    localities = cleaned.pop("localities", [])
    partner_request = PartnerRequest.objects.create(**cleaned)
    partner_request.localities.set(localities)
    emails.new_request_notice.send_later(partner_request_id=partner_request.pk)
    emails.request_received.send_later(partner_request_id=partner_request.pk)
    return partner_request


@transaction.atomic
def approve_request(
    partner_request: PartnerRequest,
    *,
    user,
    agreement_status: str,
    agreement_start=None,
    agreement_end=None,
) -> PartnerPage:
    """Make the request's organisation a partner: a draft partner page (not live: staff publish it once
    the partner has finished the profile), or the partner already listed with the same charity or
    company number (its page and agreement left as they are); the contact's account (a new one
    without a password, or theirs) as its partner contact; and an email with a link to choose a
    password and what to do next."""
    partner_request = _undecided(partner_request)
    partner = existing_partner_for(partner_request)
    if partner is None:
        partner = _draft_partner_page(
            partner_request,
            user=user,
            agreement_status=agreement_status,
            agreement_start=agreement_start,
            agreement_end=agreement_end,
        )
        joined_existing = False
    else:
        joined_existing = True
    contact_user = account_for(partner_request) or _new_account(partner_request)
    PartnerContact.objects.get_or_create(user=contact_user, partner=partner)
    partner_request.partner = partner
    partner_request.contact_user = contact_user
    _decide(partner_request, status=PartnerRequest.Status.APPROVED, user=user)
    log(
        instance=partner_request,
        action="listings.partner_request_approve",
        user=user,
        data={"partner_id": partner.pk, "partner": partner.title, "joined_existing_partner": joined_existing},
    )
    emails.partner_welcome.send_later(partner_request_id=partner_request.pk)
    return partner


@transaction.atomic
def decline_request(partner_request: PartnerRequest, *, user, reason: str) -> PartnerRequest:
    """Say no, kindly: the reason is emailed to the contact and kept with the request."""
    reason = reason.strip()
    if not reason:
        raise PartnerRequestError("Give a reason: it is sent to them.")
    partner_request = _undecided(partner_request)
    partner_request.decline_reason = reason
    _decide(partner_request, status=PartnerRequest.Status.DECLINED, user=user)
    log(instance=partner_request, action="listings.partner_request_decline", user=user)
    emails.request_declined.send_later(partner_request_id=partner_request.pk)
    return partner_request


def _undecided(partner_request: PartnerRequest) -> PartnerRequest:
    """The request read again under its row lock; refused once decided (a second tab, a double click)."""
    locked = PartnerRequest.objects.select_for_update().get(pk=partner_request.pk)
    if locked.status != PartnerRequest.Status.NEW:
        raise PartnerRequestError(
            f"The request from {locked.organisation} has already been {locked.get_status_display().lower()}."
        )
    return locked


def _decide(partner_request: PartnerRequest, *, status: str, user) -> None:
    partner_request.status = status
    partner_request.decided_at = timezone.now()
    partner_request.decided_by = user
    partner_request.save(
        update_fields=["status", "decided_at", "decided_by", "decline_reason", "partner", "contact_user"]
    )


def _draft_partner_page(
    partner_request: PartnerRequest, *, user, agreement_status, agreement_start, agreement_end
) -> PartnerPage:
    index = PartnerIndexPage.objects.get()
    what_they_run = partner_request.what_they_run
    was_cut = len(" ".join(what_they_run.split())) > SUMMARY_LENGTH
    page = PartnerPage(
        title=partner_request.organisation,
        slug=find_available_slug(index, slugify(partner_request.organisation) or "partner"),
        summary=summary_from(what_they_run),
        # All of what they wrote, when the summary had to cut it short, for them to shape.
        description=linebreaks(what_they_run, autoescape=True) if was_cut else "",
        charity_number=partner_request.charity_number,
        company_number=partner_request.company_number,
        website=partner_request.website,
        # The public email and phone stay empty: the ones on the request are the contact's own, and
        # the partner chooses what the public sees when they finish the profile.
        agreement_status=agreement_status,
        agreement_start=agreement_start,
        agreement_end=agreement_end,
        live=False,
        owner=user,
    )
    page.localities = list(partner_request.localities.all())
    index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=False)
    # What Wagtail's own "create page" view records, so the page's history starts where it was made.
    log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
    return page


def _new_account(partner_request: PartnerRequest):
    first, _, last = " ".join(partner_request.contact_name.split()).partition(" ")
    account = get_user_model()(
        username=new_username(partner_request.contact_email),
        email=partner_request.contact_email,
        first_name=first[:150],
        last_name=last[:150],
    )
    # They choose their own password through the emailed link; until then nobody can sign in as them.
    account.set_unusable_password()
    account.save()
    return account


# How long a decided request keeps the contact's details. An approved contact's details live on in
# their account; a declined one's are needed only to answer questions about the decision.
CONTACT_KEPT_DAYS = 365


def forget_old_contacts(day) -> int:
    """Blank the contact's name, email and phone on requests decided more than CONTACT_KEPT_DAYS
    before `day`; the organisation and what it runs stay, for the record. Returns how many."""
    cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) - datetime.timedelta(
        days=CONTACT_KEPT_DAYS
    )
    return (
        PartnerRequest.objects.filter(decided_at__lt=cutoff)
        .exclude(contact_name="", contact_email="", contact_phone="")
        .update(contact_name="", contact_email="", contact_phone="")
    )
