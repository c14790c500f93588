"""The emails a partner's contacts get when staff have reviewed a change to one of their listings:
it is live, or staff ask for changes (with the reviewer's words). Each is built when it is sent
(creative_minds/mail.py) and goes only to the contacts of the page's own partner: a partner page's
own, an activity's partner as its live row says."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from wagtail.models import Page, TaskState

from activities.models import ActivityPage
from creative_minds.mail import absolute_url, email, page_url
from partners.models import PartnerContact, PartnerPage


def partner_id_of(page) -> int | None:
    """The partner whose listing `page` is (a specific page read from the database, so its live row)."""
    if isinstance(page, PartnerPage):
        return page.pk
    if isinstance(page, ActivityPage):
        return page.partner_id
    return None


def contact_emails(partner_id: int) -> list[str]:
    return sorted(
        set(
            PartnerContact.objects.filter(partner_id=partner_id, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _listing(page_id: int):
    """The activity or partner page and its partner's id, or (None, None) if it is neither any more."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None, None
    page = page.specific
    return page, partner_id_of(page)


def _message(subject: str, template: str, context: dict, recipients: list[str]) -> EmailMessage | None:
    if not recipients:
        return None
    return EmailMessage(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, recipients)


@email
def change_approved(page_id: int) -> EmailMessage | None:
    """Tell the partner's contacts that their change is live, with the public page's address."""
    page, partner_id = _listing(page_id)
    # Taken down again while the email waited: "now live" would be untrue.
    if partner_id is None or not page.live:
        return None
    context = {"title": page.title, "page_link": page_url(page)}
    return _message(
        f"Your change to {page.title} is now live",
        "listings/moderation/email/change_approved.txt",
        context,
        contact_emails(partner_id),
    )


@email
def changes_asked_for(page_id: int, task_state_id: int) -> EmailMessage | None:
    """Tell the partner's contacts what the reviewer asked them to change, and where to change it."""
    page, partner_id = _listing(page_id)
    task_state = TaskState.objects.filter(pk=task_state_id, status=TaskState.STATUS_REJECTED).first()
    if partner_id is None or task_state is None:
        return None
    partner_key = PartnerPage.objects.filter(pk=partner_id).values_list("translation_key", flat=True).get()
    context = {
        "title": page.draft_title,
        "comment": task_state.comment,
        "live": page.live,
        "listings_link": absolute_url("listings:partner", key=partner_key),
    }
    return _message(
        f"Please change your listing: {page.draft_title}",
        "listings/moderation/email/changes_asked_for.txt",
        context,
        contact_emails(partner_id),
    )
