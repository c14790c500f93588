"""Tell us if something is wrong (activity and partner pages): a short form anyone can send, with no
account, about a live public page; staff and the partner's contacts are told (services.reports)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from activities.listings.forms.reports import ProblemReportForm
from activities.listings.services.reports import report_problem
from activities.models import ActivityPage
from creative_minds import throttle
from partners.models import PartnerPage

THROTTLE_SCOPE = "problem-report"
REFUSED = (
    "We have had several messages from your connection in the last hour. Please try again later, or "
    "contact Creative Minds using the details at the bottom of this page."
)


def _live_activity(slug) -> ActivityPage:
    activity = ActivityPage.objects.live().public().select_related("partner").filter(slug=slug).first()
    if activity is None:
        raise Http404("No such activity")
    return activity


def _live_partner(slug) -> PartnerPage:
    partner = PartnerPage.objects.live().public().filter(slug=slug).first()
    if partner is None:
        raise Http404("No such partner")
    return partner


@never_cache
def report_activity_problem(request, slug):
    activity = _live_activity(slug)
    return _report(request, activity, partner=activity.partner, sent="report_activity_problem_sent")


def report_activity_problem_sent(request, slug):
    activity = _live_activity(slug)
    return _sent(request, activity, partner=activity.partner)


@never_cache
def report_partner_problem(request, slug):
    partner = _live_partner(slug)
    return _report(request, partner, partner=partner, sent="report_partner_problem_sent")


def report_partner_problem_sent(request, slug):
    partner = _live_partner(slug)
    return _sent(request, partner, partner=partner)


def _report(request, page, *, partner, sent: str):
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow_address(request, THROTTLE_SCOPE, limit=settings.PROBLEM_REPORT_LIMIT_PER_HOUR):
            throttle.refuse(form, REFUSED)
            return _form_response(request, page, partner, form, status=429)
        if form.is_valid():
            # A bot that filled the hidden box sees the same thank-you page, and nothing is kept.
            if not form.is_spam():
                report_problem(page, **form.report())
            return redirect(sent, slug=page.slug)
    return _form_response(request, page, partner, form)


def _form_response(request, page, partner, form, status=200):
    return TemplateResponse(
        request,
        "listings/reports/report.html",
        {"form": form, "about": page, "partner": partner},
        status=status,
    )


def _sent(request, page, *, partner):
    return TemplateResponse(request, "listings/reports/sent.html", {"about": page, "partner": partner})
