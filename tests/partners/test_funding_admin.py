"""The Wagtail admin's "Match funding" menu: listings, CSV exports, the decision-times report, and
the read-only records (votes, decisions, the ledger, applications) that only the services write."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partners.factories import FundingApplicationFactory, UserFactory
from partners.models import Decision, FundingApplication, FundingRound, LedgerEntry, Vote
from partners.viewsets import FundingViewSetGroup
from tests.partners.builders import approve, votes

VIEWSETS = {viewset.model._meta.model_name: viewset for viewset in FundingViewSetGroup().registerables}
READ_ONLY = ["fundingapplication", "vote", "decision", "ledgerentry"]


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def decided(application, members, chair):
    """One approved application (with its votes, decision and ledger entry) and one waiting."""
    votes(members, application, "SSSO")
    approve(application, chair, "900.00")
    FundingApplicationFactory(round=application.round, title="Still waiting")
    return application


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_menu_has_every_funding_listing(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Match funding" in response.text
    for viewset in VIEWSETS.values():
        assert reverse(viewset.get_url_name("index")) in response.text
    assert reverse("funding_decision_times") in response.text


@pytest.mark.parametrize("name", sorted(VIEWSETS))
def test_a_superuser_can_load_each_listing(admin_client, decided, name):
    response = admin_client.get(reverse(VIEWSETS[name].get_url_name("index")))
    assert response.status_code == 200


def test_the_applications_listing_and_its_csv_export(admin_client, decided):
    url = reverse(VIEWSETS["fundingapplication"].get_url_name("index"))
    assert decided.title in admin_client.get(url).text
    filtered = admin_client.get(url, {"status": "approved"})
    assert decided.title in filtered.text and "Still waiting" not in filtered.text

    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["Title"]: row for row in csv_rows(response)}
    assert set(rows) == {decided.title, "Still waiting"}
    row = rows[decided.title]
    assert row["Status"] in ("approved", "Approved")
    assert Decimal(row["Awarded amount (£)"]) == Decimal("900.00")
    assert Decimal(row["Requested amount (£)"]) == Decimal("1000.00")
    assert row["Match percent"] == "50"


def test_the_ledger_csv_export(admin_client, decided):
    response = admin_client.get(reverse(VIEWSETS["ledgerentry"].get_url_name("index")), {"export": "csv"})
    assert response.status_code == 200
    (row,) = csv_rows(response)
    assert Decimal(row["Amount (£)"]) == Decimal("900.00")
    assert Decimal(row["Balance after (£)"]) == Decimal("9100.00")


def test_the_decision_times_report(admin_client, decided):
    FundingApplication.objects.filter(pk=decided.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
        decided_at=datetime.datetime(2026, 3, 5, 21, tzinfo=datetime.UTC),
    )
    response = admin_client.get(reverse("funding_decision_times"))
    assert response.status_code == 200
    assert "Kirklees" in response.text and "4.5" in response.text
    export = admin_client.get(reverse("funding_decision_times"), {"export": "csv"})
    assert export.status_code == 200
    assert csv_rows(export) == [{"Locality": "Kirklees", "Decisions": "1", "Median days": "4.5"}]


@pytest.mark.parametrize("name", READ_ONLY)
def test_read_only_records_cannot_be_added_edited_or_deleted_here(admin_client, decided, name):
    viewset = VIEWSETS[name]
    instance = viewset.model.objects.first()
    before = viewset.model.objects.count()
    for view, args in (("add", []), ("edit", [instance.pk]), ("delete", [instance.pk])):
        url = reverse(viewset.get_url_name(view), args=args)
        response = admin_client.get(url)
        assert response.status_code in (302, 403), (view, response.status_code)
        if response.status_code == 302:
            assert response["Location"] != url
        assert admin_client.post(url, {}).status_code in (302, 403)
    assert viewset.model.objects.count() == before
    inspect = admin_client.get(reverse(viewset.get_url_name("inspect"), args=[instance.pk]))
    assert inspect.status_code == 200
    listing = admin_client.get(reverse(viewset.get_url_name("index")))
    assert reverse(viewset.get_url_name("add")) not in listing.text


def test_the_read_only_records_are_unchanged_after_trying(admin_client, decided):
    vote = Vote.objects.first()
    entry = LedgerEntry.objects.get()
    admin_client.post(reverse(VIEWSETS["vote"].get_url_name("edit"), args=[vote.pk]), {"choice": "oppose"})
    admin_client.post(reverse(VIEWSETS["ledgerentry"].get_url_name("edit"), args=[entry.pk]), {"amount": "1"})
    vote.refresh_from_db()
    entry.refresh_from_db()
    assert vote.choice == "support" and entry.amount == Decimal("900.00")
    assert Decision.objects.count() == 1


def test_staff_without_permissions_cannot_see_the_ledger_or_votes(client, decided):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse(VIEWSETS["ledgerentry"].get_url_name("index")))
    assert response.status_code in (302, 403)
    assert client.get(reverse(VIEWSETS["vote"].get_url_name("index"))).status_code in (302, 403)


# -- editing a round's budget --------------------------------------------------------------------


def round_form(funding_round, **changes) -> dict:
    data = {
        "collective": funding_round.collective_id,
        "name": funding_round.name,
        "financial_year": funding_round.financial_year,
        "budget": funding_round.budget,
        "maximum_award": "500.00",
        "applications_open": funding_round.applications_open.isoformat(),
        "voting_opens": funding_round.voting_opens.isoformat(),
        "voting_closes": funding_round.voting_closes.isoformat(),
        "decision_due": funding_round.decision_due.isoformat(),
        "quorum_percent": funding_round.quorum_percent,
        "threshold_percent": funding_round.threshold_percent,
        "minimum_match_percent": funding_round.minimum_match_percent,
    }
    return {**data, **changes}


def edit_round_url(funding_round) -> str:
    return reverse(VIEWSETS["fundinground"].get_url_name("edit"), args=[funding_round.pk])


def test_lowering_a_budget_below_what_is_awarded_is_refused_with_the_reason(admin_client, decided):
    """The CHECK constraint (committed <= budget) used to refuse the save with a server error."""
    funding_round = decided.round
    response = admin_client.post(edit_round_url(funding_round), round_form(funding_round, budget="899.99"))
    assert response.status_code == 200
    assert (
        "The budget must be at least £900, because that much has already been awarded from this round"
        in response.text
    )
    funding_round.refresh_from_db()
    assert funding_round.budget == Decimal("10000.00")

    response = admin_client.post(edit_round_url(funding_round), round_form(funding_round, budget="900.00"))
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.budget, funding_round.committed) == (Decimal("900.00"), Decimal("900.00"))


def test_an_award_made_while_a_round_is_being_saved_is_kept(admin_client, application, members, monkeypatch):
    """An approval that lands after the admin form was checked, before it is saved (as a chair's
    approval at the same moment would): the round's committed total must not go back to the
    total the form was loaded with, and the budget is checked against the new total."""
    votes(members, application, "SSSS")
    funding_round = application.round
    clean = FundingRound.clean

    def clean_while_the_chair_approves(self):
        clean(self)
        if not Decision.objects.exists():
            approve(application, members[0], "900.00")

    monkeypatch.setattr(FundingRound, "clean", clean_while_the_chair_approves)

    response = admin_client.post(edit_round_url(funding_round), round_form(funding_round, budget="500.00"))
    assert response.status_code == 200
    assert "The budget must be at least £900" in response.text
    response = admin_client.post(edit_round_url(funding_round), round_form(funding_round, budget="5000.00"))
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.budget, funding_round.committed) == (Decimal("5000.00"), Decimal("900.00"))
    assert funding_round.committed == sum(entry.amount for entry in LedgerEntry.objects.all())
