"""The review cycle's emails: a partner's reminder to check its listings, and the staff's notice of the
listings past their date (activities.listings.services.review queues them).

Each is built when it is sent (creative_minds/mail.py), so the "still right" links are made from the
listing as it is then, and a listing confirmed while the email waited is left out: the step it was
queued for was taken for a due date that no longer applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from activities.listings.confirm_links import make_token
from activities.models import ActivityPage
from activities.review_cycle import ReviewStage
from creative_minds.mail import absolute_url, email, page_url
from partners.models import PartnerContact, PartnerPage


def reminder_recipients(partner: PartnerPage) -> list[str]:
    """Who is asked to check a partner's listings: the email addresses of its contacts' active logins;
    the partner's public address when none has one; nobody ([]) when it has neither, and then the
    staff are told instead."""
    contacts = PartnerContact.objects.filter(partner=partner, user__is_active=True).exclude(user__email="")
    addresses = sorted(set(contacts.values_list("user__email", flat=True)))
    if addresses:
        return addresses
    return [partner.contact_email] if partner.contact_email else []


def _message(subject: str, template: str, context: dict, recipients) -> EmailMessage | None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    return EmailMessage(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, recipients)


def _still_waiting(activity: ActivityPage, marker: str) -> bool:
    """Whether the step recorded in `marker` (review_reminded_for, ...) is for the listing's current
    due date: not so once someone confirmed or edited it after the step was taken."""
    return getattr(activity, marker) == activity.review.due_on


def _listings(ids, marker: str, **filters) -> list[ActivityPage]:
    activities = (
        ActivityPage.objects.live()
        .filter(pk__in=ids, **filters)
        .exclude(listing_status=ActivityPage.ListingStatus.ENDED)
        .select_related("partner")
        .order_by("title", "pk")
    )
    return [activity for activity in activities if _still_waiting(activity, marker)]


# -- the partner's reminder ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderLine:
    activity: ActivityPage
    stage: ReviewStage
    confirm_link: str
    edit_link: str
    page_link: str


@email
def review_reminder(partner_id: int, activity_ids: list[int]) -> EmailMessage | None:
    """Ask a partner's contacts to check their listings: for each one, a link that confirms it without
    signing in, and a link to change it (sign-in needed)."""
    partner = PartnerPage.objects.filter(pk=partner_id).first()
    if partner is None:
        return None
    activities = _listings(activity_ids, "review_reminded_for", partner_id=partner_id)
    if not activities:
        return None
    lines = [
        ReminderLine(
            activity=activity,
            stage=activity.review_stage,
            confirm_link=absolute_url("listings:check", make_token(activity)),
            edit_link=absolute_url("listings:activity_edit", activity.translation_key),
            page_link=page_url(activity),
        )
        for activity in activities
    ]
    subject = (
        f"Please check your listing on Creative Minds: {activities[0].title}"
        if len(activities) == 1
        else f"Please check your {len(activities)} listings on Creative Minds"
    )
    context = {
        "partner": partner,
        "lines": lines,
        "link_days": settings.LISTING_CONFIRM_LINK_DAYS,
        "your_listings": absolute_url("listings:index"),
    }
    return _message(subject, "listings/check/reminder_email.txt", context, reminder_recipients(partner))


# -- the staff's notice ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffLine:
    activity: ActivityPage
    admin_link: str
    page_link: str


def _staff_lines(ids, marker: str) -> list[StaffLine]:
    return [
        StaffLine(activity, absolute_url("wagtailadmin_pages:edit", activity.pk), page_url(activity))
        for activity in _listings(ids, marker)
    ]


@email
def review_staff_notice(
    due_ids: list[int], stale_ids: list[int], unreachable_ids: list[int]
) -> EmailMessage | None:
    """Tell staff, once per run of the daily job, which listings fell due unconfirmed, which left the
    search, and which partners nobody could be emailed about."""
    due = _staff_lines(due_ids, "review_flagged_for")
    stale = _staff_lines(stale_ids, "review_hidden_for")
    unreachable = _staff_lines(unreachable_ids, "review_reminded_for")
    if not (due or stale or unreachable):
        return None
    sections = ((due, "overdue"), (stale, "out of search"), (unreachable, "with nobody to remind"))
    counts = [f"{len(lines)} {label}" for lines, label in sections if lines]
    context = {"due": due, "stale": stale, "unreachable": unreachable}
    return _message(
        f"Listings needing attention: {', '.join(counts)}",
        "listings/check/staff_email.txt",
        context,
        [settings.LISTINGS_STAFF_EMAIL],
    )
