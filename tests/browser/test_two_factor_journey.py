"""Two-factor sign-in in a real browser. A partner contact signs in, is asked for a code sent to
their email before anything else, chooses email codes, gets backup codes and reaches /referrals/;
next time, an emailed code lets them in. On a phone, a member of staff sets up an authenticator app
by its key. axe-core checks every page of the way."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.browser.test_funding_journey import PASSWORD, Accessibility
from tests.otp import current_code, last_emailed_code

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(postcodes, settings):
    settings.TWO_FACTOR_REQUIRED = True
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Holmfirth Arts Collective", slug="holmfirth-arts")
    contact = PartnerContactFactory(
        partner=partner,
        user=UserFactory(username="partner", first_name="Pat", email="pat@holmfirth.example"),
    )
    staff = UserFactory(
        username="staffer", is_staff=True, is_superuser=True, email="sam@creativeminds.example"
    )
    return SimpleNamespace(partner=contact.user, staff=staff)


def sign_in_with_password(page, username, next_url):
    page.goto(f"/account/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_a_partner_sets_up_email_codes_and_reaches_referrals(open_page, people, screenshot):
    axe = Accessibility()
    page = open_page()

    # The password is only the first step: the page asks to email a code before anything else.
    sign_in_with_password(page, "partner", "/referrals/")
    expect(page).to_have_url(re.compile(r"/account/two-factor/setup/\?next=%2Freferrals%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_text("p•••@holmfirth.example")).to_be_visible()
    expect(page.get_by_text("Why we ask:")).to_be_visible()
    screenshot(page, "1-set-up")
    axe.check(page, "set up: email me a code")
    page.get_by_role("button", name="Email me a code").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    code = last_emailed_code("pat@holmfirth.example")
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter all 6 digits of the code")
    expect(page).to_have_title(re.compile(r"^Error: "))
    screenshot(page, "2-check-email-error")
    axe.check(page, "check your email, with an error")
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Choose how to get your security codes")
    screenshot(page, "3-choose")
    axe.check(page, "choose a method")
    page.get_by_label("A code sent to my email each time I sign in").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Save your backup codes")
    expect(page.locator(".cm-backup-codes li")).to_have_count(10)
    screenshot(page, "4-backup-codes")
    axe.check(page, "backup codes")
    page.get_by_role("button", name="I have saved my codes, continue").click()

    expect(page).to_have_url(re.compile(r"/referrals/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals")

    # Signing out forgets the second factor: next time, a code by email lets them in.
    page.goto("/account/")
    page.get_by_role("button", name="Sign out").click()
    mail.outbox.clear()
    sign_in_with_password(page, "partner", "/referrals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get a security code by email")
    expect(page.get_by_role("link", name="Use a backup code")).to_be_visible()
    screenshot(page, "5-verify-by-email")
    axe.check(page, "verify: email me a code")
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe.check(page, "verify: enter the emailed code")
    page.get_by_label("Security code").fill(last_emailed_code("pat@holmfirth.example"))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/referrals/$"))

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()


def test_on_a_phone_staff_set_up_an_authenticator_app_by_its_key(open_page, people, screenshot):
    axe = Accessibility()
    phone = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)

    sign_in_with_password(phone, "staffer", "/admin/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    assert fits(phone, PHONE)
    screenshot(phone, "1-set-up-phone")
    axe.check(phone, "set up (phone)")
    phone.get_by_role("button", name="Email me a code").click()
    phone.get_by_label("Security code").fill(last_emailed_code("sam@creativeminds.example"))
    screenshot(phone, "2-check-email-phone")
    axe.check(phone, "check your email (phone)")
    phone.get_by_role("button", name="Continue").click()

    phone.get_by_label("An authenticator app on my phone or tablet").check()
    assert fits(phone, PHONE)
    screenshot(phone, "3-choose-phone")
    phone.get_by_role("button", name="Continue").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(phone.locator(".cm-qr svg")).to_be_visible()
    key = phone.locator("main code").inner_text()
    device = TOTPDevice.objects.get(user=people.staff, confirmed=False)
    assert key.replace(" ", "") in device.config_url  # what someone who cannot scan types in
    assert fits(phone, PHONE)
    screenshot(phone, "4-app-phone")
    axe.check(phone, "authenticator app (phone)")
    phone.get_by_label("Security code").fill(current_code(device))
    phone.get_by_role("button", name="Continue").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Save your backup codes")
    assert fits(phone, PHONE)
    screenshot(phone, "5-backup-codes-phone")
    axe.check(phone, "backup codes (phone)")
    phone.get_by_role("button", name="I have saved my codes, continue").click()
    expect(phone).to_have_url(re.compile(r"/admin/$"))

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
