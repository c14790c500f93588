"""/referrals/ for coordinators: filters for status, waiting too long, partner, champion and activity,
each in the viewer's scope, in a link; the partner and waiting columns; who to chase for a stuck
referral; and the same number of queries for 5 referrals as for 50."""

from __future__ import annotations

import datetime
import itertools
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from activities.detail import distinguishing_label
from activities.referrals import selectors
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import Referral
from activities.referrals.tasks import add_working_days
from partners.factories import CollectiveFactory, PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Status = Referral.Status
LONDON = ZoneInfo("Europe/London")
# Well past any reminder: at least 7 working days, whatever the day and whichever holidays.
LONG_AGO = datetime.timedelta(days=14)


@pytest.fixture
def world(settings):
    """Kirklees: two partners (one with two activities of the same name), each with a contact; two
    champions; a coordinator; staff. And a Calderdale partner whose coordinator sees none of it."""
    settings.REFERRAL_REMINDER_WORKING_DAYS = 3
    make = ActivityMaker()
    kirklees = Locality.objects.get(slug="kirklees")
    calderdale = Locality.objects.get(slug="calderdale")
    arts = PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective")
    walkers = PartnerPageFactory(home=kirklees, title="Batley Walking Group")
    far = PartnerPageFactory(home=calderdale, title="Halifax Singers")
    knit_tuesday = make(
        "Knit and natter",
        partner=arts,
        venue_name="Dewsbury Library",
        sessions=[session("tue", "10:00")],
        contact_phone="01924 325080",
    )
    knit_thursday = make(
        "Knit and natter", partner=arts, venue_name="Batley Library", sessions=[session("thu", "14:00")]
    )
    walk = make("Batley wander", partner=walkers, sessions=[session("fri", "11:00")])
    sing = make("Sing out", locality="calderdale", postcode="HX1 1AA", partner=far)
    arts_contact = PartnerContactFactory(
        partner=arts,
        user=UserFactory(first_name="Pat", last_name="Okafor", email="pat@dewsbury-arts.example"),
    ).user
    walkers_contact = PartnerContactFactory(
        partner=walkers, user=UserFactory(first_name="Wes", last_name="Walker", email="wes@walkers.example")
    ).user
    first = ChampionProfileFactory(user=UserFactory(first_name="Chris", last_name="Campbell")).user
    second = ChampionProfileFactory(user=UserFactory(first_name="Dee", last_name="Dhillon")).user
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    far_coordinator = UserFactory()
    CollectiveFactory(locality=calderdale).coordinators.add(far_coordinator)
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_referral"))
    return SimpleNamespace(
        arts=arts,
        walkers=walkers,
        far=far,
        knit_tuesday=knit_tuesday,
        knit_thursday=knit_thursday,
        walk=walk,
        sing=sing,
        arts_contact=arts_contact,
        walkers_contact=walkers_contact,
        first=first,
        second=second,
        coordinator=coordinator,
        far_coordinator=far_coordinator,
        staff=staff,
    )


def refer(activity, *, champion, name, status=Status.SENT, sent=None, escalated=False):
    referral = ReferralFactory(activity=activity, champion=champion, preferred_name=name, status=status)
    changes = {"escalated_at": timezone.now()} if escalated else {}
    if sent is not None:
        changes["created_at"] = sent
    if changes:
        Referral.objects.filter(pk=referral.pk).update(**changes)
    return referral


@pytest.fixture
def referrals(world):
    """Stuck: Ada (sent long ago, nobody replied) and Bea (escalated). Not stuck: Cal (sent today),
    Dot (acknowledged long ago) and Eve (joined)."""
    now = timezone.now()
    return SimpleNamespace(
        ada=refer(world.knit_tuesday, champion=world.first, name="Ada", sent=now - LONG_AGO),
        bea=refer(world.walk, champion=world.second, name="Bea", escalated=True),
        cal=refer(world.knit_thursday, champion=world.first, name="Cal"),
        dot=refer(
            world.knit_thursday,
            champion=world.second,
            name="Dot",
            status=Status.ACKNOWLEDGED,
            sent=now - LONG_AGO,
        ),
        eve=refer(world.walk, champion=world.first, name="Eve", status=Status.JOINED),
        far=refer(world.sing, champion=world.first, name="Fay", sent=now - LONG_AGO),
    )


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("referrals:dashboard"), params)
    assert response.status_code == 200
    return response


def names(response) -> set[str]:
    return {row.referral.preferred_name for row in response.context["rows"] if not row.referral.is_anonymised}


def choices(response, field) -> list[str]:
    return [str(label) for value, label in response.context["filter_form"].fields[field].choices if value]


# -- waiting too long ----------------------------------------------------------------------


def test_waiting_too_long_shows_referrals_nobody_acknowledged_in_time_or_that_were_escalated(
    client, world, referrals
):
    response = dashboard(client, world.coordinator, waiting="on")
    assert names(response) == {"Ada", "Bea"}
    assert "Only referrals waiting too long (2)" in response.content.decode()
    assert names(dashboard(client, world.coordinator)) == {"Ada", "Bea", "Cal", "Dot", "Eve"}


def test_a_referral_is_waiting_too_long_from_the_day_the_reminder_is_due_counted_in_working_days(
    world, settings
):
    """Around Christmas 2026 (Friday 25 and Monday 28 December are bank holidays), a referral sent
    at the first or the last minute of each day is waiting too long exactly when the reminders say
    it is due: on or after add_working_days(sent on, 3)."""
    today = datetime.date(2026, 12, 30)
    made = {}
    for offset in range(16):
        sent_on = today - datetime.timedelta(days=offset)
        for hour, minute in ((0, 1), (23, 59)):
            moment = datetime.datetime.combine(sent_on, datetime.time(hour, minute), tzinfo=LONDON)
            made[refer(world.walk, champion=world.first, name="X", sent=moment).pk] = sent_on
    found = set(
        Referral.objects.filter(pk__in=made)
        .filter(selectors.waiting_too_long(today=today))
        .values_list("pk", flat=True)
    )
    expected = {pk for pk, sent_on in made.items() if add_working_days(sent_on, 3) <= today}
    assert found == expected
    # Sent on Wednesday 23 December: Thursday 24, Tuesday 29 and Wednesday 30 are its three working
    # days, so it is due today; one sent on Christmas Eve is not due until Thursday 31.
    assert datetime.date(2026, 12, 23) in {made[pk] for pk in found}
    assert datetime.date(2026, 12, 24) not in {made[pk] for pk in found}


@pytest.mark.parametrize(
    ("sent_on", "today", "days"),
    [
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 23), 0),  # the day it was sent
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 26), 3),  # Monday to Thursday
        (datetime.date(2026, 11, 27), datetime.date(2026, 11, 30), 1),  # Friday to Monday
        (datetime.date(2026, 11, 28), datetime.date(2026, 11, 30), 1),  # sent on a Saturday
        (datetime.date(2026, 12, 24), datetime.date(2026, 12, 29), 1),  # over two bank holidays
        (datetime.date(2026, 11, 2), datetime.date(2026, 11, 30), 20),  # four weeks
    ],
)
def test_working_days_waited_counts_as_the_reminders_do(sent_on, today, days):
    assert selectors.working_days_waited(sent_on, today=today) == days


# -- partner, champion, activity -----------------------------------------------------------


def test_a_coordinator_filters_by_partner_champion_and_activity_by_link(client, world, referrals):
    assert names(dashboard(client, world.coordinator, partner=world.arts.pk)) == {"Ada", "Cal", "Dot"}
    assert names(dashboard(client, world.coordinator, champion=world.second.pk)) == {"Bea", "Dot"}
    assert names(dashboard(client, world.coordinator, activity=world.knit_thursday.pk)) == {"Cal", "Dot"}
    both = dashboard(client, world.coordinator, partner=world.arts.pk, champion=world.first.pk, waiting="on")
    assert names(both) == {"Ada"}
    assert both.context["query_string"] == f"waiting=on&partner={world.arts.pk}&champion={world.first.pk}"
    # The form shows what was chosen.
    html = both.content.decode()
    assert re.search(rf'<option value="{world.arts.pk}" selected>Dewsbury Arts Collective</option>', html)
    assert re.search(r'name="waiting"[^>]*checked', html)


def test_a_partner_chooses_only_among_their_own_partners_and_activities(client, world, referrals):
    response = dashboard(client, world.arts_contact)
    assert choices(response, "partner") == ["Dewsbury Arts Collective"]
    assert choices(response, "activity") == [
        distinguishing_label(world.knit_thursday),
        distinguishing_label(world.knit_tuesday),
    ]
    assert "champion" not in response.context["filter_form"].fields
    assert "Batley Walking Group" not in response.content.decode()

    # Another partner's number in the link is refused and says so; the other filters still apply.
    refused = dashboard(client, world.arts_contact, partner=world.walkers.pk, status=Status.SENT)
    assert "Choose a partner from the list" in refused.content.decode()
    assert names(refused) == {"Ada", "Cal"}
    assert refused.context["query_string"] == "status=sent"


def test_a_champion_chooses_only_among_the_partners_and_activities_they_referred_to(client, world, referrals):
    response = dashboard(client, world.second)
    assert choices(response, "partner") == ["Batley Walking Group", "Dewsbury Arts Collective"]
    assert choices(response, "activity") == [
        distinguishing_label(world.walk),
        distinguishing_label(world.knit_thursday),
    ]
    assert "champion" not in response.context["filter_form"].fields
    assert names(response) == {"Bea", "Dot"}


def test_coordinators_and_staff_choose_among_the_champions_in_their_scope(client, world, referrals):
    coordinator = dashboard(client, world.coordinator)
    assert choices(coordinator, "champion") == ["Chris Campbell", "Dee Dhillon"]
    assert "Halifax Singers" not in choices(coordinator, "partner")
    assert choices(dashboard(client, world.far_coordinator), "partner") == ["Halifax Singers"]
    staff = dashboard(client, world.staff)
    assert choices(staff, "champion") == ["Chris Campbell", "Dee Dhillon"]
    assert "Halifax Singers" in choices(staff, "partner")


def test_activities_with_one_name_are_told_apart_in_the_filter_and_the_rows(client, world, referrals):
    response = dashboard(client, world.coordinator)
    html = response.content.decode()
    assert "Knit and natter (Tuesday 10am; Dewsbury Library)" in html
    assert "Knit and natter (Thursday 2pm; Batley Library)" in html
    rows = {row.referral.preferred_name: row for row in response.context["rows"]}
    assert rows["Ada"].activity_label == "Knit and natter (Tuesday 10am; Dewsbury Library)"


# -- columns and who to chase --------------------------------------------------------------


def row_of(response, name: str) -> str:
    html = response.content.decode()
    rows = re.findall(r'<tr class="nhsuk-table__row">.*?</tr>', html, flags=re.S)
    return next(row for row in rows if f">{name}</a>" in row)


def test_each_row_shows_the_partner_the_sent_date_and_the_working_days_waited(client, world, referrals):
    response = dashboard(client, world.coordinator)
    ada = row_of(response, "Ada")
    assert "Partner </span>Dewsbury Arts Collective" in ada
    sent_on = timezone.localdate(Referral.objects.get(pk=referrals.ada.pk).created_at)
    waited = selectors.working_days_waited(sent_on, today=timezone.localdate())
    assert waited >= 7
    assert f"{waited} working days" in ada
    assert f"Sent </span>{sent_on:%-d %b %Y}" in ada
    assert "Waiting too long" in ada
    assert "0 working days" in row_of(response, "Cal")
    assert "Not waiting" in row_of(response, "Dot")
    assert "Waiting too long" not in row_of(response, "Dot")


def test_a_stuck_referral_shows_the_coordinator_who_to_chase(client, world, referrals):
    response = dashboard(client, world.coordinator)
    ada = row_of(response, "Ada")
    assert "Chase Dewsbury Arts Collective" in ada
    assert "Pat Okafor" in ada and 'href="mailto:pat@dewsbury-arts.example"' in ada
    assert 'href="tel:01924325080"' in ada
    bea = row_of(response, "Bea")
    assert "Wes Walker" in bea and "wes@walkers.example" in bea
    # Not for referrals that are moving.
    for name in ("Cal", "Dot", "Eve"):
        assert "Chase" not in row_of(response, name)
    # The partner is not told to chase themselves.
    assert "Chase" not in row_of(dashboard(client, world.arts_contact), "Ada")


# -- cost ----------------------------------------------------------------------------------


def add_referrals(world, count):
    """`count` referrals over the Kirklees activities and champions, every status, a quarter of them
    stuck (sent long ago) and some escalated: each stuck row shows its partner's contacts."""
    activities = itertools.cycle([world.knit_tuesday, world.knit_thursday, world.walk])
    champions = itertools.cycle([world.first, world.second, None])
    statuses = itertools.cycle(Status.values)
    for number in range(count):
        champion = next(champions)
        status = next(statuses)
        refer(
            next(activities),
            champion=champion,
            name=f"Person {number}",
            status=status,
            sent=timezone.now() - LONG_AGO if number % 4 == 0 else None,
            escalated=number % 5 == 0,
        )


@pytest.mark.parametrize(
    "params", [{}, {"waiting": "on"}, {"status": "sent", "partner": "arts", "champion": "first"}]
)
def test_the_filtered_list_makes_the_same_queries_for_5_and_50_referrals(client, world, params):
    """5 referrals against 50 (a full page of 25 and a link to the next when unfiltered), each with
    some stuck rows that show who to chase."""
    named = {"arts": world.arts.pk, "first": world.first.pk}
    params = {key: named.get(value, value) for key, value in params.items()}
    client.force_login(world.coordinator)
    url = reverse("referrals:dashboard")
    add_referrals(world, 5)
    small = queries_for(client, url, params)
    add_referrals(world, 45)
    large = queries_for(client, url, params)
    assert len(large[2].context["rows"]) > len(small[2].context["rows"]) > 0
    assert any(row.chase_contacts for row in small[2].context["rows"])
    assert_same_count(small, large)
