"""/collectives/ for a member: each open (or recently closed) round as a section with its budget
left and voting dates, its applications beneath it, each with its state for this member, and the
partner's record and the quorum said in plain words. Its queries do not grow with the applications."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from activities.factories import ActivityPageFactory
from partners import demo, services
from partners.factories import FundingApplicationFactory, FundingRoundFactory, PartnerPageFactory
from partners.models import ConflictDeclaration, FundingApplication, Locality, Vote
from partners.selectors import RECENTLY_CLOSED_DAYS
from tests.partners.builders import REASONS, approve, declare, vote, votes
from tests.partners.test_partner_outcomes import joined
from tests.query_counting import assert_same_count, queries_for

DASHBOARD = reverse("collectives:dashboard")


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def closed_round(collective, name, *, ended_days_ago: int):
    """A round whose decisions were due `ended_days_ago` days ago."""
    due = days(-ended_days_ago)
    return FundingRoundFactory(
        collective=collective,
        name=name,
        applications_open=due - datetime.timedelta(days=40),
        voting_opens=due - datetime.timedelta(days=20),
        voting_closes=due - datetime.timedelta(days=10),
        decision_due=due,
    )


def sections(response) -> dict[str, dict]:
    """{round heading: {"summary": {key: value}, "applications": {title: state}}}, in page order."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for section in soup.select("section.cm-round"):
        found[section.h2.get_text(strip=True)] = {
            "summary": {
                row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
                for row in section.select(".nhsuk-summary-list__row")
            },
            "applications": {
                card.select_one(".nhsuk-card__heading").get_text(strip=True): card.select_one(
                    ".cm-application-state"
                ).get_text(strip=True)
                for card in section.select(".nhsuk-card")
            },
            "text": section.get_text(" ", strip=True),
        }
    return found


def test_each_round_is_a_section_with_its_budget_dates_and_applications(client, funding_round, members):
    FundingApplicationFactory(round=funding_round, title="Singing for all")
    approve(
        FundingApplicationFactory(round=funding_round, requested_amount=Decimal("2500")),
        members[0],
        early_reason="Agreed at the meeting.",
        override_reason="Agreed at the meeting.",
    )
    funding_round.refresh_from_db()
    client.force_login(members[1].user)

    page = sections(client.get(DASHBOARD))

    section = page["Kirklees: Winter 2026"]
    assert section["summary"]["Budget left"] == "£7,500 of £10,000"
    assert section["summary"]["Voting"] == (
        f"{funding_round.voting_opens:%-d %B} to {funding_round.voting_closes:%-d %B %Y}"
    )
    assert "Singing for all" in section["applications"]
    soup = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
    assert not soup.select("#open-applications"), "no flat list of applications without their round"


def test_each_application_shows_where_it_stands_for_this_member(client, funding_round, members):
    member, chair = members[1], members[0]
    to_vote = FundingApplicationFactory(round=funding_round, title="To vote on")
    voted = FundingApplicationFactory(round=funding_round, title="Voted on")
    vote(member, voted)
    conflicted = FundingApplicationFactory(round=funding_round, title="Conflicted")
    declare(member, conflicted, conflict=True, reason="My sister runs it")
    approved = FundingApplicationFactory(
        round=funding_round,
        title="Approved",
        requested_amount=Decimal("2000"),
        total_cost=Decimal("3000"),
        cash_contribution=Decimal("1000"),
    )
    approve(approved, chair, early_reason="Agreed at the meeting.", override_reason="Agreed at the meeting.")
    declined = FundingApplicationFactory(round=funding_round, title="Declined")
    deferred = FundingApplicationFactory(round=funding_round, title="Deferred")
    for application, outcome in ((declined, "declined"), (deferred, "deferred")):
        services.record_decision(
            application=application,
            user=chair.user,
            outcome=outcome,
            reasons=REASONS,
            early_reason="Agreed at the meeting.",
        )
    client.force_login(member.user)

    states = sections(client.get(DASHBOARD))["Kirklees: Winter 2026"]["applications"]

    assert states == {
        to_vote.title: "To vote",
        voted.title: f"You voted (change your vote until {funding_round.voting_closes:%-d %B})",
        conflicted.title: "You declared a conflict",
        approved.title: "Decided: approved £2,000",
        declined.title: "Decided: declined",
        deferred.title: "Decided: deferred to a later meeting",
    }


def test_one_project_sent_to_two_rounds_appears_once_under_each_round(client, kirklees, members):
    """The same partner's project, sent to two rounds, is two applications: each is listed once,
    under its own round, so "voted" and "not voted" are not the same application twice."""
    member = members[1]
    earlier = FundingRoundFactory(
        collective=kirklees,
        name="Autumn 2026",
        voting_opens=days(-9),
        voting_closes=days(-1),
        decision_due=days(6),
    )
    later = FundingRoundFactory(collective=kirklees, name="Winter 2026")
    partner = PartnerPageFactory(home=kirklees.locality)
    in_autumn = FundingApplicationFactory(round=earlier, partner=partner, title="Open doors")
    FundingApplicationFactory(round=later, partner=partner, title="Open doors")
    # The member voted on the autumn one while its voting was open (it closed yesterday).
    ConflictDeclaration.objects.create(membership=member, application=in_autumn, has_conflict=False)
    Vote.objects.create(membership=member, application=in_autumn, choice=Vote.Choice.SUPPORT)
    client.force_login(member.user)

    response = client.get(DASHBOARD)
    page = sections(response)

    assert list(page) == ["Kirklees: Winter 2026", "Kirklees: Autumn 2026"]  # voting now, then deciding
    assert page["Kirklees: Autumn 2026"]["applications"] == {"Open doors": "You voted"}
    assert page["Kirklees: Winter 2026"]["applications"] == {"Open doors": "To vote"}
    assert (
        response.text.count(f'href="{reverse("collectives:application", args=[in_autumn.public_id])}"') == 1
    )


def test_recently_closed_rounds_are_shown_and_older_ones_are_not(client, kirklees, members):
    recent = closed_round(kirklees, "Summer 2026", ended_days_ago=RECENTLY_CLOSED_DAYS - 1)
    old = closed_round(kirklees, "Spring 2026", ended_days_ago=RECENTLY_CLOSED_DAYS + 1)
    for funding_round in (recent, old):
        FundingApplication.objects.filter(
            pk=FundingApplicationFactory(round=funding_round, title=f"{funding_round.name} project").pk
        ).update(status="approved", awarded_amount=Decimal("750"), decided_at=timezone.now())
    client.force_login(members[1].user)

    page = sections(client.get(DASHBOARD))

    assert "Kirklees: Summer 2026" in page and "Kirklees: Spring 2026" not in page
    assert page["Kirklees: Summer 2026"]["applications"] == {"Summer 2026 project": "Decided: approved £750"}
    assert "Closed" in page["Kirklees: Summer 2026"]["text"]


def test_the_quorum_is_said_plainly(client, funding_round, members, application):
    client.force_login(members[1].user)
    votes(members[2:4], application, "SO")

    text = sections(client.get(DASHBOARD))["Kirklees: Winter 2026"]["text"]
    # Five members at 50%: three votes make the quorum.
    assert "2 of 5 members have voted. Not enough votes yet to decide (quorum is 3)." in text

    vote(members[4], application)
    text = sections(client.get(DASHBOARD))["Kirklees: Winter 2026"]["text"]
    assert "3 of 5 members have voted. Enough votes to decide (quorum is 3)." in text


def test_small_partner_figures_are_said_plainly_not_fewer_than_8_of_fewer_than_8(
    client, application, members
):
    joined(ActivityPageFactory(partner=application.partner), 3, sessions=1)
    client.force_login(members[1].user)

    for url in (DASHBOARD, reverse("collectives:application", args=[application.public_id])):
        text = BeautifulSoup(client.get(url).content, "html.parser").get_text(" ", strip=True)
        assert "fewer than 8 of fewer than 8" not in text
        assert "by fewer than 8 people" not in text
        assert "Referrals taken up: Fewer than 8 referrals so far" in text or (
            "Referrals taken up Fewer than 8 referrals so far" in text
        )
        assert "Fewer than 8 session visits so far" in text


def add_applications(funding_round, members, count):
    """`count` applications, each from its own partner, in every state a member can see."""
    chair, member = members[0], members[1]
    for index in range(count):
        application = FundingApplicationFactory(round=funding_round, title=f"Project {index}")
        kind = index % 4
        if kind == 1:
            vote(member, application)
        elif kind == 2:
            declare(member, application, conflict=True, reason="Friend")
        elif kind == 3:
            votes(members[2:5], application, "SSS")  # quorum and support met
            approve(application, chair, "100", early_reason="At the meeting")


@pytest.mark.parametrize("who", ["member", "chair"])
def test_the_page_makes_the_same_queries_for_5_and_50_applications(client, kirklees, members, who):
    open_round = FundingRoundFactory(collective=kirklees, budget=Decimal("100000"))
    recent = closed_round(kirklees, "Summer 2026", ended_days_ago=5)
    client.force_login(members[1 if who == "member" else 0].user)
    add_applications(open_round, members, 5)
    FundingApplicationFactory(round=recent, status="declined")
    small = queries_for(client, DASHBOARD)
    assert sum(len(s.applications) for s in small[2].context["rounds"]) == 6

    add_applications(open_round, members, 45)
    for _ in range(3):
        FundingApplicationFactory(round=recent, status="declined")
    large = queries_for(client, DASHBOARD)
    assert sum(len(s.applications) for s in large[2].context["rounds"]) == 54

    assert_same_count(small, large)


def test_the_demo_sends_each_partner_project_to_one_round_only(db):
    """The demo once sent every partner's same project title to every round, which is what made one
    application look listed twice on the members' page."""
    kirklees = Locality.objects.get(slug="kirklees")
    for _ in range(4):
        PartnerPageFactory(home=kirklees)

    demo.seed_funding(seed="test")

    titles = list(
        FundingApplication.objects.filter(round__collective__locality=kirklees).values_list(
            "title", flat=True
        )
    )
    assert len(titles) > 4
    assert len(titles) == len(set(titles))
