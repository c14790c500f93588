"""The dashboards make a fixed number of queries however many applications they list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import services
from partners.factories import FundingApplicationFactory, PartnerContactFactory, PartnerPageFactory
from partners.models import InKindItem
from tests.partners.builders import EARLY_REASON, approve, declare, votes


def queries_for(client, url) -> list[str]:
    client.get(url)  # warm caches (site, content types) so both counts start equal
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def add_applications(funding_round, partner, members, count, start, approvals=True):
    """`count` varied applications: in-kind items, votes, conflicts, some approved, some deferred."""
    for index in range(start, start + count):
        application = FundingApplicationFactory(
            round=funding_round,
            partner=partner or PartnerPageFactory(home=funding_round.collective.locality),
            title=f"Project {index}",
            cash_contribution=Decimal("300"),
        )
        InKindItem.objects.create(application=application, description="Hall", value=Decimal("200"))
        if index % 3 == 0:
            declare(members[1], application, conflict=True, reason="Friend")
        else:
            votes(members[1:4], application, "SOA")
        if approvals and index % 4 == 1:
            approve(application, members[0], "500", override_reason="Testing" if index % 2 else "")
        if index % 5 == 2:
            services.record_decision(
                application=application,
                user=members[0].user,
                outcome="deferred",
                reasons="Later",
                early_reason=EARLY_REASON,
            )


@pytest.mark.parametrize("who", ["member", "chair"])
def test_the_member_dashboard_makes_the_same_queries_for_2_and_10_applications(
    client, funding_round, members, who
):
    client.force_login(members[1 if who == "member" else 0].user)
    url = reverse("collectives:dashboard")
    add_applications(funding_round, None, members, 2, start=0, approvals=False)
    assert sum(len(section.applications) for section in client.get(url).context["rounds"]) == 2
    with_two = queries_for(client, url)
    add_applications(funding_round, None, members, 8, start=2, approvals=False)
    assert (
        sum(len(section.applications) for section in client.get(url).context["rounds"]) == 10
    )  # deferred ones are still open
    with_ten = queries_for(client, url)
    assert len(with_ten) == len(with_two), "\n".join(with_ten)


def test_the_partner_dashboard_makes_the_same_queries_for_2_and_10_applications(
    client, funding_round, members
):
    partner = PartnerPageFactory(home=funding_round.collective.locality)
    client.force_login(PartnerContactFactory(partner=partner).user)
    url = reverse("funding:dashboard")
    add_applications(funding_round, partner, members, 2, start=0)
    assert len(client.get(url).context["applications"]) == 2
    with_two = queries_for(client, url)
    add_applications(funding_round, partner, members, 7, start=2)
    FundingApplicationFactory(round=funding_round, partner=partner, status="draft", submitted_at=None)
    assert len(client.get(url).context["applications"]) == 10
    with_ten = queries_for(client, url)
    assert len(with_ten) == len(with_two), "\n".join(with_ten)
