"""Fixtures for collectives and match funding: a Kirklees collective with a round whose voting is
open today, five current members (the first is the chair) and one sent application."""

from types import SimpleNamespace

import pytest

from activities.models import Category
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    UserFactory,
)
from partners.models import Locality


@pytest.fixture
def kirklees(db):
    return CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))


@pytest.fixture
def wakefield(db):
    return CollectiveFactory(locality=Locality.objects.get(slug="wakefield"))


@pytest.fixture
def funding_round(kirklees):
    return FundingRoundFactory(collective=kirklees)


@pytest.fixture
def category(db):
    """A type of activity, for an application that must be complete enough to send (partners'
    factory leaves the type empty: partners imports nothing of activities)."""
    return Category.objects.order_by("name").first()


@pytest.fixture
def members(kirklees):
    """Five current Kirklees members; members[0] is the chair."""
    return [MembershipFactory(collective=kirklees, is_chair=index == 0) for index in range(5)]


@pytest.fixture
def chair(members):
    return members[0]


@pytest.fixture
def application(funding_round):
    return FundingApplicationFactory(round=funding_round)


@pytest.fixture
def contact(application):
    """A login for the applying partner."""
    return PartnerContactFactory(partner=application.partner, user=UserFactory(email="pat@partner.example"))


@pytest.fixture
def world(kirklees, wakefield, funding_round, members, application):
    """Everything the permission tables need, by name."""
    wakefield_round = FundingRoundFactory(collective=wakefield)
    wakefield_members = [MembershipFactory(collective=wakefield, is_chair=index == 0) for index in range(3)]
    return SimpleNamespace(
        kirklees=kirklees,
        wakefield=wakefield,
        funding_round=funding_round,
        members=members,
        chair=members[0],
        application=application,
        wakefield_round=wakefield_round,
        wakefield_members=wakefield_members,
        wakefield_application=FundingApplicationFactory(round=wakefield_round),
    )
