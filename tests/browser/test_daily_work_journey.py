"""Every role's daily work on a phone (390×844), in a real browser, with two-factor sign-in: a champion
refers someone and reads what happens next; the partner's dashboard (/account/) counts the new
referral and they mark the person joined for the session date they choose; a collective member
finds the application under its round on /collectives/ and votes; the chair opens the decision
while voting is still open and is warned and asked why. A coordinator then finds the referral by
its filters. axe-core checks every page on the way, and no page is wider than the phone.

Written from the other parts' contracts (issue 14): the "Refer someone" button and "What happens
next" on the referral page; a count of new referrals on /account/ and the session dates to choose
from when marking someone joined; rounds with their applications on /collectives/ ("Voting is open
until"); and on the decision page, a warning and a reason field named `early_reason`.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import Attendance, Participant, Referral
from activities.referrals.tasks import add_working_days
from partners.factories import (
    CollectiveFactory,
    FundingApplicationFactory,
    FundingRoundFactory,
    MembershipFactory,
    PartnerContactFactory,
    PartnerPageFactory,
    UserFactory,
)
from partners.models import ConflictDeclaration, Decision, Locality, Vote
from tests.browser.test_funding_journey import PASSWORD, Accessibility
from tests.builders import session
from tests.otp import current_code

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# The chair's reason for deciding before voting closes (the collectives' decision form).
EARLY_REASON = '[name="early_reason"]'
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def people(postcodes, settings):
    """Kirklees: a partner running one activity that met three days ago, its contact, a champion, a
    coordinator, and a round whose voting closes in five days with one application, a chair, our
    member and two members who have voted (and an earlier round, waiting for its decisions).
    Everyone with a referral role has an authenticator app."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.REFERRAL_REMINDER_WORKING_DAYS = 3
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Holmfirth Arts Collective", slug="holmfirth-arts")
    last_session = timezone.localdate() - datetime.timedelta(days=3)
    activity = ActivityPageFactory(
        partner=partner,
        locality=kirklees,
        title="Art for wellbeing",
        slug="art-holmfirth",
        sessions=[session(DAYS[last_session.weekday()], "10:00")],
    )
    contact = PartnerContactFactory(
        partner=partner,
        user=UserFactory(
            username="partner", first_name="Pat", last_name="Partner", email="pat@holmfirth.example"
        ),
    ).user
    champion = ChampionProfileFactory(
        user=UserFactory(username="champion", first_name="Chris", last_name="Campbell"), locality=kirklees
    ).user
    collective = CollectiveFactory(locality=kirklees)
    coordinator = UserFactory(username="coordinator")
    collective.coordinators.add(coordinator)
    for user in (contact, champion, coordinator):
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    funding_round = FundingRoundFactory(collective=collective, name="Winter 2026")
    # An earlier round, still waiting for its decisions: listed after Winter 2026 (newest first).
    today = timezone.localdate()
    earlier_round = FundingRoundFactory(
        collective=collective,
        name="Autumn 2026",
        applications_open=today - datetime.timedelta(days=60),
        voting_opens=today - datetime.timedelta(days=30),
        voting_closes=today - datetime.timedelta(days=1),
        decision_due=today + datetime.timedelta(days=5),
    )
    chair = MembershipFactory(collective=collective, user=UserFactory(username="chair"), is_chair=True)
    member = MembershipFactory(collective=collective, user=UserFactory(username="member"))
    application = FundingApplicationFactory(
        round=funding_round, partner=partner, created_by=contact, title="Open doors in Holmfirth"
    )
    for choice in ("support", "oppose"):
        other = MembershipFactory(collective=collective)
        ConflictDeclaration.objects.create(membership=other, application=application, has_conflict=False)
        Vote.objects.create(membership=other, application=application, choice=choice)
    return SimpleNamespace(
        activity=activity,
        last_session=last_session,
        contact=contact,
        champion=champion,
        coordinator=coordinator,
        funding_round=funding_round,
        earlier_round=earlier_round,
        application=application,
        chair=chair,
        member=member,
    )


class Journey:
    """The phone, and what is checked on every page: axe-core, and nothing wider than the screen."""

    def __init__(self, open_page, screenshot):
        self.open_page = open_page
        self.screenshot = screenshot
        self.axe = Accessibility()
        self.too_wide: dict[str, int] = {}

    def phone(self):
        return self.open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)

    def sign_in(self, username, next_url):
        """A fresh phone, signed in as `username` (with a code from their app when the page asks)."""
        page = self.phone()
        page.goto(f"/account/login/?next={next_url}")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        heading = page.get_by_role("heading", level=1)
        if next_url.startswith("/referrals/"):
            expect(heading).to_have_text("Enter the code from your authenticator app")
            self.check(page, f"second factor ({username})")
            device = TOTPDevice.objects.get(user__username=username)
            page.get_by_label("Security code").fill(current_code(device))
            page.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
        return page

    def check(self, page, name):
        self.axe.check(page, name)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.too_wide[name] = width
        self.screenshot(page, re.sub(r"\W+", "-", name))

    def assert_all_good(self):
        assert not self.too_wide, f"pages wider than the phone ({PHONE['width']}px): {self.too_wide}"
        found = {name: violations for name, violations in self.axe.found.items() if violations}
        assert not found, "axe-core found serious or critical problems:\n" + self.axe.report()


def test_a_day_of_work_on_a_phone(open_page, people, screenshot):
    journey = Journey(open_page, screenshot)
    activity = people.activity

    # 1. The champion refers someone, and reads what happens next.
    page = journey.sign_in("champion", "/referrals/")
    page.goto(activity.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(activity.title)
    journey.check(page, "activity page (champion)")
    page.get_by_role("link", name=re.compile(r"^Refer someone")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer someone")
    journey.check(page, "referral form")
    page.get_by_label("Their preferred name").fill("Alex")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Their email address").fill("alex.r@example.net")
    page.get_by_label("They agreed to Creative Minds sharing these details with the group").check()
    page.get_by_role("button", name="Send referral").click()

    expect(page).to_have_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    due = add_working_days(timezone.localdate(), 3)
    main = page.locator("main")
    expect(main).to_contain_text(f"{due.day} {due:%B}")
    expect(main).to_contain_text("Pat Partner")
    journey.check(page, "referral page with the next step (champion)")
    referral = Referral.objects.get(preferred_name="Alex")
    assert (referral.activity, referral.champion, referral.status) == (activity, people.champion, "sent")

    # A week passes: the person went to the session three days ago.
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))

    # 2. The partner's dashboard counts the new referral; they mark Alex joined on that session's date.
    page = journey.sign_in("partner", "/referrals/")
    page.goto("/account/")
    new_referrals = page.get_by_role("link", name=re.compile(r"new referral", re.IGNORECASE)).first
    expect(page.locator("main")).to_contain_text(re.compile(r"new referral", re.IGNORECASE))
    expect(page.locator("main")).to_contain_text(
        re.compile(r"\b1\b\D{0,40}new referral|new referrals?\D{0,40}\b1\b", re.IGNORECASE)
    )
    journey.check(page, "partner dashboard")
    new_referrals.click()
    page.get_by_role("link", name="Alex").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    page.get_by_label("They came to a session").check()
    day = people.last_session
    page.get_by_label(re.compile(rf"{day:%A} {day.day} {day:%B}")).check()
    journey.check(page, "marking joined (partner)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Referral marked as joined.")
    journey.check(page, "referral page, joined (partner)")
    participant = Participant.objects.get(referral=referral)
    assert participant.joined_on == day
    assert list(
        Attendance.objects.filter(participant=participant).values_list("session_date", flat=True)
    ) == [day]

    # 3. A member finds the application under its round, and votes.
    application = people.application
    page = journey.sign_in("member", "/collectives/")
    # The nearest heading before the application's link that names a round is its own round's.
    rounds = (people.funding_round.name, people.earlier_round.name)
    names_a_round = " or ".join(f'contains(., "{name}")' for name in rounds)
    round_heading = page.locator(
        f'xpath=//main//a[normalize-space()="{application.title}"]'
        f"/preceding::*[self::h2 or self::h3 or self::h4][{names_a_round}][1]"
    )
    expect(round_heading).to_contain_text(people.funding_round.name)
    journey.check(page, "collectives (member)")
    page.locator("main").get_by_role("link", name=application.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(application.title)
    journey.check(page, "application (member)")
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Support", exact=True).check()
    page.get_by_role("button", name="Save my vote").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your vote has been saved")
    journey.check(page, "application, voted (member)")
    assert Vote.objects.get(membership=people.member).choice == "support"

    # 4. The chair opens the decision while voting is still open: warned, and asked why.
    page = journey.sign_in("chair", "/collectives/")
    page.get_by_role("link", name=application.title).first.click()
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision")
    closes = people.funding_round.voting_closes
    expect(page.locator("main")).to_contain_text("Voting is open until")
    expect(page.locator("main")).to_contain_text(f"{closes.day} {closes:%B}")
    reason = page.locator(EARLY_REASON)
    expect(reason).to_be_visible()
    journey.check(page, "decide while voting is open (chair)")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Reasons", exact=True).fill("A clear plan that reaches new people.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert not Decision.objects.exists()
    journey.check(page, "decide without a reason for deciding early (chair)")
    page.locator(EARLY_REASON).fill("The partner needs to book the venue this week.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The decision has been recorded")
    assert Decision.objects.get().outcome == "approved"

    # 5. The coordinator finds Alex's referral by partner and activity, by link.
    page = journey.sign_in("coordinator", "/referrals/")
    page.get_by_label("Partner", exact=True).select_option(label="Holmfirth Arts Collective")
    page.get_by_label("Activity", exact=True).select_option(index=1)
    page.get_by_role("button", name="Show referrals").click()
    expect(page).to_have_url(re.compile(rf"partner={activity.partner_id}.*activity={activity.pk}"))
    row = page.locator("#referrals tbody tr", has_text="Alex")
    expect(row).to_contain_text("Holmfirth Arts Collective")
    expect(row.locator(".nhsuk-tag").first).to_have_text("Joined")
    journey.check(page, "referrals filtered (coordinator)")

    journey.assert_all_good()


def test_a_coordinator_finds_stuck_referrals_and_who_to_chase_on_a_phone(open_page, people, screenshot):
    """The coordinator's part alone: referrals waiting too long, by link, with the partner's contact."""
    journey = Journey(open_page, screenshot)
    stuck = ReferralFactory(activity=people.activity, champion=people.champion, preferred_name="Sam")
    Referral.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - datetime.timedelta(days=14))
    ReferralFactory(activity=people.activity, champion=people.champion, preferred_name="Jo")
    ActivityPage.objects.filter(pk=people.activity.pk).update(contact_phone="01484 222444")

    page = journey.sign_in("coordinator", "/referrals/")
    expect(page.locator("#referrals tbody tr")).to_have_count(2)
    journey.check(page, "referrals (coordinator)")
    page.get_by_label(re.compile(r"^Only referrals waiting too long")).check()
    page.get_by_role("button", name="Show referrals").click()
    expect(page).to_have_url(re.compile(r"/referrals/\?.*\bwaiting=on\b"))
    rows = page.locator("#referrals tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sam")
    expect(rows.first).to_contain_text("Waiting too long")
    expect(rows.first).to_contain_text("Chase Holmfirth Arts Collective")
    expect(rows.first.get_by_role("link", name="pat@holmfirth.example")).to_be_visible()
    expect(rows.first.get_by_role("link", name="01484 222444")).to_be_visible()
    journey.check(page, "referrals waiting too long (coordinator)")

    journey.assert_all_good()
