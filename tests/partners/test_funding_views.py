"""Partners' pages (/funding/): writing, saving and sending an application, the messages when it
cannot be sent, and what the partner sees afterwards. Forms are posted as the page shows them."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from activities.models import Category
from partners import services
from partners.factories import (
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
)
from partners.models import ConflictDeclaration, FundingApplication, InKindItem
from tests.builders import date_input
from tests.partners.builders import EARLY_REASON, approve, log_entries, page_form, votes


@pytest.fixture
def partner(kirklees):
    return PartnerPageFactory(home=kirklees.locality, title="Dewsbury Arts Collective")


@pytest.fixture
def partner_user(client, partner):
    user = PartnerContactFactory(partner=partner).user
    client.force_login(user)
    return user


def complete(data, **changes):
    """A complete, sendable application: £1,000 asked for, £500 cash, £1,500 in all."""
    data.update(
        {
            "title": "Open doors",
            "summary": "Weekly art sessions for everyone.",
            "what_will_happen": "Twenty weekly sessions.",
            "who_benefits": "About 20 people who use the trust's services.",
            "category": str(Category.objects.order_by("name").first().pk),
            **date_input("starts_on", datetime.date(2027, 1, 11)),
            **date_input("ends_on", datetime.date(2027, 6, 28)),
            "expected_participants": "20",
            "total_cost": "1500",
            "requested_amount": "1000",
            "cash_contribution": "500",
            "continuation": "Donations and volunteers.",
        }
    )
    data.update(changes)
    return data


def new_draft(client, **changes):
    url, data = page_form(client.get(reverse("funding:new")), "title")
    response = client.post(url, complete(data, action="save", **changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return FundingApplication.objects.latest("created_at")


def test_a_partner_saves_a_draft_then_sends_it(client, funding_round, members, partner, partner_user):
    linked = members[3]
    linked.linked_partners.add(partner)
    dashboard = client.get(reverse("funding:dashboard"))
    assert "Start a new application" in dashboard.text
    assert funding_round.name in dashboard.text

    url, data = page_form(client.get(reverse("funding:new")), "title")
    assert data["round"] == str(funding_round.pk)  # the only open round is chosen already
    response = client.post(url, {**data, "title": "Open doors", "action": "save"})
    draft = FundingApplication.objects.get()
    assert response["Location"] == reverse("funding:edit", kwargs={"public_id": draft.public_id})
    assert (draft.status, draft.title, draft.partner, draft.created_by) == (
        "draft",
        "Open doors",
        partner,
        partner_user,
    )
    assert draft.submitted_at is None
    assert not ConflictDeclaration.objects.exists()  # nothing happens until it is sent
    follow = client.get(response["Location"])
    assert "Your draft has been saved" in follow.text

    url, data = page_form(follow, "title")
    response = client.post(url, complete(data, action="send"))
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:application", kwargs={"public_id": draft.public_id})
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert timezone.now() - draft.submitted_at < datetime.timedelta(minutes=1)
    assert log_entries("partners.application_submitted", draft).get().user == partner_user
    conflict = ConflictDeclaration.objects.get()
    assert (conflict.membership, conflict.has_conflict, conflict.automatic) == (linked, True, True)
    assert "Your application has been sent to the collective" in client.get(response["Location"]).text


# Each starts from £1,000 asked for, £400 cash and £100 in kind ("Use of our hall"), £1,500 in all.
PROBLEMS = [
    pytest.param(
        {"requested_amount": "3500", "cash_contribution": "1650", "total_cost": "5250"},
        "requested_amount",
        "You can ask for up to £3,000 in this round. You asked for £3,500",
        {"requested_amount": "3000", "cash_contribution": "1400", "total_cost": "4500"},
        id="over the maximum award",
    ),
    pytest.param(
        {"requested_amount": "2000", "cash_contribution": "800", "total_cost": "2900"},
        "cash_contribution",
        "Your contribution (cash and in kind) must be at least £1,000, which is 50% of what you ask for. "
        "It is £900",
        {"in_kind-0-value": "200", "total_cost": "3000"},  # in kind counts towards the match
        id="match under the minimum",
    ),
    pytest.param(
        {"total_cost": "2000"},
        "total_cost",
        "The total cost (£2,000) should equal the amount you ask for plus your contribution (£1,500)",
        {"total_cost": "1500"},
        id="total cost does not add up",
    ),
]


def test_each_list_starts_with_a_plain_prompt_not_dashes(client, funding_round, partner_user):
    page = client.get(reverse("funding:new")).content.decode()
    assert "Choose a type" in page
    assert "---------" not in page


@pytest.mark.parametrize(("bad", "field", "message", "fix"), PROBLEMS)
def test_sending_shows_each_problem_and_keeps_the_draft(
    client, funding_round, partner_user, bad, field, message, fix
):
    url, data = page_form(client.get(reverse("funding:new")), "title")
    in_kind = {"in_kind-0-description": "Use of our hall", "in_kind-0-value": "100"}
    data = complete(data, **{"cash_contribution": "400", **in_kind, **bad})
    response = client.post(url, {**data, "action": "send"})

    assert response.status_code == 200
    assert message in response.text
    assert f'href="#id_{field}"' in response.text  # linked from the error summary
    assert response.context["form"].errors[field] == [message]
    assert "Your draft has been saved. Fix the problems below to send it." in response.text
    saved = FundingApplication.objects.get()  # everything typed was kept, as a draft
    assert saved.status == "draft" and saved.submitted_at is None
    assert saved.requested_amount == Decimal(data["requested_amount"])
    assert saved.total_cost == Decimal(data["total_cost"])
    assert saved.summary == data["summary"]
    assert list(saved.in_kind_items.values_list("description", "value")) == [
        ("Use of our hall", Decimal("100"))
    ]

    # Fix it on the page as shown and send again: the same draft is sent, nothing is doubled.
    url, data = page_form(response, "title")
    data.update(fix)
    response = client.post(url, {**data, "action": "send"})
    assert response.status_code == 302, response.context["form"].errors
    sent = FundingApplication.objects.get()
    assert sent.pk == saved.pk and sent.status == "submitted"
    assert InKindItem.objects.filter(application=sent).count() == 1


def test_a_draft_with_bad_input_keeps_what_was_already_saved(client, funding_round, partner_user):
    draft = new_draft(client, summary="The summary we saved")
    edit = reverse("funding:edit", kwargs={"public_id": draft.public_id})
    url, data = page_form(client.get(edit), "title")
    assert data["summary"] == "The summary we saved"
    data.update({"summary": "A new summary", "total_cost": "lots", "title": ""})
    data.update({"starts_on_day": "31", "starts_on_month": "02", "starts_on_year": "2027"})
    for action in ("save", "send"):
        response = client.post(url, {**data, "action": action})
        assert response.status_code == 200
        assert "Enter the total cost as a number, like 1500 or 1500.50" in response.text
        assert "Enter a name for the project" in response.text
        assert response.context["form"].errors["starts_on"] == ["Enter a real date"]
        assert 'value="lots"' in response.text  # what they typed is still on the page
        assert "A new summary" in response.text
        assert response.text.count("<title>Error: ") == 1
    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.summary, draft.total_cost) == (
        "draft",
        "Open doors",
        "The summary we saved",
        Decimal("1500.00"),
    )
    assert FundingApplication.objects.count() == 1


def test_in_kind_items_are_saved_edited_and_deleted(client, funding_round, partner_user):
    draft = new_draft(
        client,
        **{
            "in_kind-0-description": "Hall hire",
            "in_kind-0-value": "200",
            "in_kind-1-description": "Volunteers",
            "in_kind-1-value": "100",
        },
        cash_contribution="200",
    )
    assert draft.in_kind_total == Decimal("300")
    edit = reverse("funding:edit", kwargs={"public_id": draft.public_id})
    url, data = page_form(client.get(edit), "title")
    data.update({"in_kind-0-value": "250", "in_kind-1-DELETE": "on", "action": "save"})
    assert client.post(url, data).status_code == 302
    assert list(draft.in_kind_items.values_list("description", "value")) == [("Hall hire", Decimal("250.00"))]


def test_a_sent_application_cannot_be_edited(client, funding_round, partner, partner_user):
    sent = FundingApplicationFactory(round=funding_round, partner=partner, title="Already sent")
    edit = reverse("funding:edit", kwargs={"public_id": sent.public_id})
    detail = reverse("funding:application", kwargs={"public_id": sent.public_id})
    assert client.get(edit)["Location"] == detail
    assert (
        client.post(edit, {"title": "Changed", "round": funding_round.pk, "action": "save"})["Location"]
        == detail
    )
    sent.refresh_from_db()
    assert sent.title == "Already sent"
    with pytest.raises(services.FundingError, match="already been sent"):
        services.submit_application(application=sent, user=partner_user)


def test_only_open_rounds_in_the_partner_area_are_offered(
    client, funding_round, wakefield, partner, partner_user
):
    today = timezone.localdate()
    closed = FundingRoundFactory(
        collective=funding_round.collective,
        name="Long ago",
        applications_open=today - datetime.timedelta(days=100),
        voting_opens=today - datetime.timedelta(days=90),
        voting_closes=today - datetime.timedelta(days=80),
        decision_due=today - datetime.timedelta(days=70),
    )
    elsewhere = FundingRoundFactory(collective=wakefield, name="Wakefield round")
    form = client.get(reverse("funding:new")).context["form"]
    assert list(form.fields["round"].queryset) == [funding_round]
    url, data = page_form(client.get(reverse("funding:new")), "title")
    for other in (closed, elsewhere):
        response = client.post(url, {**data, "title": "Sneaky", "round": other.pk, "action": "save"})
        assert response.status_code == 200
        assert "round" in response.context["form"].errors
    assert not FundingApplication.objects.exists()


# -- submission_problems on its own -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {}),
        (
            {
                "requested_amount": Decimal("3000.01"),
                "total_cost": Decimal("4500.01"),
                "cash_contribution": Decimal("1500"),
            },
            {"requested_amount": "You can ask for up to £3,000 in this round. You asked for £3,000.01"},
        ),
        (
            {
                "requested_amount": Decimal("3000"),
                "cash_contribution": Decimal("1500"),
                "total_cost": Decimal("4500"),
            },
            {},
        ),
        (
            {"cash_contribution": Decimal("499.99"), "total_cost": Decimal("1499.99")},
            {
                "cash_contribution": "Your contribution (cash and in kind) must be at least £500, "
                "which is 50% of what you ask for. It is £499.99"
            },
        ),
        (
            {"total_cost": Decimal("1500.01")},
            {
                "total_cost": "The total cost (£1,500.01) should equal the amount you ask for "
                "plus your contribution (£1,500)"
            },
        ),
        (
            {"requested_amount": Decimal("0")},
            {"requested_amount": "The amount you ask for must be more than £0"},
        ),
        (
            {"ends_on": datetime.date(2027, 1, 10)},
            {"ends_on": "The end date must be on or after the start date"},
        ),
        (
            {"summary": "", "category": None, "requested_amount": None},
            {
                "summary": "Enter a short summary of the project",
                "category": "Choose the type of activity",
                "requested_amount": "Enter how much you are asking for",
            },
        ),
    ],
)
def test_submission_problems(funding_round, category, changes, expected):
    application = FundingApplicationFactory(
        round=funding_round, status="draft", **{"category": category, **changes}
    )
    assert services.submission_problems(application) == expected


def test_submission_problems_counts_in_kind_items(funding_round, category):
    application = FundingApplicationFactory(
        round=funding_round,
        status="draft",
        category=category,
        cash_contribution=Decimal("300"),
        total_cost=Decimal("1500"),
    )
    assert list(services.submission_problems(application)) == ["cash_contribution", "total_cost"]
    InKindItem.objects.create(application=application, description="Hall", value=Decimal("200"))
    application = FundingApplication.objects.get(pk=application.pk)
    assert services.submission_problems(application) == {}


@pytest.mark.parametrize(
    ("days", "ok"),
    [
        ((5, 15, 25, 30), False),  # applications not open yet
        ((0, 10, 20, 30), True),  # the first day
        ((-10, 0, 10, 20), True),  # voting, still taking applications
        ((-20, -10, 0, 10), True),  # the last day of voting
        ((-20, -10, -1, 10), False),  # waiting for decisions
        ((-40, -30, -20, -10), False),  # closed
    ],
)
def test_submission_problems_when_the_round_is_not_taking_applications(kirklees, category, days, ok):
    today = timezone.localdate()
    opens, voting_opens, voting_closes, due = (today + datetime.timedelta(days=d) for d in days)
    funding_round = FundingRoundFactory(
        collective=kirklees,
        applications_open=opens,
        voting_opens=voting_opens,
        voting_closes=voting_closes,
        decision_due=due,
    )
    problems = services.submission_problems(FundingApplicationFactory(round=funding_round, category=category))
    assert problems == ({} if ok else {"round": "Winter 2026 is not taking applications at the moment"})


# -- what the partner sees afterwards -------------------------------------------------------------


def test_the_partner_sees_the_decision_and_reasons(client, funding_round, partner, partner_user, members):
    approved = FundingApplicationFactory(round=funding_round, partner=partner, title="Open doors")
    declined = FundingApplicationFactory(round=funding_round, partner=partner, title="Closed doors")
    votes(members, approved, "SSS")
    approve(approved, members[0], "750", reasons="A clear plan.")
    services.record_decision(
        application=declined,
        user=members[0].user,
        outcome="declined",
        reasons="Too similar.",
        early_reason=EARLY_REASON,
    )

    dashboard = client.get(reverse("funding:dashboard"))
    soup = BeautifulSoup(dashboard.content, "html.parser")
    rows = {row.find("a").text: row.find("strong").text for row in soup.select("#applications tbody tr")}
    assert rows == {"Open doors": "Approved", "Closed doors": "Not approved"}
    assert "£750" in dashboard.text and "£750.00" not in dashboard.text

    detail = client.get(reverse("funding:application", kwargs={"public_id": approved.public_id}))
    assert "Approve: £750" in detail.text and "A clear plan." in detail.text
    detail = client.get(reverse("funding:application", kwargs={"public_id": declined.public_id}))
    assert "Too similar." in detail.text


def test_members_see_the_tally_only_after_voting(client, application, members):
    votes(members[1:3], application, "SO")
    member = members[3]
    client.force_login(member.user)
    url = reverse("collectives:application", kwargs={"public_id": application.public_id})
    page = client.get(url)
    assert "You will see how others voted after you vote." in page.text
    assert 'id="tally"' not in page.text
    votes([member], application, "S")
    page = client.get(url)
    assert 'id="tally"' in page.text
    assert "3 of 5 members voted (needs 50%): met" in page.text


def test_a_member_of_two_collectives_sees_both(client, application, wakefield, members):
    other = FundingApplicationFactory(
        round=FundingRoundFactory(collective=wakefield), title="Wakefield project"
    )
    MembershipFactory(collective=wakefield, user=members[1].user)
    client.force_login(members[1].user)
    response = client.get(reverse("collectives:dashboard"))
    assert {row.application for section in response.context["rounds"] for row in section.applications} == {
        application,
        other,
    }
