"""Quorum and approval arithmetic at the boundaries: Tally on its own, then through tally_for."""

import datetime

import pytest
from django.utils import timezone

from partners.factories import FundingApplicationFactory, FundingRoundFactory, MembershipFactory
from partners.selectors import tallies_for, tally_for
from partners.tally import Tally
from tests.partners.builders import declare, votes


def tally(eligible, support=0, oppose=0, abstain=0, quorum=50, threshold=50):
    return Tally(
        eligible=eligible,
        support=support,
        oppose=oppose,
        abstain=abstain,
        quorum_percent=quorum,
        threshold_percent=threshold,
    )


@pytest.mark.parametrize(
    ("eligible", "support", "oppose", "abstain", "quorum", "met"),
    [
        (10, 5, 0, 0, 50, True),  # exactly half of ten
        (10, 4, 0, 0, 50, False),  # one short
        (10, 2, 1, 2, 50, True),  # abstentions count towards the quorum
        (10, 0, 0, 5, 50, True),  # even when everyone abstains
        (10, 0, 0, 4, 50, False),
        (7, 4, 0, 0, 50, True),  # 3.5 rounds up to 4
        (7, 3, 0, 0, 50, False),
        (3, 2, 0, 0, 67, False),  # 66.7% is short of 67%
        (3, 3, 0, 0, 67, True),
        (10, 10, 0, 0, 100, True),
        (10, 9, 0, 0, 100, False),
        (0, 0, 0, 0, 50, False),  # nobody can vote: never a quorum
        (10, 0, 0, 0, 1, False),  # zero votes
        (100, 1, 0, 0, 1, True),
    ],
)
def test_quorum_boundaries(eligible, support, oppose, abstain, quorum, met):
    assert tally(eligible, support, oppose, abstain, quorum=quorum).quorum_met is met


@pytest.mark.parametrize(
    ("support", "oppose", "abstain", "threshold", "met"),
    [
        (3, 3, 0, 50, True),  # a tie meets 50%
        (3, 3, 0, 51, False),  # but not 51%
        (1, 1, 8, 50, True),  # abstentions are left out of the share
        (1, 1, 8, 51, False),
        (2, 1, 0, 67, False),  # 66.7% < 67%
        (2, 1, 0, 66, True),
        (0, 0, 5, 50, False),  # only abstentions: no support at all
        (0, 0, 0, 50, False),  # zero votes
        (0, 3, 0, 1, False),
        (5, 0, 0, 100, True),
        (5, 1, 0, 100, False),
    ],
)
def test_threshold_boundaries(support, oppose, abstain, threshold, met):
    assert tally(10, support, oppose, abstain, threshold=threshold).threshold_met is met


def test_zero_votes():
    empty = tally(10)
    assert (empty.voted, empty.quorum_met, empty.threshold_met) == (0, False, False)
    assert empty.support_percent is None
    assert empty.votes_short_of_quorum == 5


def test_votes_short_of_quorum_and_support_percent():
    assert tally(7, support=2).votes_short_of_quorum == 2  # needs ceil(3.5) = 4
    assert tally(10, support=5).votes_short_of_quorum == 0
    assert tally(10, support=9, abstain=1).votes_short_of_quorum == 0
    assert tally(10, support=2, oppose=1, abstain=5).support_percent == 67


# -- through tally_for, with real members, conflicts and votes -----------------------------------


@pytest.fixture
def ten_members(kirklees):
    return [MembershipFactory(collective=kirklees, is_chair=index == 0) for index in range(10)]


@pytest.mark.parametrize(
    ("choices", "met"), [("SSSSS", True), ("SSSS", False), ("SSAAA", True), ("AAAA", False)]
)
def test_tally_for_quorum_at_the_boundary(application, ten_members, choices, met):
    votes(ten_members, application, choices)
    result = tally_for(application)
    assert result.eligible == 10
    assert result.voted == len(choices)
    assert result.quorum_met is met


@pytest.mark.parametrize(("threshold", "met"), [(50, True), (51, False)])
def test_tally_for_tie_meets_fifty_percent_only(kirklees, ten_members, threshold, met):
    application = FundingApplicationFactory(
        round=FundingRoundFactory(collective=kirklees, threshold_percent=threshold)
    )
    votes(ten_members, application, "SSOOAA")  # 2 for, 2 against, 2 abstain
    result = tally_for(application)
    assert (result.support, result.oppose, result.abstain) == (2, 2, 2)
    assert result.quorum_met
    assert result.threshold_met is met


def test_tally_for_abstentions_count_for_quorum_not_threshold(application, ten_members):
    votes(ten_members, application, "SAAAA")
    result = tally_for(application)
    assert (result.voted, result.quorum_met) == (5, True)  # four abstentions make the quorum
    assert (result.support_percent, result.threshold_met) == (100, True)  # 1 of 1 decisive vote
    votes(ten_members[5:], application, "OO")
    result = tally_for(application)
    assert (result.support_percent, result.threshold_met) == (33, False)  # 1 for, 2 against


def test_tally_for_with_no_votes(application, ten_members):
    result = tally_for(application)
    assert (result.eligible, result.voted, result.quorum_met, result.threshold_met) == (10, 0, False, False)


def test_conflicted_members_are_not_eligible(application, ten_members):
    for member in ten_members[:2]:
        declare(member, application, conflict=True, reason="I volunteer there")
    declare(ten_members[2], application, conflict=False)
    votes(ten_members[2:], application, "SSSS")
    result = tally_for(application)
    assert result.eligible == 8
    assert result.quorum_met  # 4 of 8, where 4 of 10 would not be


def test_members_who_left_or_have_not_joined_yet_are_not_eligible(application, ten_members, kirklees):
    today = timezone.localdate()
    ten_members[9].left_on = today
    ten_members[9].save()
    MembershipFactory(collective=kirklees, joined_on=today + datetime.timedelta(days=1))
    MembershipFactory(
        collective=kirklees, joined_on=datetime.date(2024, 1, 1), left_on=datetime.date(2025, 1, 1)
    )
    assert tally_for(application).eligible == 9


def test_a_conflicted_member_who_left_is_not_subtracted_twice(application, ten_members):
    """Leaving already removes them from the members; their old conflict must not remove one more."""
    declare(ten_members[9], application, conflict=True, reason="My sister runs it")
    assert tally_for(application).eligible == 9
    ten_members[9].left_on = timezone.localdate()
    ten_members[9].save()
    assert tally_for(application).eligible == 9


def test_other_collectives_and_applications_do_not_leak_into_a_tally(application, ten_members, wakefield):
    other = FundingApplicationFactory(round=application.round)
    votes(ten_members, other, "OOOOOO")
    declare(ten_members[9], other, conflict=True)
    for _ in range(4):
        MembershipFactory(collective=wakefield)
    votes(ten_members, application, "SS")
    result = tally_for(application)
    assert (result.eligible, result.support, result.oppose) == (10, 2, 0)
    both = tallies_for([application, other])
    assert both[other.pk].oppose == 6 and both[application.pk].support == 2
