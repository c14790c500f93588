"""Calendar (.ics) files for an activity's repeating sessions (RFC 5545, via icalendar).

activities.models.activity imports this module (the page's calendar/ route), so nothing here imports
the models back: the page is passed in.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from activities.detail import visitor_url
from activities.schedule import DAY_SLUGS, Frequency

LONDON = ZoneInfo("Europe/London")
ICAL_DAYS = [slug[:2].upper() for slug in DAY_SLUGS]  # MO, TU, ...


def _recurrence(session) -> vRecur:
    rule = {"FREQ": "WEEKLY", "BYDAY": ICAL_DAYS[session.weekday]}
    if session.frequency == Frequency.FORTNIGHTLY:
        rule["INTERVAL"] = 2
    elif session.frequency == Frequency.MONTHLY:
        rule = {"FREQ": "MONTHLY", "BYDAY": f"{session.week_of_month or 1}{ICAL_DAYS[session.weekday]}"}
    if session.valid_to:
        # RFC 5545: with a zoned DTSTART, UNTIL must be a UTC time (written with a Z).
        rule["UNTIL"] = datetime.combine(session.valid_to, session.end_time, LONDON).astimezone(UTC)
    return vRecur(rule)


def activity_ics(activity, *, today: date, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Creative Minds//Activities//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", activity.title)
    location = ", ".join(
        part
        for part in [activity.venue_name, *activity.address.splitlines(), activity.postcode]
        if part.strip()
    )
    for session in activity.sessions.all():
        upcoming = session.next_dates(today - timedelta(days=1), 1) or [session.valid_from]
        first = upcoming[0]
        event = Event()
        event.add("uid", f"activity-{activity.pk}-session-{session.pk}@creativeminds")
        event.add("summary", activity.title)
        event.add("dtstart", datetime.combine(first, session.start_time, LONDON))
        event.add("dtend", datetime.combine(first, session.end_time, LONDON))
        event.add("dtstamp", datetime.now(tz=LONDON))
        event.add("rrule", _recurrence(session))
        event.add("description", f"{activity.summary}\n\nRun by {activity.partner.title}. {url}")
        if location:
            event.add("location", location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_download(activity, request) -> HttpResponse:
    """/activities/<slug>/calendar/: the activity's sessions as an .ics file, for "add to calendar"."""
    response = HttpResponse(
        activity_ics(activity, today=timezone.localdate(), url=visitor_url(activity, request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{activity.slug}.ics"'
    return response
