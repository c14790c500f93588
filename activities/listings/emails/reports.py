"""The emails a problem report sends: one to Creative Minds staff, one to the partner's contacts.

Staff's carries everything, the visitor's reply address included (and as its Reply-To), with a link
to the report in the admin. The partner's carries the page, the reason and the visitor's note, and
nothing else about the visitor: not their address, not even whether they asked for a reply.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from activities.listings.models import ProblemReport
from activities.models import ActivityPage
from creative_minds.mail import absolute_url, email, page_url
from partners.models import PartnerContact, PartnerPage

# The admin viewset's URL namespace (activities/listings/viewsets.py).
ADMIN_NAMESPACE = "problem_reports"


def _report(report_id: int) -> ProblemReport | None:
    return ProblemReport.objects.select_related("page").filter(pk=report_id).first()


def partner_of(page) -> PartnerPage | None:
    """The partner a report's page belongs to: an activity's partner (read from the live row), or the
    partner page itself."""
    specific = page.specific
    if isinstance(specific, ActivityPage):
        return specific.partner
    if isinstance(specific, PartnerPage):
        return specific
    return None


def _partner_contact_emails(partner: PartnerPage) -> list[str]:
    return list(
        PartnerContact.objects.filter(partner=partner, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _context(report: ProblemReport) -> dict:
    page = report.page.specific
    partner = partner_of(page)
    return {
        "report": report,
        "page": page,
        "page_link": page_url(page),
        "partner": partner,
        "partner_emails": sorted(set(_partner_contact_emails(partner))) if partner is not None else [],
    }


@email
def problem_report_for_staff(report_id: int) -> EmailMessage | None:
    """Tell Creative Minds staff about a new problem report, with a link to it in the admin."""
    report = _report(report_id)
    if report is None:
        return None
    context = {**_context(report), "admin_link": absolute_url(f"{ADMIN_NAMESPACE}:edit", report.pk)}
    return EmailMessage(
        f"Problem reported: {report.page.title}",
        render_to_string("listings/reports/email/for_staff.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [settings.LISTINGS_STAFF_EMAIL],
        # Replying answers the visitor, who asked for it by giving the address.
        reply_to=[report.reply_email] if report.reply_email else None,
    )


@email
def problem_report_for_partner(report_id: int) -> EmailMessage | None:
    """Tell the partner's contacts what a visitor said is wrong, with a link to their listings."""
    report = _report(report_id)
    if report is None:
        return None
    context = _context(report)
    if not context["partner_emails"]:
        return None
    context["listings_link"] = absolute_url("listings:partner", key=context["partner"].translation_key)
    return EmailMessage(
        f"Something may be wrong on {report.page.title}",
        render_to_string("listings/reports/email/for_partner.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        context["partner_emails"],
        # Their reply reaches staff, who follow the report up.
        reply_to=[settings.LISTINGS_STAFF_EMAIL],
    )
