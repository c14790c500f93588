"""A vote from a member with a conflict of interest is kept on record but counted nowhere.

The world here is what the vote-against-conflict race used to leave behind (and what a conflict
declared after voting leaves now): six of ten members voted "support", then three of those six and
one who had not voted have a conflict recorded. Six members are eligible and three votes count.
Before counted_votes() every tally counted all six votes ("6 of 6 voted")."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.factories import MembershipFactory, UserFactory
from partners.models import ConflictDeclaration, Decision, Membership, PartnerPage, Vote
from partners.selectors import counted_votes, tally_for
from partners.viewsets import VoteViewSet
from tests.partners.builders import approve, votes


@pytest.fixture
def ten(kirklees):
    return [MembershipFactory(collective=kirklees, is_chair=index == 0) for index in range(10)]


@pytest.fixture
def set_aside(application, ten):
    """Members 3, 4 and 5 voted and then had a conflict recorded; member 6 has one and did not vote."""
    votes(ten[:6], application, "SSSSSS")
    for member in ten[3:7]:
        ConflictDeclaration.objects.update_or_create(
            membership=member, application=application, defaults={"has_conflict": True, "reason": "Friend"}
        )
    return application


def test_the_tally_leaves_out_votes_of_members_with_a_conflict(set_aside, ten):
    result = tally_for(set_aside)
    assert (result.eligible, result.support, result.voted) == (6, 3, 3)
    assert result.quorum_met  # 3 of 6 is half
    assert Vote.objects.filter(application=set_aside).count() == 6  # all still on record
    assert set(counted_votes().values_list("membership_id", flat=True)) == {m.pk for m in ten[:3]}


def test_the_chairs_page_and_the_decision_record_count_only_counted_votes(client, set_aside, ten):
    chair = ten[0]
    client.force_login(chair.user)
    page = client.get(reverse("collectives:decide", kwargs={"public_id": set_aside.public_id}))
    assert "3 support, 0 do not support, 0 abstain" in page.text
    assert "3 of 6 voted" in page.text

    decision = approve(set_aside, chair, "500.00")
    decision.refresh_from_db()
    assert (decision.eligible_members, decision.support, decision.oppose, decision.abstain) == (6, 3, 0, 0)
    assert decision.amount == Decimal("500.00")


def test_the_members_page_counts_only_counted_votes(client, set_aside, ten):
    client.force_login(ten[1].user)
    page = client.get(reverse("collectives:application", kwargs={"public_id": set_aside.public_id}))
    assert "3 of 6 members voted" in page.text


def test_the_fast_track_counts_supporters_the_same_way(application, ten):
    """The chair and two other supporters are needed. Conflicts were already left out here; a
    supporter who has since left the collective now is too, as in every other count."""
    PartnerPage.objects.filter(pk=application.partner_id).update(
        agreement_status=PartnerPage.AgreementStatus.IN_FORCE
    )
    application.partner.refresh_from_db()
    votes(ten[:3], application, "SSS")
    Membership.objects.filter(pk=ten[2].pk).update(left_on=timezone.localdate())
    with pytest.raises(services.FundingError, match="two other members"):
        approve(application, ten[0], route=Decision.Route.FAST_TRACK)


def test_the_admin_says_which_votes_are_counted(client, set_aside, ten):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse(VoteViewSet().get_url_name("index"))
    listing = client.get(url)
    assert listing.status_code == 200
    assert listing.text.count("No: conflict of interest, or no longer a member") == 3

    export = client.get(url, {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(row["Counted"] for row in rows) == ["False"] * 3 + ["True"] * 3
