"""The account page as each role's dashboard: what is waiting for them, as numbers in plain words
linking to the page where they deal with it; nobody counts another partner's work; the page costs
the same number of queries with 5 records of each kind as with 50."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
)
from activities.referrals.models import Attendance, Referral, WellbeingCheckIn
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import ConflictDeclaration, FundingApplication, Locality, Vote
from tests.builders import DAY_SLUGS, session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

Status = Referral.Status
TODAY = timezone.localdate
LONG_AGO = datetime.timedelta(days=30)


def cards(response) -> dict[str, tuple[str, str]]:
    """Each card on the page, by its key: (its words, where it leads)."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        card["id"].removeprefix("card-"): (
            " ".join(card.select_one("a").get_text().split()),
            card.select_one("a")["href"],
        )
        for card in page.select(".nhsuk-card[id^=card-]")
    }


def account(client, user):
    client.force_login(user)
    response = client.get(reverse("account"))
    assert response.status_code == 200
    return response


def tomorrows_weekday() -> str:
    """A weekday it is not today: a weekly session on it met 6 and 13 days ago, and not today."""
    return DAY_SLUGS[(TODAY().weekday() + 1) % 7]


@pytest.fixture
def kirklees(db):
    return Locality.objects.get(slug="kirklees")


@pytest.fixture
def partner(kirklees):
    return PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective")


@pytest.fixture
def contact(partner):
    return PartnerContactFactory(partner=partner, user=UserFactory(first_name="Pat")).user


@pytest.fixture
def activity(make_activity, partner):
    return make_activity(
        "Sing for your mind",
        partner=partner,
        sessions=[session(tomorrows_weekday(), "10:00", valid_from=datetime.date(2025, 1, 6))],
    )


def sent(activity, *, ago=datetime.timedelta(0), **fields):
    referral = ReferralFactory(activity=activity, **fields)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - ago)
    return referral


def joined(activity, *, joined_on):
    return ParticipantFactory(referral__activity=activity, joined_on=joined_on)


def follow_up(participant, *, due_on, link_sent=False):
    return WellbeingCheckInFactory(
        participant=participant,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on=due_on,
        link_sent_at=timezone.now() if link_sent else None,
    )


def partners_work(activity, *, count):
    """`count` of each kind of record for the activity's partner: new referrals (one of them waiting
    too long), participants with their follow-ups due, and funding applications (half drafts)."""
    for number in range(count):
        sent(activity, ago=LONG_AGO if number == 0 else datetime.timedelta(0))
        participant = joined(activity, joined_on=TODAY() - datetime.timedelta(days=20))
        follow_up(participant, due_on=TODAY() - datetime.timedelta(days=number % 3))
        FundingApplicationFactory(
            partner=activity.partner,
            round__collective=CollectiveFactory(locality=activity.locality),
            status=FundingApplication.Status.DRAFT if number % 2 else FundingApplication.Status.APPROVED,
            decided_at=timezone.now() - datetime.timedelta(days=5),
        )


# -- a partner contact -------------------------------------------------------------------------


def test_a_partner_sees_what_is_waiting_for_them_and_nothing_of_another_partners(
    client, contact, activity, make_activity
):
    sent(activity)
    sent(activity, ago=datetime.timedelta(days=2))
    sent(activity, ago=LONG_AGO)  # not acknowledged for weeks: waiting too long
    acknowledged = sent(activity, ago=LONG_AGO)
    Referral.objects.filter(pk=acknowledged.pk).update(status=Status.ACKNOWLEDGED)
    # Someone joined three weeks ago; the register was kept 13 days ago but not 6 days ago.
    participant = joined(activity, joined_on=TODAY() - datetime.timedelta(days=20))
    Attendance.objects.create(participant=participant, session_date=TODAY() - datetime.timedelta(days=13))
    follow_up(participant, due_on=TODAY() - datetime.timedelta(days=1))
    follow_up(
        joined(activity, joined_on=TODAY() - datetime.timedelta(days=20)), due_on=TODAY(), link_sent=True
    )
    follow_up(
        joined(activity, joined_on=TODAY() - datetime.timedelta(days=20)),
        due_on=TODAY() + datetime.timedelta(days=7),
    )
    round_ = FundingRoundFactory(collective=CollectiveFactory(locality=activity.locality))
    FundingApplicationFactory(partner=activity.partner, round=round_, status=FundingApplication.Status.DRAFT)
    FundingApplicationFactory(
        partner=activity.partner,
        round=round_,
        status=FundingApplication.Status.APPROVED,
        decided_at=timezone.now() - datetime.timedelta(days=5),
    )
    FundingApplicationFactory(
        partner=activity.partner,
        round=round_,
        status=FundingApplication.Status.DECLINED,
        decided_at=timezone.now() - datetime.timedelta(days=60),
    )
    # Another partner's work, of every kind, counts for nothing here.
    elsewhere = make_activity(
        "Sing for your mind",
        sessions=[session(tomorrows_weekday(), "10:00", valid_from=datetime.date(2025, 1, 6))],
        locality="calderdale",
    )
    assert elsewhere.partner != activity.partner
    partners_work(elsewhere, count=3)

    shown = cards(account(client, contact))

    referrals = reverse("referrals:dashboard")
    assert shown == {
        "new-referrals": ("3 new referrals", f"{referrals}?status=sent"),
        "referrals-waiting-too-long": ("1 referral waiting too long", f"{referrals}?waiting=on"),
        "registers-to-fill": ("1 register to fill", reverse("attendance:activities")),
        "questionnaires-due": ("1 follow-up questionnaire due", reverse("participants:list")),
        "funding-drafts": ("1 funding application in draft", reverse("funding:dashboard")),
        "funding-decided": ("1 funding application decided recently", reverse("funding:dashboard")),
        "listings-to-look-at": ("No activities to look at", reverse("listings:index")),
    }


def test_a_partner_with_nothing_waiting_reads_so_in_plain_words(client, contact, activity):
    response = account(client, contact)

    assert [text for text, _ in cards(response).values()] == [
        "No new referrals",
        "No referrals waiting too long",
        "No registers to fill",
        "No follow-up questionnaires due",
        "No funding applications in draft",
        "No funding applications decided recently",
        "No activities to look at",
    ]
    assert "Dewsbury Arts Collective" in response.text


def test_registers_count_only_once_someone_had_joined_and_only_days_it_met(client, contact, activity):
    # Joined 10 days ago: the session 13 days ago had nobody to mark, the one 6 days ago did.
    joined(activity, joined_on=TODAY() - datetime.timedelta(days=10))

    assert cards(account(client, contact))["registers-to-fill"][0] == "1 register to fill"


def test_the_partner_dashboard_costs_the_same_with_5_and_with_50_of_each(client, contact, activity):
    client.force_login(contact)
    partners_work(activity, count=5)
    small = queries_for(client, reverse("account"))
    assert cards(small[2])["new-referrals"][0] == "5 new referrals"

    partners_work(activity, count=45)
    large = queries_for(client, reverse("account"))

    assert cards(large[2])["new-referrals"][0] == "50 new referrals"
    assert cards(large[2])["questionnaires-due"][0] == "50 follow-up questionnaires due"
    assert cards(large[2])["funding-drafts"][0] == "24 funding applications in draft"
    assert_same_count(small, large)


# -- a champion --------------------------------------------------------------------------------


@pytest.fixture
def champion(db):
    return ChampionProfileFactory().user


def test_a_champion_sees_their_referrals_by_state(client, champion, activity):
    for _ in range(2):
        sent(activity, champion=champion)
    ParticipantFactory(referral__activity=activity, referral__champion=champion)
    sent(activity, champion=ChampionProfileFactory().user)  # another champion's

    shown = cards(account(client, champion))

    referrals = reverse("referrals:dashboard")
    assert shown == {
        "referrals-sent": ("2 referrals waiting for a reply", f"{referrals}?status=sent"),
        "referrals-acknowledged": ("No referrals acknowledged", f"{referrals}?status=acknowledged"),
        "referrals-contacted": ("No people contacted by the group", f"{referrals}?status=contacted"),
        "referrals-joined": ("1 person who joined", f"{referrals}?status=joined"),
        "referrals-not_taken_up": ("No referrals not taken up", f"{referrals}?status=not_taken_up"),
        "referrals-withdrawn": ("No referrals withdrawn", f"{referrals}?status=withdrawn"),
    }


def test_the_champion_dashboard_costs_the_same_with_5_and_with_50(client, champion, activity):
    client.force_login(champion)
    for _ in range(5):
        sent(activity, champion=champion)
    small = queries_for(client, reverse("account"))
    for _ in range(45):
        sent(activity, champion=champion)
    large = queries_for(client, reverse("account"))

    assert cards(large[2])["referrals-sent"][0] == "50 referrals waiting for a reply"
    assert_same_count(small, large)


# -- a collective member -----------------------------------------------------------------------


def test_a_member_sees_how_many_applications_wait_for_their_vote(client, kirklees):
    membership = MembershipFactory(collective=CollectiveFactory(locality=kirklees))
    voting = FundingRoundFactory(collective=membership.collective)
    to_vote, voted, conflicted = (FundingApplicationFactory(round=voting) for _ in range(3))
    Vote.objects.create(application=voted, membership=membership, choice=Vote.Choice.SUPPORT)
    ConflictDeclaration.objects.create(membership=membership, application=conflicted, has_conflict=True)
    ConflictDeclaration.objects.create(membership=membership, application=to_vote, has_conflict=False)
    FundingApplicationFactory(round=voting, status=FundingApplication.Status.DRAFT)
    not_yet = FundingRoundFactory(
        collective=membership.collective,
        voting_opens=TODAY() + datetime.timedelta(days=3),
        voting_closes=TODAY() + datetime.timedelta(days=9),
        decision_due=TODAY() + datetime.timedelta(days=12),
    )
    FundingApplicationFactory(round=not_yet)
    FundingApplicationFactory(
        round=FundingRoundFactory(
            collective=CollectiveFactory(locality=Locality.objects.get(slug="calderdale"))
        )
    )

    shown = cards(account(client, membership.user))

    assert shown == {
        "applications-to-vote-on": ("1 application to vote on", reverse("collectives:dashboard"))
    }


def test_the_member_dashboard_costs_the_same_with_5_and_with_50(client, kirklees):
    membership = MembershipFactory(collective=CollectiveFactory(locality=kirklees))
    voting = FundingRoundFactory(collective=membership.collective)
    client.force_login(membership.user)
    FundingApplicationFactory.create_batch(5, round=voting)
    small = queries_for(client, reverse("account"))
    FundingApplicationFactory.create_batch(45, round=voting)
    large = queries_for(client, reverse("account"))

    assert cards(large[2])["applications-to-vote-on"][0] == "50 applications to vote on"
    assert_same_count(small, large)


# -- a coordinator -----------------------------------------------------------------------------


def test_a_coordinator_sees_the_referrals_waiting_too_long_in_their_area(
    client, kirklees, activity, make_activity
):
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    for _ in range(2):
        sent(activity, ago=LONG_AGO)
    escalated = sent(activity)
    Referral.objects.filter(pk=escalated.pk).update(escalated_at=timezone.now())
    sent(activity)  # sent just now: not waiting too long yet
    sent(make_activity("Elsewhere", locality="calderdale"), ago=LONG_AGO)

    shown = cards(account(client, coordinator))

    assert shown == {
        "area-referrals-waiting-too-long": (
            "3 referrals waiting too long in your area",
            f"{reverse('referrals:dashboard')}?waiting=on",
        )
    }


def test_the_coordinator_dashboard_costs_the_same_with_5_and_with_50(client, kirklees, activity):
    coordinator = UserFactory()
    CollectiveFactory(locality=kirklees).coordinators.add(coordinator)
    client.force_login(coordinator)
    for _ in range(5):
        sent(activity, ago=LONG_AGO)
    small = queries_for(client, reverse("account"))
    for _ in range(45):
        sent(activity, ago=LONG_AGO)
    large = queries_for(client, reverse("account"))

    assert (
        cards(large[2])["area-referrals-waiting-too-long"][0] == "50 referrals waiting too long in your area"
    )
    assert_same_count(small, large)


# -- someone with no role yet ------------------------------------------------------------------


def test_someone_with_no_role_sees_no_counts_and_how_to_reach_us(client):
    response = account(client, UserFactory())

    assert cards(response) == {}
    assert "Your account is not linked to a partner or a collective yet" in response.text
    assert not re.search(
        r"referral|register|questionnaire",
        BeautifulSoup(response.content, "html.parser").main.get_text(),
        re.I,
    )
