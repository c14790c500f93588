"""Two saves of the same attendance register at the same moment, on PostgreSQL.

A double tap on "Save", or two organisers with the register open, send the same ticks twice. Each
save read who was already marked, found nobody, and inserted the rows; the second then broke the
one-attendance-per-session constraint, and the organiser got a server error. The participants'
rows are now locked first, so the second save waits, sees the first's rows and adds nothing.
Both organisers are told the register was saved.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from activities.models import ActivityPage
from activities.referrals.factories import ParticipantFactory
from activities.referrals.models import Attendance
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, session
from tests.concurrency import race

pytestmark = [
    pytest.mark.postgres,
    # The threads must see the data, so it is committed; the serialized rollback brings back
    # the migrations' rows (localities, collectives, the page tree) that the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 10


def test_two_saves_of_the_same_register_at_once_both_succeed_and_record_each_tick_once(require_postgres):
    # No postcodes: an earlier transactional test's flush may have emptied the postcode tables.
    partner = PartnerPageFactory(home=Locality.objects.get(slug="kirklees"), postcode="")
    activity = ActivityMaker()(
        "Sing for your mind",
        partner=partner,
        delivery=ActivityPage.Delivery.ONLINE,
        postcode="",
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )
    joined = timezone.localdate() - datetime.timedelta(days=TRIALS + 1)
    people = [ParticipantFactory(referral__activity=activity, joined_on=joined) for _ in range(3)]
    ticks = {"present": [str(person.public_id) for person in people[:2]]}
    organisers = []
    for _ in range(2):
        organiser = Client(raise_request_exception=False)
        organiser.force_login(PartnerContactFactory(partner=partner, user=UserFactory()).user)
        organisers.append(organiser)

    for trial in range(TRIALS):
        day = timezone.localdate() - datetime.timedelta(days=trial)
        url = reverse("attendance:register", args=[activity.slug, day.isoformat()])

        responses = race([lambda c=organiser, u=url: c.post(u, ticks) for organiser in organisers])

        assert [response.status_code for response in responses] == [302, 302], trial
        marked = Attendance.objects.filter(session_date=day)
        assert sorted(marked.values_list("participant_id", flat=True)) == sorted(p.pk for p in people[:2])
        saves = PageLogEntry.objects.filter(
            page=activity, action="activities.attendance_recorded", data__session_date=day.isoformat()
        )
        assert sorted(entry.data["added"] for entry in saves) == [0, 2], trial
