"""The days an activity meets, from its sessions' own rules (activities.models.session): for the
"first session" a partner chooses when marking someone joined, the demo's attendance, and the
registers the account page counts. Each reads `activity.sessions.all()`: prefetch it for a list."""

from __future__ import annotations

import datetime

from activities.models import ActivityPage, ActivitySession

JOINED_WEEKS_BACK = 8


def meeting_dates(
    sessions: list[ActivitySession], *, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """Every day from `first` to `last` on which one of the sessions meets, oldest first."""
    if last < first:
        return []
    weeks = (last - first).days // 7 + 2
    return sorted(
        {day for session in sessions for day in session.next_dates(after=first, count=weeks) if day <= last}
    )


def recent_meeting_dates(
    activity: ActivityPage, *, today: datetime.date, weeks: int = JOINED_WEEKS_BACK
) -> list[datetime.date]:
    """The days the activity met in the last `weeks` weeks up to today, most recent first."""
    first = today - datetime.timedelta(weeks=weeks)
    return meeting_dates(list(activity.sessions.all()), first=first, last=today)[::-1]


def meets_on(activity: ActivityPage, day: datetime.date) -> bool:
    """Whether one of the activity's sessions falls on this day (each asked by its own rule)."""
    return any(session.next_dates(after=day, count=1) == [day] for session in activity.sessions.all())


def when_it_meets(activity: ActivityPage) -> str:
    """Its sessions in plain English for a message: "every Monday, 10am to 11am and the first
    Thursday of each month, 2pm to 4pm"; "no regular sessions" when it has none."""
    described = [
        _lower_first(session.describe())
        for session in sorted(
            activity.sessions.all(), key=lambda session: (session.weekday, session.start_time)
        )
    ]
    if not described:
        return "no regular sessions"
    if len(described) == 1:
        return described[0]
    return f"{'; '.join(described[:-1])} and {described[-1]}"


def first_session_problem(activity: ActivityPage, day: datetime.date, *, today: datetime.date) -> str:
    """Why `day` cannot be someone's first session at this activity, in words for them; "" if it can.

    A first session is recorded as an attendance, so it must be a day the activity met, and not one
    still to come.
    """
    if day > today:
        return "The date of their first session must be today or in the past"
    if not meets_on(activity, day):
        return f"{activity.title} did not meet on {day:%A %-d %B %Y}. It meets {when_it_meets(activity)}"
    return ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
