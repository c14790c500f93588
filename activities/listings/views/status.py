"""Pause, end or restart an activity (one form). It takes effect at once, without review: why is in
activities.listings.services.status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from activities.listings import policy
from activities.listings.forms.status import END, PAUSE, status_form
from activities.listings.selectors import day_words
from activities.listings.services.status import end_activity, pause_activity, restart_activity


@login_required
def activity_status(request, key):
    activity = policy.managed_activity_or_404(request.user, key)
    today = timezone.localdate()
    form = status_form(request.POST if request.method == "POST" else None, activity=activity, today=today)
    if request.method == "POST" and form.is_valid():
        action, message = form.cleaned_data["action"], form.cleaned_data["message"]
        if action == PAUSE:
            until = form.cleaned_data["until"]
            pause_activity(activity, until=until, message=message, user=request.user)
            done = f"“{activity.title}” is paused until {day_words(until, today)}."
        elif action == END:
            end_activity(activity, message=message, user=request.user)
            done = f"“{activity.title}” is marked as ended."
        else:
            restart_activity(activity, user=request.user)
            done = f"“{activity.title}” is running again."
        messages.success(request, f"{done} The public page says so now.")
        return redirect("listings:partner", key=activity.partner.translation_key)
    return TemplateResponse(
        request,
        "listings/status/activity_status.html",
        {"activity": activity, "partner": activity.partner, "form": form, "today": today},
    )
