"""A partner's participants and registers on a 390x844 phone: no page wider than the screen, every
activity named with its day, time and venue, and axe-core finds nothing serious or critical.

The partner signs in with a password and a code from their authenticator app (two-factor sign-in
on, as in production), then visits /participants/, one participant, /attendance/ and a register."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from activities.detail import distinguishing_label
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import Attendance, WellbeingCheckIn
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from tests.browser.test_funding_journey import PASSWORD, Accessibility
from tests.builders import ActivityMaker, session
from tests.otp import current_code

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# Five groups with one name, as a partner running a programme across a district has.
VENUES = [
    ("Batley Library", "tue", "10:00"),
    ("Dewsbury Town Hall", "tue", "14:00"),
    ("Heckmondwike Community Centre", "wed", "10:30"),
    ("Mirfield Methodist Church Hall", "thu", "18:00"),
    ("Cleckheaton Town Hall", "fri", "13:00"),
]


@pytest.fixture
def register(postcodes, settings):
    """A partner contact with an authenticator app, five "Knit and natter" groups, and people at the
    first with every questionnaire state: answered, due later, due now and declined."""
    settings.TWO_FACTOR_REQUIRED = True
    make_activity = ActivityMaker()
    partner = PartnerPageFactory(title="Spen Valley Crafters")
    activities = [
        make_activity(
            "Knit and natter",
            slug=f"knit-and-natter-{number}",
            partner=partner,
            venue_name=venue,
            sessions=[session(day, start)],
        )
        for number, (venue, day, start) in enumerate(VENUES)
    ]
    contact = PartnerContactFactory(partner=partner, user=UserFactory(username="partner")).user
    device = TOTPDevice.objects.create(user=contact, name="Phone", confirmed=True)

    today = timezone.localdate()
    people = []
    for number, name in enumerate(["Alexandra-Victoria", "Bo", "Chidimma", "Dev"]):
        participant = ParticipantFactory(
            referral__activity=activities[0],
            referral__preferred_name=name,
            joined_on=today - datetime.timedelta(weeks=4 + 4 * number),
        )
        WellbeingCheckInFactory(participant=participant)
        WellbeingCheckInFactory(
            participant=participant,
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            status=[
                WellbeingCheckIn.Status.WAITING,
                WellbeingCheckIn.Status.WAITING,
                WellbeingCheckIn.Status.DECLINED,
                WellbeingCheckIn.Status.ANSWERED,
            ][number],
            due_on=participant.joined_on + datetime.timedelta(weeks=12),
        )
        Attendance.objects.create(participant=participant, session_date=participant.joined_on)
        people.append(participant)
    ParticipantFactory(referral__activity=activities[3], referral__preferred_name="Efe")
    return SimpleNamespace(activities=activities, people=people, device=device)


def sign_in_on_a_phone(open_page, device, next_url):
    phone = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    phone.goto(f"/account/login/?next={next_url}")
    phone.locator("#id_username").fill("partner")
    phone.locator("#id_password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    phone.get_by_label("Security code").fill(current_code(device))
    phone.get_by_role("button", name="Continue").click()
    expect(phone).to_have_url(re.compile(re.escape(next_url) + "$"))
    return phone


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def most_lines(page, selector) -> int:
    """The most lines of text any of these elements takes: its text's line boxes, with tops closer
    than 10px (a tag's padding) counted as one line."""
    return page.evaluate(
        """selector => Math.max(...Array.from(document.querySelectorAll(selector), element => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            const tops = [];
            while (walker.nextNode()) {
                if (!walker.currentNode.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(walker.currentNode);
                for (const rect of range.getClientRects()) tops.push(rect.top);
            }
            tops.sort((a, b) => a - b);
            return tops.filter((top, index) => index === 0 || top - tops[index - 1] > 10).length;
        }))""",
        selector,
    )


def test_participants_and_registers_fit_a_phone_and_name_each_activity(open_page, register, screenshot):
    axe = Accessibility()
    first, fourth = register.activities[0], register.activities[3]
    first_label, fourth_label = distinguishing_label(first), distinguishing_label(fourth)
    assert first_label != fourth_label and first.title == fourth.title

    phone = sign_in_on_a_phone(open_page, register.device, "/participants/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Participants")
    people = phone.locator("#participants")
    expect(people).to_contain_text(first_label)
    expect(people).to_contain_text(fourth_label)
    filter_options = phone.get_by_label("Activity").locator("option")
    expect(filter_options).to_have_text(["All activities", first_label, fourth_label])
    screenshot(phone, "1-participants")
    assert width(phone) <= PHONE["width"]
    # Each questionnaire's state is a short tag, its cell one line with its heading (not three).
    assert most_lines(phone, "#participants td:nth-child(n+6)") == 1
    axe.check(phone, "participants (phone)")

    phone.get_by_role("link", name=register.people[0].code).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(register.people[0].code)
    expect(phone.locator("main")).to_contain_text(first_label)
    screenshot(phone, "2-participant")
    assert width(phone) <= PHONE["width"]
    axe.check(phone, "participant (phone)")

    phone.goto("/attendance/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Attendance registers")
    for activity in register.activities:
        expect(phone.get_by_role("link", name=distinguishing_label(activity))).to_be_visible()
    screenshot(phone, "3-registers")
    assert width(phone) <= PHONE["width"]
    axe.check(phone, "registers (phone)")

    phone.get_by_role("link", name=first_label).click()
    expect(phone.locator("main")).to_contain_text(first_label)
    phone.locator("main ul.nhsuk-list a").first.click()
    expect(phone.locator(".nhsuk-caption-l")).to_have_text(first_label)
    expect(phone.get_by_role("group", name="Who came?").get_by_role("checkbox")).to_have_count(4)
    screenshot(phone, "4-register")
    assert width(phone) <= PHONE["width"]
    axe.check(phone, "register (phone)")

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
