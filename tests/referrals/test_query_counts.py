"""The referral dashboard, the participant list and the attendance register make the same number of
queries with 5 records as with 50, whoever is looking."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from activities.referrals import services
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import Attendance, Referral, WellbeingCheckIn
from activities.referrals.views.participants import PARTICIPANTS_PER_PAGE
from activities.referrals.views.referrals import REFERRALS_PER_PAGE
from partners.factories import CollectiveFactory, PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Status = Referral.Status
STATUSES = [Status.SENT, Status.ACKNOWLEDGED, Status.CONTACTED, Status.NOT_TAKEN_UP, Status.WITHDRAWN]
SMALL, LARGE = 5, 50


@pytest.fixture
def place(db):
    """Two Kirklees partners with three activities, three champions and one login per role."""
    make_activity = ActivityMaker()
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective")
    neighbour = PartnerPageFactory(home=kirklees, title="Batley Walking Group")
    ours = [
        make_activity("Sing for your mind", partner=partner, sessions=[session("mon", "10:00")]),
        make_activity("Paint and chat", partner=partner, sessions=[session("wed", "14:00")]),
    ]
    theirs = make_activity("Batley wander", partner=neighbour, sessions=[session("fri", "11:00")])
    champions = [ChampionProfileFactory().user for _ in range(3)]
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_referral"))
    return {
        "ours": ours,
        "everyone's": [*ours, theirs],
        "champions": champions,
        "champion": champions[0],
        "partner contact": PartnerContactFactory(partner=partner).user,
        "coordinator": coordinator,
        "staff": staff,
    }


def add_referrals(place, count, *, activities, champions):
    """`count` referrals of every kind: each open and closed status, from champions and from people
    asking to join, some with their details removed and some flagged as waiting too long."""
    activity_cycle = itertools.cycle(activities)
    champion_cycle = itertools.cycle(champions)
    for number in range(count):
        champion = next(champion_cycle)
        status = STATUSES[number % len(STATUSES)]
        referral = ReferralFactory(
            activity=next(activity_cycle),
            champion=champion,
            source=Referral.Source.CHAMPION if champion else Referral.Source.SELF,
            status=status,
            escalated_at=timezone.now() if number % 4 == 0 else None,
            closed_at=timezone.now() if status in Referral.CLOSED_STATUSES else None,
        )
        if number % 6 == 5:
            services.anonymise(referral)


# Who looks at the dashboard, which of the place's activities their referrals go to, and who made them.
DASHBOARD_VIEWERS = {
    "champion": ("everyone's", lambda place: [place["champion"]]),
    "partner contact": ("ours", lambda place: [*place["champions"], None]),
    "coordinator": ("everyone's", lambda place: [*place["champions"], None]),
    "staff": ("everyone's", lambda place: [*place["champions"], None]),
}


@pytest.mark.parametrize("viewer", list(DASHBOARD_VIEWERS))
def test_the_referral_dashboard_makes_the_same_queries_for_5_and_50_referrals(client, place, viewer):
    """5 referrals (all on one page) against 50 (a full first page of 25, and a link to the next).

    The dashboard shows 25 a page, so 50 referrals cannot all be shown at once: the honest
    comparison is 5 rows against a full page of 25 rows, with the larger list also paging.
    """
    which, makers = DASHBOARD_VIEWERS[viewer]
    activities, champions = place[which], makers(place)
    client.force_login(place[viewer])
    url = reverse("referrals:dashboard")

    add_referrals(place, SMALL, activities=activities, champions=champions)
    small = queries_for(client, url)
    assert len(small[2].context["page"].object_list) == SMALL

    add_referrals(place, LARGE - SMALL, activities=activities, champions=champions)
    large = queries_for(client, url)
    assert large[2].context["page"].paginator.count == LARGE
    assert len(large[2].context["page"].object_list) == REFERRALS_PER_PAGE

    assert_same_count(small, large)


def add_participants(place, count, *, activities, start):
    """`count` participants over the activities: some answered, declined or waiting questionnaires,
    some sessions attended, some with their details removed."""
    today = timezone.localdate()
    activity_cycle = itertools.cycle(activities)
    for number in range(start, start + count):
        participant = ParticipantFactory(
            referral__activity=next(activity_cycle),
            referral__champion=place["champions"][number % 3],
            joined_on=today - datetime.timedelta(weeks=number % 20),
        )
        WellbeingCheckInFactory(participant=participant, kind=WellbeingCheckIn.Kind.BASELINE)
        if number % 3:
            WellbeingCheckInFactory(
                participant=participant,
                kind=WellbeingCheckIn.Kind.FOLLOW_UP,
                status=WellbeingCheckIn.Status.WAITING
                if number % 3 == 1
                else WellbeingCheckIn.Status.DECLINED,
                due_on=participant.joined_on + datetime.timedelta(weeks=12),
            )
        for week in range(number % 4):
            Attendance.objects.create(
                participant=participant, session_date=participant.joined_on + datetime.timedelta(weeks=week)
            )
        if number % 7 == 6:
            services.anonymise(participant.referral)


@pytest.mark.parametrize("viewer", ["partner contact", "coordinator"])
def test_the_participant_list_makes_the_same_queries_for_5_and_50_participants(client, place, viewer):
    """5 against 50 participants, every one shown (the list shows 50 a page)."""
    assert PARTICIPANTS_PER_PAGE >= LARGE
    activities = place["ours"] if viewer == "partner contact" else place["everyone's"]
    client.force_login(place[viewer])
    url = reverse("participants:list")

    add_participants(place, SMALL, activities=activities, start=0)
    small = queries_for(client, url)
    assert len(small[2].context["page"].object_list) == SMALL

    add_participants(place, LARGE - SMALL, activities=activities, start=SMALL)
    large = queries_for(client, url)
    assert len(large[2].context["page"].object_list) == LARGE

    assert_same_count(small, large)


def test_the_attendance_register_makes_the_same_queries_for_5_and_50_participants(client, place):
    """One session's register with 5 people against 50, some ticked, some with details removed."""
    activity = place["ours"][0]
    client.force_login(place["partner contact"])
    day = timezone.localdate() - datetime.timedelta(days=1)
    url = reverse("attendance:register", args=[activity.slug, day.isoformat()])

    def add(count, start):
        for number in range(start, start + count):
            participant = ParticipantFactory(
                referral__activity=activity, referral__champion=place["champion"]
            )
            if number % 2:
                Attendance.objects.create(participant=participant, session_date=day)
            if number % 7 == 6:
                services.anonymise(participant.referral)

    add(SMALL, 0)
    small = queries_for(client, url)
    assert len(small[2].context["rows"]) == SMALL

    add(LARGE - SMALL, SMALL)
    large = queries_for(client, url)
    assert len(large[2].context["rows"]) == LARGE
    assert large[2].context["present"] == LARGE // 2

    assert_same_count(small, large)
