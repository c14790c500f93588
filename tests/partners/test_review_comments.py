"""Members see the comments left with votes, once they have voted, and no empty heading."""

import pytest

from partners.factories import FundingApplicationFactory, MembershipFactory
from partners.models import ConflictDeclaration, Vote

pytestmark = pytest.mark.django_db


def vote(membership, application, choice, comment=""):
    ConflictDeclaration.objects.create(membership=membership, application=application, has_conflict=False)
    return Vote.objects.create(membership=membership, application=application, choice=choice, comment=comment)


def test_comments_show_after_voting_and_the_heading_only_when_there_are_some(client):
    application = FundingApplicationFactory()
    me = MembershipFactory(collective=application.round.collective)
    other = MembershipFactory(collective=application.round.collective)
    url = f"/collectives/applications/{application.public_id}/"
    client.force_login(me.user)

    vote(other, application, Vote.Choice.OPPOSE, "Too close to another project.")
    before = client.get(url).content.decode()
    assert "Too close to another project." not in before  # not before I have voted

    vote(me, application, Vote.Choice.SUPPORT)
    after = client.get(url).content.decode()
    assert "Too close to another project." in after
    assert "<h3>Comments</h3>" in after

    Vote.objects.filter(membership=other).update(comment="")
    assert "<h3>Comments</h3>" not in client.get(url).content.decode()
