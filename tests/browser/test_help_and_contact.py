"""The pages a person in distress may be on, and the privacy notice, in a real browser at desktop and
phone sizes: the "If you need help now" box and the contact details are there and readable, and
axe-core finds no serious or critical problem."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Site

from activities.factories import ActivityPageFactory
from activities.models import ActivityPage
from activities.referrals import checkins
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import WellbeingCheckIn
from home.models import SiteSettings
from partners.factories import PartnerPageFactory
from partners.models import Locality
from tests.browser.conftest import DESKTOP
from tests.browser.test_funding_journey import Accessibility

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, content pages, localities, categories). See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def pages(postcodes):
    """The addresses to look at: an activity that takes requests to join, and a questionnaire link."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_phone, settings.contact_email = "0306 999 0123", "hello@creativeminds.example"
    settings.postal_address = "Creative Minds (example address)\n1 Example Street\nWakefield\nWF1 1AA"
    settings.opening_hours = "Monday to Friday, 9am to 5pm, except bank holidays"
    settings.save()
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Holmfirth Arts Collective", slug="holmfirth-arts")
    activity = ActivityPageFactory(
        partner=partner,
        locality=kirklees,
        title="Art for wellbeing in Holmfirth",
        slug="art-holmfirth",
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
    )
    check_in = WellbeingCheckInFactory(
        participant=ParticipantFactory(referral__activity=activity, joined_on=datetime.date(2026, 11, 2)),
        status=WellbeingCheckIn.Status.WAITING,
    )
    token = checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.QR)
    return SimpleNamespace(
        distress={
            "questionnaire": reverse("wellbeing:answer", args=[token]),
            "thank-you": reverse("wellbeing:thank_you"),
            "ask-to-join": reverse("ask_to_join", args=[activity.slug]),
            "ask-to-join-sent": reverse("ask_to_join_sent", args=[activity.slug]),
            "activity": activity.url,
        },
        content={
            "privacy-notice": "/privacy/",
            "accessibility-statement": "/accessibility-statement/",
            "about": "/about/",
        },
    )


@pytest.mark.parametrize(
    ("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)], ids=["desktop", "phone"]
)
def test_help_box_and_contact_details_with_no_serious_accessibility_problem(
    open_page, pages, screenshot, size, viewport
):
    axe = Accessibility()
    page = open_page(viewport)
    for name, path in {**pages.distress, **pages.content}.items():
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"

        help_now = page.locator(".cm-help-now")
        if name in pages.distress:
            expect(help_now).to_have_count(1)
            expect(help_now.get_by_role("heading", name="If you need help now")).to_be_visible()
            for number in ("NHS 111", "Samaritans on 116 123", "999"):
                expect(help_now.get_by_role("link", name=number, exact=True)).to_be_visible()
        else:
            expect(help_now).to_have_count(0)

        footer = page.get_by_role("contentinfo")
        expect(footer.get_by_role("heading", name="Contact Creative Minds")).to_be_visible()
        expect(footer.get_by_role("link", name="0306 999 0123")).to_have_attribute("href", "tel:03069990123")
        expect(footer.get_by_role("link", name="hello@creativeminds.example")).to_be_visible()
        expect(footer.locator("address")).to_contain_text("1 Example Street")

        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
            f"{name} scrolls sideways at {size} size"
        )
        screenshot(page, f"{size}-{name}")
        axe.check(page, f"{name} ({size})")

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
