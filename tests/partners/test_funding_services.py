"""Decisions, money and email: record_decision's rules, the sequential budget check, the fast track,
the decision email, time to decision and the public list of funded projects."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partners import services
from partners.factories import (
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    UserFactory,
)
from partners.models import (
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    InKindItem,
    LedgerEntry,
    PartnerPage,
)
from partners.selectors import median_days_to_decision_by_locality, partner_records
from tests.partners.builders import EARLY_REASON, REASONS, approve, declare, log_entries, votes


def committed(funding_round) -> Decimal:
    return FundingRound.objects.get(pk=funding_round.pk).committed


# -- the vote rules ---------------------------------------------------------------------------------


def test_an_approval_that_meets_the_rules_commits_money_and_records_the_tally(application, members, chair):
    votes(members, application, "SSSO")  # 4 of 5 voted, 3 of 4 support
    decision = approve(application, chair, "800.00")

    assert (decision.outcome, decision.route, decision.amount) == ("approved", "meeting", Decimal("800.00"))
    assert (decision.eligible_members, decision.support, decision.oppose, decision.abstain) == (5, 3, 1, 0)
    assert decision.quorum_met and decision.threshold_met
    assert decision.override_reason == ""
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == ("approved", Decimal("800.00"))
    assert application.decided_at == decision.decided_at
    assert committed(application.round) == Decimal("800.00")
    entry = LedgerEntry.objects.get()
    assert (entry.decision, entry.amount, entry.balance_after) == (
        decision,
        Decimal("800.00"),
        Decimal("9200.00"),
    )
    assert log_entries("partners.decision_recorded", decision).get().data["outcome"] == "approved"
    assert not log_entries("partners.vote_overridden").exists()


@pytest.mark.parametrize(
    ("choices", "quorum_met", "threshold_met"),
    [
        ("SS", False, True),  # 2 of 5 voted: no quorum
        ("SOOA", True, False),  # quorum, but 1 of 3 support
        ("", False, False),  # nobody voted
    ],
)
def test_an_approval_against_the_rules_needs_an_override_reason(
    application, members, chair, choices, quorum_met, threshold_met
):
    votes(members, application, choices)
    with pytest.raises(services.FundingError, match="Reason for overriding the vote"):
        approve(application, chair)
    with pytest.raises(services.FundingError, match="Reason for overriding the vote"):
        approve(application, chair, override_reason="   ")
    assert not Decision.objects.exists()
    assert committed(application.round) == 0
    application.refresh_from_db()
    assert application.status == "submitted"

    decision = approve(application, chair, override_reason="The trust asked us to fund it urgently.")
    assert (decision.quorum_met, decision.threshold_met) == (quorum_met, threshold_met)
    assert decision.override_reason == "The trust asked us to fund it urgently."
    assert decision.support == choices.count("S") and decision.oppose == choices.count("O")
    overridden = log_entries("partners.vote_overridden", decision).get()
    assert overridden.data == {"reason": "The trust asked us to fund it urgently."}
    assert overridden.user == chair.user
    assert committed(application.round) == application.requested_amount


def test_declining_or_deferring_against_the_vote_needs_no_override(application, members, chair):
    votes(members, application, "SSSSS")
    decision = services.record_decision(
        application=application,
        user=chair.user,
        outcome="declined",
        reasons="No room",
        early_reason=EARLY_REASON,
    )
    assert (decision.outcome, decision.quorum_met, decision.threshold_met) == ("declined", True, True)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1000.01", "cannot be more than the £1,000 asked for"),
        ("5000", "cannot be more than the £1,000 asked for"),
        ("0", "Enter the amount to award"),
        ("-5", "Enter the amount to award"),
        (None, "Enter the amount to award"),
    ],
)
def test_the_award_must_be_between_nothing_and_the_amount_asked_for(
    application, members, chair, amount, message
):
    votes(members, application, "SSS")
    with pytest.raises(services.FundingError, match=message):
        services.record_decision(
            application=application,
            user=chair.user,
            outcome="approved",
            amount=None if amount is None else Decimal(amount),
            reasons=REASONS,
            early_reason=EARLY_REASON,
        )
    assert not Decision.objects.exists() and committed(application.round) == 0


def test_the_reasons_are_required(application, chair):
    with pytest.raises(services.FundingError, match="Give the reasons"):
        services.record_decision(
            application=application,
            user=chair.user,
            outcome="declined",
            reasons="  \n",
            early_reason=EARLY_REASON,
        )


@pytest.mark.parametrize("outcome", ["declined", "deferred"])
def test_declining_or_deferring_commits_no_money(application, members, chair, outcome):
    votes(members, application, "SSSS")
    decision = services.record_decision(
        application=application,
        user=chair.user,
        outcome=outcome,
        amount=Decimal("900"),
        reasons="Not this time.",
        early_reason=EARLY_REASON,
    )
    assert decision.amount is None
    assert committed(application.round) == 0
    assert not LedgerEntry.objects.exists()
    application.refresh_from_db()
    assert application.status == outcome
    assert application.awarded_amount is None
    assert (application.decided_at is None) is (outcome == "deferred")


def test_a_deferred_application_can_be_decided_later_but_a_decided_one_cannot(application, members, chair):
    services.record_decision(
        application=application,
        user=chair.user,
        outcome="deferred",
        reasons="Need costs.",
        early_reason=EARLY_REASON,
    )
    votes(members, application, "SSS")
    approve(application, chair)
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.decisions.count() == 2
    with pytest.raises(services.FundingError, match="already been recorded"):
        services.record_decision(
            application=application,
            user=chair.user,
            outcome="declined",
            reasons="Changed",
            early_reason=EARLY_REASON,
        )
    assert application.decisions.count() == 2


# -- the budget, one approval after another -----------------------------------------------------------


def test_sequential_approvals_cannot_overspend_the_budget(kirklees, members, chair):
    funding_round = FundingRoundFactory(
        collective=kirklees, budget=Decimal("10000"), maximum_award=Decimal("3000")
    )
    applications = [
        FundingApplicationFactory(
            round=funding_round,
            requested_amount=Decimal("3000"),
            cash_contribution=Decimal("1500"),
            total_cost=Decimal("4500"),
        )
        for _ in range(4)
    ]
    for application in applications:
        votes(members, application, "SSS")
    for application in applications[:3]:
        approve(application, chair)
    assert committed(funding_round) == Decimal("9000")

    with pytest.raises(services.FundingError) as refused:
        approve(applications[3], chair)
    assert str(refused.value) == (
        "Only £1,000 is left in Winter 2026. Award less, or decline or defer the application."
    )
    applications[3].refresh_from_db()
    assert applications[3].status == "submitted"
    assert not applications[3].decisions.exists()
    assert committed(funding_round) == Decimal("9000")

    approve(applications[3], chair, "1000.00")  # awarding what is left is fine
    funding_round.refresh_from_db()
    assert (funding_round.committed, funding_round.remaining) == (Decimal("10000"), Decimal("0"))
    ledger = list(LedgerEntry.objects.filter(round=funding_round))
    assert [entry.balance_after for entry in ledger] == [Decimal(n) for n in ("7000", "4000", "1000", "0")]
    assert sum(entry.amount for entry in ledger) == funding_round.committed


def test_the_chair_sees_the_refusal_on_the_decide_page(client, kirklees, members, chair):
    funding_round = FundingRoundFactory(
        collective=kirklees, budget=Decimal("1500"), maximum_award=Decimal("1500")
    )
    first, second = (FundingApplicationFactory(round=funding_round) for _ in range(2))
    for application in (first, second):
        votes(members, application, "SSS")
    approve(first, chair)
    client.force_login(chair.user)
    url = reverse("collectives:decide", kwargs={"public_id": second.public_id})
    response = client.post(
        url, {"outcome": "approved", "amount": "1000", "route": "meeting", "reasons": "Good"}
    )
    assert response.status_code == 200
    assert "Only £500 is left in Winter 2026" in response.text
    assert committed(funding_round) == Decimal("1000")


@pytest.mark.parametrize("value", ["budget+1", "negative"])
def test_the_database_refuses_a_committed_total_outside_the_budget(funding_round, value):
    """The safety net under the row lock: a CHECK constraint, on SQLite and PostgreSQL alike."""
    new = funding_round.budget + Decimal("0.01") if value == "budget+1" else Decimal("-0.01")
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRound.objects.filter(pk=funding_round.pk).update(committed=new)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRound.objects.filter(pk=funding_round.pk).update(committed=funding_round.budget + 1)
    FundingRound.objects.filter(pk=funding_round.pk).update(
        committed=funding_round.budget
    )  # the edge is fine
    assert committed(funding_round) == funding_round.budget


# -- the fast track ---------------------------------------------------------------------------------


@pytest.fixture
def ten(kirklees):
    return [MembershipFactory(collective=kirklees, is_chair=index == 0) for index in range(10)]


@pytest.fixture
def preferred_application(kirklees):
    application = FundingApplicationFactory(round=FundingRoundFactory(collective=kirklees))
    PartnerPage.objects.filter(pk=application.partner_id).update(
        agreement_status=PartnerPage.AgreementStatus.IN_FORCE
    )
    application.partner.refresh_from_db()
    return application


def fast_track(application, chair):
    return approve(application, chair, route=Decision.Route.FAST_TRACK)


def test_the_fast_track_approves_a_preferred_supplier_with_the_chair_and_two_members(
    preferred_application, ten
):
    votes(ten, preferred_application, "SSS")  # chair and two others; 3 of 10 is no quorum
    decision = fast_track(preferred_application, ten[0])
    assert decision.route == "fast_track"
    assert not decision.quorum_met and decision.override_reason == ""
    assert log_entries("partners.decision_recorded", decision).get().data["route"] == "fast_track"
    assert committed(preferred_application.round) == preferred_application.requested_amount


@pytest.mark.parametrize(
    "status",
    [
        PartnerPage.AgreementStatus.NONE,
        PartnerPage.AgreementStatus.NEGOTIATING,
        PartnerPage.AgreementStatus.ENDED,
    ],
)
def test_no_fast_track_without_an_agreement_in_force(preferred_application, ten, status):
    PartnerPage.objects.filter(pk=preferred_application.partner_id).update(agreement_status=status)
    votes(ten, preferred_application, "SSSSSSSS")
    with pytest.raises(
        services.FundingError, match="only for partners with a partnership agreement in force"
    ):
        fast_track(preferred_application, ten[0])
    assert not Decision.objects.exists()


def test_no_fast_track_when_the_agreement_has_ended_by_date(preferred_application, ten):
    PartnerPage.objects.filter(pk=preferred_application.partner_id).update(
        agreement_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    votes(ten, preferred_application, "SSS")
    with pytest.raises(services.FundingError, match="fast track"):
        fast_track(preferred_application, ten[0])


@pytest.mark.parametrize(
    "who",
    [
        "chair and one other",
        "three members without the chair",
        "chair, one other and one conflicted",
    ],
)
def test_no_fast_track_without_the_chair_and_two_other_supporters(preferred_application, ten, who):
    chair = ten[0]
    if who == "chair and one other":
        votes(ten, preferred_application, "SSOO")
    elif who == "three members without the chair":
        votes(ten, preferred_application, "OSSS")
    else:
        votes(ten, preferred_application, "SS")
        # A member who voted and whose conflict the chair then recorded.
        votes(ten[2:], preferred_application, "S")
        ConflictDeclaration.objects.filter(membership=ten[2], application=preferred_application).update(
            has_conflict=True
        )
    with pytest.raises(services.FundingError, match="needs support from the chair and two other members"):
        fast_track(preferred_application, chair)
    assert not Decision.objects.exists()


def test_a_conflict_on_another_application_does_not_stop_a_supporter_counting(preferred_application, ten):
    other = FundingApplicationFactory(round=preferred_application.round)
    declare(ten[2], other, conflict=True, reason="I volunteer there")
    votes(ten, preferred_application, "SSS")
    assert fast_track(preferred_application, ten[0]).route == "fast_track"


def test_the_decide_page_offers_the_fast_track_to_preferred_suppliers_only(
    client, preferred_application, ten, application
):
    client.force_login(ten[0].user)
    preferred = client.get(
        reverse("collectives:decide", kwargs={"public_id": preferred_application.public_id})
    )
    assert 'value="fast_track"' in preferred.text
    ordinary = client.get(reverse("collectives:decide", kwargs={"public_id": application.public_id}))
    assert 'value="fast_track"' not in ordinary.text
    assert 'name="route"' not in ordinary.text  # decided at a meeting: nothing to choose


# -- the decision email -----------------------------------------------------------------------------


def test_the_decision_email_goes_to_the_partner_contacts(
    application, members, chair, django_capture_on_commit_callbacks
):
    contacts = [
        PartnerContactFactory(partner=application.partner, user=UserFactory(email=f"c{n}@p.example"))
        for n in range(2)
    ]
    PartnerContactFactory(user=UserFactory(email="someone@else.example"))  # another partner's contact
    votes(members, application, "SSS")
    with django_capture_on_commit_callbacks(execute=True):
        approve(application, chair, "750.00", reasons="A clear plan.\nGood links with the trust.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([c.user.email for c in contacts] + [application.created_by.email])
    assert "someone@else.example" not in message.to
    assert message.subject == f"Decision on your application: {application.title}"
    assert "Decision: Approved. You have been awarded £750." in message.body
    assert "A clear plan.\nGood links with the trust." in message.body
    assert application.round.collective.name in message.body
    assert "/funding/" in message.body


@pytest.mark.urls("tests.moved_funding_urls")
def test_the_decision_email_links_to_the_funding_pages_wherever_they_are(
    settings, application, members, chair, contact, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://creativeminds.example.org/"
    votes(members, application, "SSS")
    with django_capture_on_commit_callbacks(execute=True):
        approve(application, chair, "750.00")

    body = mail.outbox[-1].body
    assert "You can see your applications at https://creativeminds.example.org/match-funding/\n" in body
    assert "/funding/" not in body


def test_a_decline_email_gives_the_reasons(application, chair, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_decision(
            application=application,
            user=chair.user,
            outcome="declined",
            reasons="Too close to another project.",
            early_reason=EARLY_REASON,
        )
    (message,) = mail.outbox
    assert contact.user.email in message.to
    assert "Not approved this time." in message.body
    assert "Too close to another project." in message.body
    assert "awarded" not in message.body


def test_no_email_when_the_decision_is_refused(
    application, chair, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.FundingError):
        approve(application, chair)  # nobody voted, no override
    assert mail.outbox == []


# -- time to decision --------------------------------------------------------------------------------


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


def test_days_to_decision():
    application = FundingApplication(submitted_at=at(datetime.date(2026, 3, 1)))
    assert application.days_to_decision is None
    application.decided_at = at(datetime.date(2026, 3, 11), hour=21)
    assert application.days_to_decision == 10.5
    application.decided_at = at(datetime.date(2026, 3, 1), hour=11)
    assert application.days_to_decision == 0.1  # two hours
    assert FundingApplication(decided_at=at(datetime.date(2026, 3, 1))).days_to_decision is None


def test_median_days_to_decision_by_locality(funding_round, wakefield):
    wakefield_round = FundingRoundFactory(collective=wakefield)
    sent = datetime.date(2026, 1, 5)

    def decided(funding_round, days, status="approved", decided=True):
        return FundingApplicationFactory(
            round=funding_round,
            status=status,
            submitted_at=at(sent),
            decided_at=at(sent) + datetime.timedelta(days=days) if decided else None,
        )

    for days in (2, 9, 4):
        decided(funding_round, days)
    decided(funding_round, 30, status="submitted", decided=False)  # not decided yet: left out
    decided(wakefield_round, 1, status="declined")
    decided(wakefield_round, 2.5)

    assert median_days_to_decision_by_locality() == [
        {"locality": "Kirklees", "decisions": 3, "median_days": 4.0},
        {"locality": "Wakefield", "decisions": 2, "median_days": 1.8},  # 1.75 rounds to even
    ]


def test_median_days_by_locality_with_no_decisions(db):
    assert median_days_to_decision_by_locality() == []


def test_partner_records_list_previous_decisions(application, funding_round):
    earlier = FundingApplicationFactory(
        round=funding_round,
        partner=application.partner,
        status="approved",
        awarded_amount=Decimal("500"),
        submitted_at=at(datetime.date(2025, 5, 1)),
        decided_at=at(datetime.date(2025, 5, 8)),
    )
    FundingApplicationFactory(
        round=funding_round, status="approved", decided_at=at(datetime.date(2025, 5, 8))
    )
    records = partner_records([application.partner_id])
    assert records == {application.partner_id: [earlier]}
    assert records[application.partner_id][0].days_to_decision == 7.0


# -- the public list of funded projects ------------------------------------------------------------------


def test_funded_projects_lists_approved_projects_with_award_and_match(client, application, members, chair):
    InKindItem.objects.create(application=application, description="Use of our hall", value=Decimal("250"))
    declined = FundingApplicationFactory(round=application.round, title="A declined project")
    waiting = FundingApplicationFactory(round=application.round, title="A waiting project")
    draft = FundingApplicationFactory(round=application.round, title="A draft project", status="draft")
    votes(members, application, "SSS")
    approve(application, chair, "900.00")
    services.record_decision(
        application=declined, user=chair.user, outcome="declined", reasons="No", early_reason=EARLY_REASON
    )

    response = client.get(reverse("funded_projects"))
    assert response.status_code == 200
    assert [project.pk for project in response.context["projects"]] == [application.pk]
    row = response.text.split(application.title, 1)[1].split("</tr>", 1)[0]
    assert escape(application.partner.title) in row  # a title may hold an apostrophe
    assert "Kirklees" in row
    assert "</span>£900</td>" in row  # the award
    assert "</span>£750</td>" in row  # £500 cash and £250 in kind
    assert "1 project, £900 awarded in total" in response.text
    for other in (declined, waiting, draft):
        assert other.title not in response.text


def test_funded_projects_when_there_are_none(client, db):
    response = client.get(reverse("funded_projects"))
    assert response.status_code == 200
    assert "No projects have been funded yet." in response.text
