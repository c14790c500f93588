"""A vote and a conflict declaration from the same member at the same moment, on PostgreSQL.

In each of 20 trials one member, who has declared no conflict, sends a vote in one thread and a
conflict declaration in another, released together by a barrier. The member's check in each
service is slowed a little (see `slow_checks`), so without a lock both threads check the state
from before the other wrote: on main the vote was then stored and counted next to the conflict
("4 of 3 voted") in every trial. With both services locking the membership row before they
check, one waits for the other, and either order is safe:

- the declaration first: the vote is refused with the conflict message, and nothing is stored;
- the vote first: the declaration sees it, and the vote stays on record but is not counted.
"""

import time

import pytest

from partners import services
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerPageFactory,
)
from partners.models import ConflictDeclaration, Locality, Vote
from partners.selectors import counted_votes, tally_for
from tests.concurrency import race
from tests.partners.builders import declare, log_entries

pytestmark = [
    pytest.mark.postgres,
    # The threads must see the data, so it is committed; the serialized rollback brings back
    # the migrations' rows (localities, collectives, the page tree) that the flush removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 20
REFUSED = "You have a conflict of interest on this application, so you cannot vote."


@pytest.fixture
def collective(require_postgres):
    return CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))


@pytest.fixture
def slow_checks(monkeypatch):
    """Hold each service for a moment at its membership check, where it has taken its lock (and
    where, without one, it would be about to read the state the other thread is changing)."""
    check = services._check_member_can_act

    def check_then_wait(membership, application, today):
        check(membership, application, today)
        time.sleep(0.02)

    monkeypatch.setattr(services, "_check_member_can_act", check_then_wait)


def test_a_vote_and_a_conflict_at_the_same_moment_never_count_together(collective, slow_checks):
    members = [MembershipFactory(collective=collective) for _ in range(4)]
    others, racer = members[:3], members[3]
    funding_round = FundingRoundFactory(collective=collective)
    # One partner for every trial's application, and no postcode (an earlier transactional test's
    # flush may have emptied the postcode tables).
    partner = PartnerPageFactory(postcode="")
    outcomes = {"vote refused": 0, "vote set aside": 0}

    for trial in range(TRIALS):
        application = FundingApplicationFactory(round=funding_round, partner=partner)
        # The others' votes are only the background of the count, so they are written directly.
        for member, choice in zip(others, ["support", "support", "oppose"], strict=True):
            ConflictDeclaration.objects.create(membership=member, application=application, has_conflict=False)
            Vote.objects.create(membership=member, application=application, choice=choice)
        declare(racer, application, conflict=False)

        vote_result, declare_result = race(
            [
                lambda application=application: services.cast_vote(
                    membership=racer,
                    application=application,
                    choice="support",
                    comment="",
                    user=racer.user,
                ),
                lambda application=application: services.declare_conflict(
                    membership=racer,
                    application=application,
                    has_conflict=True,
                    reason="My sister runs it",
                    user=racer.user,
                ),
            ]
        )

        # The declaration always succeeds; the vote either succeeded first or was refused after it.
        assert isinstance(declare_result, ConflictDeclaration), (trial, declare_result)
        assert ConflictDeclaration.objects.get(membership=racer, application=application).has_conflict
        if isinstance(vote_result, Vote):
            # Stored before the declaration, which saw it and set it aside.
            entry = log_entries("partners.conflict_declared", declare_result).latest("timestamp")
            assert entry.data["vote_set_aside"] is True, trial
            outcomes["vote set aside"] += 1
        else:
            assert isinstance(vote_result, services.FundingError), (trial, vote_result)
            assert str(vote_result) == REFUSED
            assert not Vote.objects.filter(membership=racer, application=application).exists()
            outcomes["vote refused"] += 1

        # No counted vote from a member with a conflict, and never more voters than eligible members.
        assert not counted_votes().filter(application=application, membership=racer).exists(), trial
        tally = tally_for(application)
        assert (tally.eligible, tally.voted, tally.support) == (3, 3, 2), trial
        assert tally.voted <= tally.eligible

    assert sum(outcomes.values()) == TRIALS
