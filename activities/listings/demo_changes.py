"""Demo data: partners' changes waiting for review, and one that staff sent back (seed_demo calls it)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from activities.listings.services.changes import submit_change

FIRST_VISIT = (
    "From {day:%-d %B}, {name} will meet you at the door and find you a seat. "
    "Come ten minutes early if you would like a quiet chat first."
)
ASKED_FOR = "Please say where people can park, and whether the entrance has steps."


@transaction.atomic
def make_pending_changes(activities, user, *, day: datetime.date) -> int:
    """For each activity, a believable change sent for review as `user` (a partner contact): the
    first session starts half an hour later and the first-visit words are new. The last one is sent
    back by staff ("changes asked for", with a comment). Returns how many changes were sent.
    An activity of a partner trusted to publish without review is published at once, as it would be."""
    reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    sent = []
    for activity in activities:
        draft = activity.get_latest_revision_as_object()
        sessions = list(draft.sessions.all())
        if sessions:
            first = sessions[0]
            first.start_time = _half_an_hour_later(first.start_time)
            first.end_time = max(first.end_time, _half_an_hour_later(first.start_time))
            draft.sessions = sessions
        draft.first_visit_who_meets_you = FIRST_VISIT.format(day=day, name=draft.contact_name or "one of us")
        submit_change(draft, user=user)
        sent.append(activity)
    if sent:
        state = sent[-1].current_workflow_state
        if state is not None and state.current_task_state is not None:
            state.current_task_state.reject(user=reviewer, comment=ASKED_FOR)
    return len(sent)


def _half_an_hour_later(time: datetime.time) -> datetime.time:
    moved = datetime.datetime.combine(datetime.date(2000, 1, 1), time) + datetime.timedelta(minutes=30)
    return moved.time() if moved.date() == datetime.date(2000, 1, 1) else time
