"""Signing in with a wrong password in a real browser: the password box stays a password box and
comes back empty, with the error summary; axe-core finds nothing serious on that page."""

import re

import pytest
from playwright.sync_api import expect

from partners.factories import UserFactory
from tests.browser.test_directory_journey import describe, serious_violations

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; see conftest.py for the serialized rollback.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE = "Your email or username and password do not match. Try again."


def test_a_wrong_password_comes_back_as_an_empty_password_box(page, screenshot):
    UserFactory(username="sam")
    page.goto("/account/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name=MESSAGE)).to_be_visible()
    expect(summary).to_be_focused()  # NHS.UK's script moves there, so it is read out first
    password = page.get_by_label("Password")
    expect(password).to_have_attribute("type", "password")
    expect(password).to_have_value("")
    assert password.get_attribute("value") is None  # not even an empty value="" sent by the server
    assert "not my password" not in page.content()
    expect(page.get_by_label("Username")).to_have_value("sam")  # what was typed, kept
    screenshot(page, "wrong-password")

    violations = serious_violations(page)
    assert not violations, "axe-core found serious or critical problems:\n" + describe(
        {"/account/login/ (wrong password)": violations}
    )
