"""The attendance register: a partner ticks who came to each session, on a phone if need be."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from activities.detail import distinguishing_label
from activities.models import ActivityPage
from activities.referrals import policy, selectors, services
from activities.referrals.forms import SessionDateForm


@never_cache
@login_required
def activity_list(request):
    if not policy.keeps_registers(request.user):
        raise Http404("No registers here")
    activities = list(selectors.register_activities(request.user))
    # Each activity by its day, time and venue: a partner may run several with one name.
    rows = [{"activity": activity, "label": distinguishing_label(activity)} for activity in activities]
    return TemplateResponse(
        request, "referrals/attendance/activities.html", {"activities": activities, "rows": rows}
    )


def _activity_or_404(request, slug) -> ActivityPage:
    return policy.get_or_404(
        ActivityPage.objects.live().prefetch_related("sessions"),
        policy.can_keep_register,
        request.user,
        slug=slug,
    )


@never_cache
@login_required
def session_dates(request, activity_slug):
    activity = _activity_or_404(request, activity_slug)
    form = SessionDateForm(request.GET or None)
    if form.is_bound and form.is_valid():
        # "Another date" from the form: go straight to that register.
        day = form.cleaned_data["date"]
        return redirect("attendance:register", activity_slug=activity.slug, session_date=day.isoformat())
    dates = selectors.recent_session_dates(activity)
    counts = selectors.attendance_counts(activity, dates)
    return TemplateResponse(
        request,
        "referrals/attendance/dates.html",
        {
            "activity": activity,
            "label": distinguishing_label(activity),
            "dates": [{"date": day, "present": counts.get(day, 0)} for day in dates],
            "form": form,
        },
    )


@never_cache
@login_required
def register(request, activity_slug, session_date):
    activity = _activity_or_404(request, activity_slug)
    day = _parse_date(session_date)
    if day is None or day > timezone.localdate():
        raise Http404("No register for that date")
    if request.method == "POST":
        present = set(request.POST.getlist("present"))
        try:
            changes = services.record_attendance(
                activity=activity, session_date=day, present=present, user=request.user
            )
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, _saved_message(day, changes))
            return redirect("attendance:register", activity_slug=activity.slug, session_date=day.isoformat())
    rows = selectors.register_rows(activity, day)
    return TemplateResponse(
        request,
        "referrals/attendance/register.html",
        {
            "activity": activity,
            "label": distinguishing_label(activity),
            "session_date": day,
            "rows": rows,
            "present": sum(r["present"] for r in rows),
        },
    )


def _parse_date(value: str) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    # Python also reads "2026-W48-4" and "20261126"; one address per register is enough.
    return day if value == day.isoformat() else None


def _saved_message(day: datetime.date, changes: dict) -> str:
    return f"Register for {day:%-d %B %Y} saved ({changes['added']} added, {changes['removed']} removed)."
