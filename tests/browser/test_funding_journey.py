"""Match funding in a real browser: a member reads an application, declares no conflict and votes;
the chair approves it; the partner sees "Approved". axe-core checks each page on the way."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import ConflictDeclaration, Decision, FundingApplication, InKindItem, Locality, Vote
from partners.selectors import tally_for

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-password"  # UserFactory's


@pytest.fixture
def funding(postcodes):
    """A Kirklees round with voting open: a chair, our member, two members who have voted, and a
    sent application from a partner whose contact can sign in."""
    kirklees = Locality.objects.get(slug="kirklees")
    collective = CollectiveFactory(locality=kirklees)
    funding_round = FundingRoundFactory(collective=collective, name="Winter 2026")
    chair = MembershipFactory(collective=collective, user=UserFactory(username="chair"), is_chair=True)
    member = MembershipFactory(collective=collective, user=UserFactory(username="member"))
    others = [MembershipFactory(collective=collective) for _ in range(2)]
    partner = PartnerPageFactory(home=kirklees, title="Holmfirth Arts Collective", slug="holmfirth-arts")
    contact = PartnerContactFactory(
        partner=partner, user=UserFactory(username="partner", email="pat@holmfirth.example")
    )
    application = FundingApplicationFactory(
        round=funding_round,
        partner=partner,
        created_by=contact.user,
        title="Open doors in Holmfirth",
        cash_contribution=Decimal("400"),
    )
    InKindItem.objects.create(application=application, description="Use of our studio", value=Decimal("100"))
    for other, choice in zip(others, ("support", "oppose"), strict=True):
        ConflictDeclaration.objects.create(membership=other, application=application, has_conflict=False)
        Vote.objects.create(membership=other, application=application, choice=choice)
    return SimpleNamespace(chair=chair, member=member, application=application, contact=contact)


def sign_in(open_page, username, next_url):
    """A fresh browser profile, signed in as `username`, showing `next_url`."""
    page = open_page()
    page.goto(f"/account/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    return page


class Accessibility:
    """Runs axe-core on each page it is shown and keeps the serious and critical violations."""

    def __init__(self):
        self.axe = Axe()
        self.found: dict[str, list[dict]] = {}

    def check(self, page, name):
        violations = self.axe.run(page).response["violations"]
        self.found[name] = [v for v in violations if v["impact"] in ("serious", "critical")]

    def report(self) -> str:
        lines = []
        for name, violations in self.found.items():
            for violation in violations:
                targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
                lines.append(
                    f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}: {targets}"
                )
        return "\n".join(lines)


def test_member_votes_chair_approves_partner_sees_it(open_page, funding, screenshot):
    axe = Accessibility()
    application = funding.application

    # A member finds the application, reads it, declares no conflict and votes.
    page = sign_in(open_page, "member", "/collectives/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding rounds and applications")
    funding_round = page.locator("section.cm-round", has_text="Kirklees: Winter 2026")
    card = funding_round.locator("li", has_text=application.title)
    expect(card.locator(".cm-application-state")).to_have_text("To vote")
    axe.check(page, "member dashboard")
    card.get_by_role("link", name=application.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(application.title)
    expect(page.get_by_text(application.summary)).to_be_visible()
    expect(page.get_by_text("£100 in kind: Use of our studio")).to_be_visible()
    expect(page.get_by_text("You will see how others voted after you vote.")).to_be_visible()
    axe.check(page, "review page, before declaring")
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Thank you. You can now vote.")

    page.get_by_label("Support", exact=True).check()
    page.get_by_label("Comment (optional)").fill("A lovely way to reach new people.")
    page.get_by_role("button", name="Save my vote").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your vote has been saved")
    expect(page.locator("#my-vote")).to_have_text("Support")
    expect(page.locator("#tally")).to_contain_text("3 of 4 members voted (needs 50%): met")
    screenshot(page, "member-voted")
    axe.check(page, "review page, after voting")
    vote = Vote.objects.get(membership=funding.member)
    assert (vote.choice, vote.comment) == ("support", "A lovely way to reach new people.")
    assert tally_for(application).threshold_met

    # The chair records the approval.
    page = sign_in(open_page, "chair", "/collectives/")
    page.locator("section.cm-round").get_by_role("link", name=application.title).click()
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision")
    expect(page.locator("#rules")).to_contain_text("Met: 3 of 4 voted")
    # Voting is still open, so the chair is warned and asked why they decide now.
    expect(page.locator("#voting-open")).to_contain_text("3 of 4 members have voted")
    axe.check(page, "decide page")
    page.get_by_label("Approve", exact=True).check()
    expect(page.get_by_label("Amount to award (£)")).to_have_value("1000.00")
    page.get_by_label("Reasons", exact=True).fill("A clear plan that reaches new people.")
    page.get_by_label("Why are you deciding before voting closes?").fill("The hall must be booked this week.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The decision has been recorded")
    expect(page.locator("#application-status")).to_have_text("Approved")
    screenshot(page, "chair-decided")

    decision = Decision.objects.get()
    assert (decision.outcome, decision.amount, decision.decided_by) == (
        "approved",
        Decimal("1000.00"),
        funding.chair.user,
    )
    assert FundingApplication.objects.get(pk=application.pk).round.committed == Decimal("1000.00")
    assert len(mail.outbox) == 1 and "pat@holmfirth.example" in mail.outbox[0].to

    # The partner sees the outcome on their dashboard, and can start another application.
    page = sign_in(open_page, "partner", "/funding/")
    row = page.locator("#applications tbody tr", has_text=application.title)
    expect(row.locator(".nhsuk-tag")).to_have_text("Approved")
    expect(row).to_contain_text("£1,000")
    axe.check(page, "partner dashboard")
    row.get_by_role("link", name=application.title).click()
    expect(page.locator("#decision")).to_contain_text("A clear plan that reaches new people.")

    page.goto("/funding/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for match funding")
    axe.check(page, "application form")
    page.get_by_role("button", name="Send to the collective").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a name for the project")
    screenshot(page, "form-errors")
    axe.check(page, "application form with errors")

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
