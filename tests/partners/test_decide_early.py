"""Recording a decision: the chair is warned, and asked why, when members can still vote; the reason
is kept with the decision and shown with it (and in the admin). An award over what was asked for,
or over the round's budget left, is shown by the amount field together with every other error."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.factories import FundingApplicationFactory, FundingRoundFactory
from partners.models import Decision
from tests.partners.builders import REASONS, approve, log_entries, votes


def decide_url(application) -> str:
    return reverse("collectives:decide", kwargs={"public_id": application.public_id})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def error_by_field(soup, name: str) -> str:
    message = soup.select_one(f"#id_{name}-error")
    return message.get_text(" ", strip=True) if message else ""


def summary_links(soup) -> dict[str, str]:
    return {a["href"]: a.get_text(strip=True) for a in soup.select(".nhsuk-error-summary a")}


@pytest.fixture
def voting_closed(funding_round):
    """The round's voting closed yesterday; decisions are due next week."""
    today = timezone.localdate()
    funding_round.voting_opens = today - datetime.timedelta(days=8)
    funding_round.voting_closes = today - datetime.timedelta(days=1)
    funding_round.save()
    return funding_round


DECLINE = {"outcome": "declined", "reasons": "Too close to a project already funded."}


def test_the_chair_is_warned_while_voting_is_open(client, funding_round, members, application):
    votes(members[1:3], application, "SO")
    client.force_login(members[0].user)

    warning = soup_of(client.get(decide_url(application))).select_one("#voting-open")

    closes = funding_round.voting_closes
    assert warning is not None
    assert (
        f"Voting is open until {closes:%A} {closes.day} {closes:%B}: 2 of 5 members have voted. "
        "Deciding now closes it for this application."
    ) in warning.get_text(" ", strip=True)


def test_deciding_early_needs_a_reason_said_by_its_field(client, members, application):
    client.force_login(members[0].user)

    response = client.post(decide_url(application), DECLINE)

    soup = soup_of(response)
    assert response.status_code == 200
    assert error_by_field(soup, "early_reason").endswith("Say why you are deciding before voting closes")
    assert summary_links(soup) == {"#id_early_reason": "Say why you are deciding before voting closes"}
    assert not Decision.objects.exists()


def test_the_early_reason_is_kept_and_shown_with_the_decision_and_in_the_admin(
    client, admin_client, members, application
):
    client.force_login(members[0].user)

    response = client.post(
        decide_url(application), {**DECLINE, "early_reason": "The partner must book the hall."}
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.early_reason == "The partner must book the hall."
    assert log_entries("partners.decided_early", decision).get().data == {
        "reason": "The partner must book the hall."
    }
    record = soup_of(client.get(reverse("collectives:application", args=[application.public_id])))
    assert record.select_one("#early-reason").get_text(strip=True) == "The partner must book the hall."
    inspect = admin_client.get(reverse("decision:inspect", args=[decision.pk]))
    assert "The partner must book the hall." in inspect.text


def test_after_voting_closes_there_is_no_warning_and_no_reason_to_give(
    client, voting_closed, members, application
):
    client.force_login(members[0].user)

    page = soup_of(client.get(decide_url(application)))
    assert page.select_one("#voting-open") is None
    assert page.select_one('[name="early_reason"]') is None

    assert client.post(decide_url(application), DECLINE).status_code == 302
    assert Decision.objects.get().early_reason == ""


def test_the_service_refuses_an_early_decision_without_a_reason(members, application):
    with pytest.raises(services.FundingError, match="Say why you are deciding before it closes"):
        services.record_decision(
            application=application, user=members[0].user, outcome="declined", reasons=REASONS
        )
    assert not Decision.objects.exists()


def test_an_early_reason_is_not_kept_when_voting_had_closed(voting_closed, members, application):
    decision = services.record_decision(
        application=application,
        user=members[0].user,
        outcome="declined",
        reasons=REASONS,
        early_reason="Stray",
    )
    assert decision.early_reason == ""


# -- the over-request error ----------------------------------------------------------------------


def test_awarding_more_than_was_asked_is_shown_by_the_amount_with_the_other_errors(
    client, voting_closed, members, application
):
    client.force_login(members[0].user)

    response = client.post(decide_url(application), {"outcome": "approved", "amount": "1500", "reasons": ""})

    soup = soup_of(response)
    expected = "The award cannot be more than the £1,000 asked for"
    assert error_by_field(soup, "amount").endswith(expected)
    assert error_by_field(soup, "reasons").endswith("Give the reasons for the decision")
    assert summary_links(soup) == {
        "#id_amount": expected,
        "#id_reasons": "Give the reasons for the decision",
    }
    assert not Decision.objects.exists()


def test_awarding_more_than_the_budget_left_is_shown_by_the_amount(client, kirklees, members):
    funding_round = FundingRoundFactory(
        collective=kirklees,
        budget=Decimal("1500"),
        voting_opens=timezone.localdate() - datetime.timedelta(days=8),
        voting_closes=timezone.localdate() - datetime.timedelta(days=1),
    )
    first = FundingApplicationFactory(round=funding_round, title="First")
    second = FundingApplicationFactory(round=funding_round, title="Second")
    approve(first, members[0], override_reason="Agreed at the meeting.")  # £500 left
    client.force_login(members[0].user)

    response = client.post(
        decide_url(second),
        {
            "outcome": "approved",
            "amount": "800",
            "reasons": REASONS,
            "override_reason": "Agreed at the meeting.",
        },
    )

    soup = soup_of(response)
    expected = "Only £500 is left in Winter 2026. Award less, or decline or defer the application"
    assert error_by_field(soup, "amount").endswith(expected)
    assert summary_links(soup) == {"#id_amount": expected}
    assert not soup.select(".nhsuk-error-summary li:not(:has(a))"), "no error without its field"
    assert Decision.objects.count() == 1
