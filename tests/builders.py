"""Small builders shared by the tests."""

import datetime

import factory.random
from django.db import transaction
from django.utils import timezone

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage, ActivitySession, Category
from activities.models.session import DAY_SLUGS, Frequency
from activities.referrals import session_dates
from partners.factories import PartnerPageFactory
from partners.models import Locality


def session(
    day: str,
    start: str,
    end: str | None = None,
    *,
    frequency: str = Frequency.WEEKLY,
    week_of_month: int | None = None,
    valid_from: datetime.date = datetime.date(2026, 1, 5),
    valid_to: datetime.date | None = None,
) -> ActivitySession:
    """session("tue", "10:00") is an unsaved weekly Tuesday session from 10am to an hour later."""
    start_time = datetime.time.fromisoformat(start)
    end_time = (
        datetime.time.fromisoformat(end)
        if end
        else datetime.time((start_time.hour + 1) % 24, start_time.minute)
    )
    return ActivitySession(
        weekday=DAY_SLUGS.index(day),
        start_time=start_time,
        end_time=end_time,
        frequency=frequency,
        week_of_month=week_of_month,
        valid_from=valid_from,
        valid_to=valid_to,
    )


class ActivityMaker:
    """maker("Title", locality="kirklees", postcode="HD1 2TA", categories=["singing"], ...).

    Words are set explicitly (so text search only matches what a test means it to), and one
    partner per locality is shared to keep the page tree small.
    """

    def __init__(self):
        self.partners = {}

    def partner_for(self, locality: Locality, postcode: str):
        if locality.slug not in self.partners:
            self.partners[locality.slug] = PartnerPageFactory(
                home=locality, title=f"{locality.name} Community Partner", postcode=postcode
            )
        return self.partners[locality.slug]

    def __call__(
        self,
        title: str,
        *,
        locality: str = "kirklees",
        postcode: str = "HD1 2TA",
        categories=("singing",),
        sessions=None,
        cost_type: str = ActivityPage.CostType.FREE,
        partner=None,
        **fields,
    ) -> ActivityPage:
        place = Locality.objects.get(slug=locality)
        fields.setdefault("summary", f"{title}: a friendly group.")
        fields.setdefault("description", "<p>Everyone is welcome.</p>")
        fields.setdefault("venue_name", "Community Centre")
        # Open to everyone unless a test says otherwise (the group's words are searched too).
        fields.setdefault("audience", ActivityPage.Audience.EVERYONE)
        fields.setdefault("audience_group", "")
        fields.setdefault("audience_group_kind", "")
        fields.setdefault("min_age", None)
        fields.setdefault("max_age", None)
        if cost_type == ActivityPage.CostType.PAID:
            fields.setdefault("cost_amount", "3.50")
        return ActivityPageFactory(
            title=title,
            partner=partner or self.partner_for(place, postcode or "HD1 2TA"),
            locality=place,
            postcode=postcode,
            categories=[Category.objects.get(slug=slug) for slug in categories],
            sessions=sessions if sessions is not None else [session("mon", "10:00")],
            cost_type=cost_type,
            **fields,
        )


def shared_data(django_db_blocker, build, seed="creative-minds-tests"):
    """Body of a module- or class-scoped fixture: `build()` once, roll it all back afterwards.

    The rows are made inside a transaction left open while the tests run; each test's own
    transaction nests inside it as a savepoint, so a test's changes still vanish after it.
    Use it only with plain `django_db` tests (not transaction=True ones).
    """
    with django_db_blocker.unblock():
        factory.random.reseed_random(seed)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def date_input(name: str, day: datetime.date) -> dict[str, str]:
    """What NHS.UK's date input (creative_minds.forms.DateInput) sends for `day`, as a person types it."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def join_on_a_meeting_day(referral) -> datetime.date:
    """The latest day the referral's activity met, up to today, for marking someone joined (which
    asks for a day the activity met, on or after the referral): the referral is dated the day
    before when it was made later."""
    day = session_dates.recent_meeting_dates(referral.activity, today=timezone.localdate())[0]
    if timezone.localdate(referral.created_at) > day:
        sent = timezone.make_aware(
            datetime.datetime.combine(day - datetime.timedelta(days=1), datetime.time(9))
        )
        type(referral).objects.filter(pk=referral.pk).update(created_at=sent)
        referral.refresh_from_db()
    return day
