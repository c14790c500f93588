"""The review cycle's "These details are still right".

/listings/check/<token>/ is the link in a reminder email (activities.listings.confirm_links), used
without signing in: the signed token is the only key, and all it can do is confirm one listing once.
A GET never confirms, because email scanners and link previews open every link in an email: it shows
the listing's details as the public sees them and asks, and the button POSTs.

/listings/activities/<key>/still-right/ is the same button for someone signed in, on Your listings.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.dateformat import format as format_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from activities.listings import confirm_links, policy
from activities.listings.confirm_links import BadLink, ExpiredLink
from activities.listings.services import review
from activities.models import ActivityPage

# A link someone changed or cut short is a bad request; an expired one, or one for a listing taken
# off the site, is gone for good (a new reminder brings a new link).
PROBLEM_STATUS = {"bad": 400, "expired": 410, "gone": 410, "ended": 200}


def _private(response):
    """Token pages stay out of search results, whatever the template says."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request, template: str, context: dict, status: int = 200):
    return _private(TemplateResponse(request, f"listings/check/{template}", context, status=status))


def _problem(request, problem: str, activity: ActivityPage | None = None):
    return _page(
        request, "link_problem.html", {"problem": problem, "activity": activity}, PROBLEM_STATUS[problem]
    )


def _listing(page_id: int) -> ActivityPage | None:
    return (
        ActivityPage.objects.live()
        .select_related("partner")
        .prefetch_related("sessions")
        .filter(pk=page_id)
        .first()
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        link = confirm_links.read_token(token)
    except BadLink:
        return _problem(request, "bad")
    except ExpiredLink:
        return _problem(request, "expired")
    activity = _listing(link.page_id)
    if activity is None:
        return _problem(request, "gone")
    if activity.has_ended:
        return _problem(request, "ended", activity)
    if activity.last_reviewed != link.last_reviewed:
        return _page(request, "already.html", {"activity": activity})

    if request.method == "POST":
        # The date in the link must still be the listing's as the row is updated: two taps of the
        # button confirm once, and the second sees the "already confirmed" page.
        if not review.confirm_listing(activity, checked_on=link.last_reviewed):
            activity.refresh_from_db(fields=["last_reviewed"])
            return _page(request, "already.html", {"activity": activity})
        return _page(request, "thank_you.html", {"activity": activity})

    return _page(
        request,
        "confirm.html",
        {"activity": activity, "sessions": [session.describe() for session in activity.sessions.all()]},
    )


@login_required
def confirm_signed_in(request, key):
    # Who may see the listing is asked before the method, as on every listings address: someone
    # else's listing is 404 whatever they send, and only its managers learn the address takes a POST.
    activity = policy.managed_activity_or_404(request.user, key)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if review.confirm_listing(activity, user=request.user):
        messages.success(
            request,
            f"Thank you. {activity.title} is marked as checked today. "
            f"We will ask you to check it again by {format_date(activity.review.due_on, 'j F Y')}.",
        )
    else:
        messages.info(
            request,
            f"{activity.title} was already checked on {format_date(activity.last_reviewed, 'j F Y')}.",
        )
    return redirect("listings:partner", key=activity.partner.translation_key)
