"""A partner's change in a real browser: on a phone (390x844) a partner contact opens Your listings,
changes an activity's start time (first sending it with the end before the start, and correcting it)
and is told it waits for review; a staff superuser approves it in the Wagtail admin ("Approve and
publish"); the public page shows the new time. axe-core checks the partner's pages on the way (Your
listings before and after, the form, and the form with errors), and none is wider than the phone."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.browser.test_funding_journey import Accessibility
from tests.browser.test_story_journey import PHONE, sign_in
from tests.builders import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(postcodes):
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Huddersfield Singers", slug="huddersfield-singers")
    activity = ActivityPageFactory(
        partner=partner,
        locality=kirklees,
        title="Sing together",
        slug="sing-together",
        sessions=[session("tue", "10:00", "11:30")],
    )
    PartnerContactFactory(partner=partner, user=UserFactory(username="partner", first_name="Pat"))
    UserFactory(username="staff", is_staff=True, is_superuser=True)
    return SimpleNamespace(partner=partner, activity=activity)


def test_a_partner_changes_the_start_time_and_staff_approve_it(open_page, people, screenshot):
    axe = Accessibility()
    partner_url = reverse("listings:partner", kwargs={"key": people.partner.translation_key})

    # A contact of one partner goes straight from /listings/ to that partner's listings.
    phone = sign_in(open_page, "partner", "/account/", PHONE)
    phone.get_by_role("link", name=re.compile("Your listings")).click()
    expect(phone).to_have_url(re.compile(re.escape(partner_url) + "$"))
    expect(phone.locator("main")).to_contain_text("Sing together")
    axe.check(phone, "your listings")
    assert_fits(phone)
    phone.get_by_role("link", name=re.compile("^Change.*Sing together")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Change Sing together")
    axe.check(phone, "activity form")
    assert_fits(phone)

    # The end before the start: a message by the field and in the summary, what was typed kept.
    phone.locator("#id_sessions-0-start_time").fill("13:00")
    phone.locator("#id_sessions-0-end_time").fill("12:30")
    phone.get_by_role("button", name="Send changes").click()
    summary = phone.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The end time must be after the start time.")
    expect(phone.locator("#id_sessions-0-start_time")).to_have_value("13:00")
    axe.check(phone, "activity form with errors")
    assert_fits(phone)
    screenshot(phone, "errors")

    phone.locator("#id_sessions-0-start_time").fill("11:00")
    phone.locator("#id_sessions-0-end_time").fill("12:30")
    phone.get_by_role("button", name="Send changes").click()
    expect(phone).to_have_url(re.compile(re.escape(partner_url) + "$"))
    expect(phone.locator("main")).to_contain_text("Your changes have been sent to Creative Minds to check")
    expect(phone.locator("main")).to_contain_text("Your changes are waiting for review")
    axe.check(phone, "your listings, a change waiting")
    assert_fits(phone)
    live = ActivityPage.objects.get(pk=people.activity.pk)
    assert live.has_unpublished_changes and live.sessions.get().start_time.hour == 10

    visitor = open_page(PHONE)
    visitor.goto("/activities/sing-together/")
    expect(visitor.locator("main")).to_contain_text("10am to 11:30am")

    # Staff approve it in the Wagtail admin.
    admin = sign_in(open_page, "staff", f"/admin/pages/{people.activity.pk}/edit/")
    admin.locator("footer").get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name=re.compile("Approve and publish", re.IGNORECASE)).click()
    expect(admin.get_by_role("row", name=re.compile("Sing together"))).to_contain_text("live")
    screenshot(admin, "approved")

    visitor.goto("/activities/sing-together/")
    expect(visitor.locator("main")).to_contain_text("11am to 12:30pm")
    screenshot(visitor, "public")

    assert not axe.report(), axe.report()


def assert_fits(page) -> None:
    """Nothing on the page is wider than the viewport (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"
