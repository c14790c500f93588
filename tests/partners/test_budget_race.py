"""Concurrent approvals against one round's budget, on PostgreSQL (SQLite has no row locks).

Eight approvals of £3,000 each race for a £10,000 budget: exactly three can be paid. Each thread
has its own database connection and all are released together by a barrier; record_decision is
slowed a little while it holds its locks, so the others are surely waiting on them. The locks make
them queue (the application's SELECT ... FOR UPDATE joins, and so also locks, its round; the round is
then locked again explicitly). Without the locks every thread reads £10,000 left, and the CHECK
constraint fails the overspending ones with IntegrityError instead of the FundingError the chair
should see: checked by hand, both tests here then fail.
"""

import time
from decimal import Decimal

import pytest
from django.core import mail

from partners import selectors, services
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
)
from partners.models import Decision, FundingApplication, FundingRound, LedgerEntry, Locality
from tests.concurrency import race
from tests.partners.builders import EARLY_REASON, REASONS, votes

pytestmark = [
    pytest.mark.postgres,
    # The threads must see the data, so it is committed; the serialized rollback brings back
    # the migrations' rows (localities, collectives, the page tree) that the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8
AWARD = Decimal("3000.00")
BUDGET = Decimal("10000.00")


@pytest.fixture
def contested(require_postgres):
    collective = CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))
    funding_round = FundingRoundFactory(collective=collective, budget=BUDGET, maximum_award=AWARD)
    members = [MembershipFactory(collective=collective, is_chair=index == 0) for index in range(3)]
    applications = [
        FundingApplicationFactory(
            round=funding_round,
            requested_amount=AWARD,
            cash_contribution=Decimal("1500"),
            total_cost=Decimal("4500"),
            # An earlier transactional test's flush may have emptied the postcode tables.
            partner__postcode="",
        )
        for _ in range(THREADS)
    ]
    for application in applications:
        votes(members, application, "SSS")  # everyone supports: quorum and threshold met
    return funding_round, members[0], applications


@pytest.fixture
def slow_tally(monkeypatch):
    """Hold each approval for a moment inside record_decision, after its first lock."""

    def tally_then_wait(application):
        result = selectors.tally_for(application)
        time.sleep(0.2)
        return result

    monkeypatch.setattr(services, "tally_for", tally_then_wait)


def approval(application, chair):
    return lambda: services.record_decision(
        application=application,
        user=chair.user,
        outcome="approved",
        amount=AWARD,
        reasons=REASONS,
        early_reason=EARLY_REASON,
    )


def test_concurrent_approvals_never_overspend_the_budget(contested, slow_tally):
    funding_round, chair, applications = contested
    results = race([approval(application, chair) for application in applications])

    decisions = [r for r in results if isinstance(r, Decision)]
    refused = [r for r in results if isinstance(r, services.FundingError)]
    unexpected = [r for r in results if not isinstance(r, Decision | services.FundingError)]
    assert unexpected == []
    assert len(decisions) == 3  # 3 x £3,000 fit in £10,000; a fourth would not
    assert len(refused) == THREADS - 3
    assert {str(error) for error in refused} == {
        "Only £1,000 is left in Winter 2026. Award less, or decline or defer the application."
    }

    funding_round.refresh_from_db()
    assert funding_round.committed == Decimal("9000.00") <= funding_round.budget
    ledger = list(LedgerEntry.objects.filter(round=funding_round).order_by("balance_after").reverse())
    assert funding_round.committed == sum(entry.amount for entry in ledger)
    balances = [entry.balance_after for entry in ledger]
    assert balances == [Decimal("7000.00"), Decimal("4000.00"), Decimal("1000.00")]
    # Each balance is the previous one less this award, in the order the entries were written.
    in_order = list(LedgerEntry.objects.filter(round=funding_round).order_by("pk"))
    assert [entry.balance_after for entry in in_order] == balances
    assert {entry.decision_id for entry in ledger} == {decision.pk for decision in decisions}
    assert FundingApplication.objects.filter(status="approved").count() == 3
    assert FundingApplication.objects.filter(status="submitted").count() == THREADS - 3
    assert Decision.objects.count() == 3
    assert len(mail.outbox) == 3  # one decision email per approval, after each commit


def test_the_same_application_approved_by_eight_hands_at_once_is_paid_once(contested, slow_tally):
    funding_round, chair, applications = contested
    results = race([approval(applications[0], chair) for _ in range(THREADS)])

    assert sum(isinstance(r, Decision) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Decision)]
    assert all(isinstance(r, services.FundingError) for r in refused), refused
    assert {str(r) for r in refused} == {"A decision has already been recorded for this application."}
    assert FundingRound.objects.get(pk=funding_round.pk).committed == AWARD
    assert LedgerEntry.objects.count() == 1
