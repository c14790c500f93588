"""Every amount a person reads is written one way (creative_minds.money.pounds): "£1,000",
"£2,500.50". The decision email, the partner's funding pages, the admin's listings, inspect views
and exports, the models' names and messages, and an activity's cost.

Before, emails said "£1000.00" and the admin "2500.00" without a pound sign."""

import csv
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ActivityPage
from partners import services
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    UserFactory,
)
from partners.models import FundingRound, InKindItem, LedgerEntry, Locality
from partners.viewsets import FundingViewSetGroup
from tests.partners.builders import EARLY_REASON, votes

VIEWSETS = {viewset.model._meta.model_name: viewset for viewset in FundingViewSetGroup().registerables}


@pytest.fixture
def award(db, django_capture_on_commit_callbacks):
    """A £2,500.50 award from a £10,000 round, on an application asking for £3,000 with £1,000 in
    cash and £500 in kind; the partner's contact is told by email."""
    collective = CollectiveFactory(locality=Locality.objects.get(slug="kirklees"))
    funding_round = FundingRoundFactory(
        collective=collective, budget=Decimal("10000.00"), maximum_award=Decimal("3000.00")
    )
    application = FundingApplicationFactory(
        round=funding_round,
        title="Songs in the park",
        requested_amount=Decimal("3000.00"),
        cash_contribution=Decimal("1000.00"),
        total_cost=Decimal("4500.00"),
    )
    InKindItem.objects.create(application=application, description="Use of our hall", value=Decimal("500"))
    contact = PartnerContactFactory(
        partner=application.partner, user=UserFactory(email="pat@partner.example")
    )
    members = [MembershipFactory(collective=collective, is_chair=index == 0) for index in range(3)]
    votes(members, application, "SSS")
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.record_decision(
            application=application,
            user=members[0].user,
            outcome="approved",
            amount=Decimal("2500.50"),
            reasons="A clear plan.",
            early_reason=EARLY_REASON,
        )
    application.refresh_from_db()
    return decision, application, contact


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def cells(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [cell.get_text(" ", strip=True) for cell in soup.select("table tbody td")]


def index_url(name: str) -> str:
    return reverse(VIEWSETS[name].get_url_name("index"))


# -- emails and the partner's pages -------------------------------------------------------------


def test_the_decision_email_writes_the_award_in_pounds(award):
    (message,) = mail.outbox
    assert "You have been awarded £2,500.50." in message.body
    assert "2500.50" not in message.body


def test_the_decision_email_writes_whole_pounds_without_pence(db, django_capture_on_commit_callbacks):
    application = FundingApplicationFactory(requested_amount=Decimal("1000.00"))
    members = [MembershipFactory(collective=application.round.collective, is_chair=i == 0) for i in range(3)]
    votes(members, application, "SSS")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_decision(
            application=application,
            user=members[0].user,
            outcome="approved",
            amount=Decimal("1000.00"),
            reasons="Good.",
            early_reason=EARLY_REASON,
        )
    (message,) = mail.outbox
    assert "You have been awarded £1,000." in message.body


def test_the_funding_pages_write_money_in_pounds(client, award):
    _decision, application, contact = award
    client.force_login(contact.user)

    dashboard = client.get(reverse("funding:dashboard")).text
    assert "£2,500.50" in dashboard
    assert "up to £3,000," in dashboard  # the open round's maximum award

    detail = client.get(reverse("funding:application", kwargs={"public_id": application.public_id})).text
    summary = BeautifulSoup(detail, "html.parser")
    assert "£2,500.50" in summary.select_one("#decision h2").get_text()
    values = {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
        for row in summary.select(".nhsuk-summary-list__row")
    }
    assert values["Total cost"] == "£4,500"
    assert values["Asking for"] == "£3,000"
    assert values["Partner's contribution"].startswith("£1,000 cash £500 in kind: Use of our hall")
    assert ".00" not in detail


# -- the admin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("fundingapplication", ["£3,000", "£2,500.50"]),  # asked for, awarded
        ("decision", ["£2,500.50"]),
        ("ledgerentry", ["£2,500.50", "£7,499.50"]),  # the award and the balance after it
        ("fundinground", ["£10,000", "£2,500.50"]),  # budget and committed
    ],
)
def test_the_admin_listings_write_money_in_pounds(admin_client, award, name, written):
    response = admin_client.get(index_url(name))
    assert response.status_code == 200
    listed = cells(response.text)
    for amount in written:
        assert amount in listed
    assert not [cell for cell in listed if re.fullmatch(r"[\d,]+\.\d\d", cell)]  # "2500.50" as before


def test_money_columns_still_sort_by_the_amount(admin_client, award):
    _decision, application, _contact = award
    FundingApplicationFactory(round=application.round, title="Small ask", requested_amount=Decimal("900.00"))
    response = admin_client.get(index_url("fundingapplication"), {"ordering": "-requested_amount"})
    listed = [c for c in cells(response.text) if c in ("£3,000", "£900")]
    assert listed == ["£3,000", "£900"]  # as text, "£9" would come after "£3"


def test_the_decision_inspect_view_writes_the_amount_in_pounds(admin_client, award):
    decision, _application, _contact = award
    url = reverse(VIEWSETS["decision"].get_url_name("inspect"), args=[decision.pk])
    soup = BeautifulSoup(admin_client.get(url).text, "html.parser")
    shown = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in soup.select("dt")}
    assert shown["Amount"] == "£2,500.50"


def test_the_csv_export_says_pounds_in_its_headings_and_keeps_numbers(admin_client, award):
    response = admin_client.get(index_url("fundingapplication"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert Decimal(row["Requested amount (£)"]) == Decimal("3000.00")
    assert Decimal(row["Awarded amount (£)"]) == Decimal("2500.50")
    assert Decimal(row["In kind total (£)"]) == Decimal("500")
    assert row["Match percent"] == "50"  # a percentage, not money


def test_the_xlsx_export_keeps_numbers_shown_as_pounds(admin_client, award):
    response = admin_client.get(index_url("ledgerentry"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, row = [cell.value for cell in sheet[1]], sheet[2]
    amount = row[headings.index("Amount (£)")]
    assert amount.value == 2500.5 and amount.number_format == '"£"#,##0.00'
    assert row[headings.index("Balance after (£)")].value == 7499.5


def test_the_budget_message_writes_pounds(admin_client, award):
    funding_round = FundingRound.objects.get()
    funding_round.budget = Decimal("100")
    assert funding_round.budget_problem() == (
        "The budget must be at least £2,500.50, because that much has already been awarded from this round"
    )


# -- model names, validation messages, an activity's cost ----------------------------------------


def test_model_names_write_money_in_pounds(award):
    assert str(InKindItem.objects.get()) == "Use of our hall: £500"
    assert str(LedgerEntry.objects.get()).startswith("£2,500.50 to ")


def test_the_application_rules_write_money_in_pounds(db):
    application = FundingApplicationFactory(requested_amount=Decimal("3500.00"))
    problems = services.submission_problems(application)
    assert problems["requested_amount"] == (
        "You can ask for up to £3,000 in this round. You asked for £3,500"
    )


@pytest.mark.parametrize(
    ("amount", "label"),
    [
        (Decimal("3.50"), "£3.50 a session"),
        (Decimal("12.00"), "£12 a session"),
        (Decimal("1250"), "£1,250 a session"),
    ],
)
def test_an_activitys_cost_is_written_in_pounds(amount, label):
    assert ActivityPage.cost_label_for(ActivityPage.CostType.PAID, amount) == label
