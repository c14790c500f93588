"""Demo collectives, funding rounds in every phase, applications, votes and decisions (seed_demo)."""

import datetime
from decimal import Decimal

import factory.random
from django.utils import timezone

from partners import services
from partners.factories import FundingApplicationFactory, FundingRoundFactory, MembershipFactory, UserFactory
from partners.models import (
    Collective,
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    JoinRequest,
    Membership,
    PartnerContact,
    PartnerPage,
    Vote,
)
from partners.selectors import tally_for

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the local demo only
MEMBERS_PER_COLLECTIVE = 7
ROLES = list(Membership.Role.values)

# (name, phase) → days from today for (applications_open, voting_opens, voting_closes, decision_due)
ROUND_PLANS = [
    ("Spring 2026", "closed", (-240, -210, -200, -190)),
    ("Winter 2026", "voting", (-21, -3, 7, 14)),
]
KIRKLEES_EXTRA = [
    ("Summer 2027", "upcoming", (30, 60, 70, 80)),
    ("New Year 2027", "applications", (-5, 10, 20, 30)),
    ("Autumn 2026", "deciding", (-60, -30, -2, 12)),
]

# Four projects a round, each round its own: a partner sending the same project title to every
# round made one application look listed twice on members' pages.
PROJECT_NAMES = [
    "open doors",
    "new members",
    "out and about",
    "making together",
    "photo walks",
    "songs for the road",
    "garden makeover",
    "first steps dance",
    "summer sketchbooks",
    "clay and conversation",
    "winter warmers",
    "poetry aloud",
    "community mural",
    "stitch and share",
    "drumming circle",
    "film nights",
    "kitchen table cooking",
    "nature journals",
    "open mic",
    "cycle club",
]
PROJECTS_PER_ROUND = 4

DEMO_LOGINS = [
    ("member", "Kirklees collective member: /collectives/"),
    ("chair", "Kirklees collective chair: /collectives/ (records decisions)"),
    ("partner", "Partner contact for a Kirklees partner: /funding/"),
]


def seed_funding(*, seed: str, category=None) -> list[tuple[str, str, str]]:
    """Create (once) the demo funding world; returns the demo logins as (username, password, what).

    `category` is the type of activity every demo application is for: a category, which the caller
    passes because partners imports nothing of activities."""
    factory.random.reseed_random(f"{seed}-funding")
    today = timezone.localdate()
    for collective in Collective.objects.select_related("locality").order_by("locality__name"):
        members = _members(collective)
        plans = ROUND_PLANS + (KIRKLEES_EXTRA if collective.locality.slug == "kirklees" else [])
        for number, (name, phase, offsets) in enumerate(plans):
            if FundingRound.objects.filter(collective=collective, name=name).exists():
                continue
            dates = [today + datetime.timedelta(days=d) for d in offsets]
            funding_round = FundingRoundFactory(
                collective=collective,
                name=name,
                financial_year="2025-26" if phase == "closed" else "2026-27",
                applications_open=dates[0],
                voting_opens=dates[1],
                voting_closes=dates[2],
                decision_due=dates[3],
            )
            names = PROJECT_NAMES[number * PROJECTS_PER_ROUND : (number + 1) * PROJECTS_PER_ROUND]
            _applications(funding_round, phase, members, category, names)
    _partner_login()
    _join_requests()
    return [(username, DEMO_PASSWORD, what) for username, what in DEMO_LOGINS]


def _members(collective) -> list[Membership]:
    existing = list(collective.memberships.select_related("user").order_by("pk"))
    if existing:
        return existing
    slug = collective.locality.slug
    members = []
    for number in range(MEMBERS_PER_COLLECTIVE):
        username = f"{slug}-member-{number}"
        if slug == "kirklees" and number in (0, 1):
            username = "chair" if number == 0 else "member"
        user = UserFactory(username=username, password=DEMO_PASSWORD)
        members.append(
            MembershipFactory(
                collective=collective, user=user, role=ROLES[number % len(ROLES)], is_chair=number == 0
            )
        )
    return members


def _partners(collective, count) -> list[PartnerPage]:
    return list(PartnerPage.objects.filter(localities=collective.locality).order_by("slug")[:count])


def _applications(funding_round, phase, members, category, names) -> None:
    if phase == "upcoming":
        return
    partners = _partners(funding_round.collective, PROJECTS_PER_ROUND)
    opened = datetime.datetime.combine(
        funding_round.applications_open, datetime.time(10), timezone.get_current_timezone()
    )
    for index, partner in enumerate(partners):
        requested = Decimal(1000 + 500 * index)
        application = FundingApplicationFactory(
            round=funding_round,
            partner=partner,
            category=category,
            title=f"{partner.title}: {names[index]}",
            requested_amount=requested,
            cash_contribution=requested / 2,
            total_cost=requested * Decimal("1.5"),
            status=FundingApplication.Status.DRAFT
            if phase == "applications" and index == 0
            else FundingApplication.Status.SUBMITTED,
            submitted_at=opened + datetime.timedelta(days=2 + index),
        )
        if application.status == FundingApplication.Status.DRAFT:
            application.submitted_at = None
            application.save(update_fields=["submitted_at"])
            continue
        if phase in ("voting", "deciding", "closed"):
            _votes(application, members, leave_out=1 if phase == "voting" else 0, index=index)
        if phase == "closed":
            _decide(application, members[0], index)


def _votes(application, members, *, leave_out, index) -> None:
    choices = [Vote.Choice.SUPPORT, Vote.Choice.SUPPORT, Vote.Choice.OPPOSE, Vote.Choice.ABSTAIN]
    # The demo "member" login (second member) is left to vote in the open round.
    voters = [m for position, m in enumerate(members) if not (leave_out and position == 1)]
    for position, membership in enumerate(voters):
        ConflictDeclaration.objects.get_or_create(
            membership=membership, application=application, defaults={"has_conflict": False}
        )
        Vote.objects.get_or_create(
            membership=membership,
            application=application,
            defaults={"choice": choices[(position + index) % len(choices)]},
        )


def _decide(application, chair, index) -> None:
    outcome = Decision.Outcome.APPROVED if index != 3 else Decision.Outcome.DECLINED
    decision = services.record_decision(
        application=application,
        user=chair.user,
        outcome=outcome,
        amount=application.requested_amount if outcome == Decision.Outcome.APPROVED else None,
        reasons="Members liked the clear plan and the number of people it will reach."
        if outcome == Decision.Outcome.APPROVED
        else "Members felt the project was too close to one already funded in the area.",
        override_reason=_override_if_needed(application, outcome),
    )
    decided_at = application.submitted_at + datetime.timedelta(days=3 + 2 * index)
    Decision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
    FundingApplication.objects.filter(pk=application.pk).update(decided_at=decided_at)


def _partner_login() -> None:
    if PartnerContact.objects.filter(user__username="partner").exists():
        return
    partners = PartnerPage.objects.order_by("slug")
    partner = partners.filter(localities__slug="kirklees").first() or partners.first()
    if partner is None:
        return
    user = UserFactory(username="partner", first_name="Pat", last_name="Partner", password=DEMO_PASSWORD)
    PartnerContact.objects.create(user=user, partner=partner, job_title="Project coordinator")


def _join_requests() -> None:
    kirklees = Collective.objects.get(locality__slug="kirklees")
    if kirklees.join_requests.exists():
        return
    JoinRequest.objects.create(
        collective=kirklees,
        name="Sam Taylor",
        email="sam.taylor@example.org",
        role=Membership.Role.CARER,
        why="I care for my dad and the walking group made a big difference to both of us.",
    )


def _override_if_needed(application, outcome) -> str:
    tally = tally_for(application)
    if outcome != Decision.Outcome.APPROVED or (tally.quorum_met and tally.threshold_met):
        return ""
    return "Agreed at the collective's meeting, where more members were present."
