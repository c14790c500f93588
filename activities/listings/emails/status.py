"""Staff hear at once when a partner pauses, ends or restarts an activity: it took effect without
review (activities.listings.services.status), so this is their chance to notice a mistake.

Built from the audit log entry the change made, so the email says what was done then, even if the
activity has changed again before the queue sends it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from wagtail.models import PageLogEntry

from creative_minds.mail import absolute_url, email, page_url

SUBJECTS = {
    "listings.pause": "Paused: {title}",
    "listings.end": "Ended: {title}",
    "listings.resume": "Running again: {title}",
}


@email
def status_changed(log_entry_id: int) -> EmailMessage | None:
    """Tell LISTINGS_STAFF_EMAIL that an activity was paused, ended or restarted, and by whom."""
    entry = PageLogEntry.objects.select_related("page", "user").filter(pk=log_entry_id).first()
    if entry is None or entry.action not in SUBJECTS or entry.page is None:
        return None
    activity = entry.page.specific
    until = entry.data.get("until")
    context = {
        "entry": entry,
        "activity": activity,
        "partner": activity.partner,
        "who": (entry.user.get_full_name() or entry.user.get_username()) if entry.user else "Someone",
        "until": datetime.date.fromisoformat(until) if until else None,
        "message": entry.data.get("message", ""),
        "page_link": page_url(activity),
        "edit_link": absolute_url("wagtailadmin_pages:edit", activity.pk),
        "history_link": absolute_url("wagtailadmin_pages:history", activity.pk),
    }
    return EmailMessage(
        SUBJECTS[entry.action].format(title=activity.title),
        render_to_string("listings/status/email/status_changed.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [settings.LISTINGS_STAFF_EMAIL],
    )
