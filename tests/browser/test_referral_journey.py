"""Referrals and wellbeing in a real browser: a champion refers someone; the partner acknowledges the
referral and marks them as joined; the person opens the wellbeing link on a phone, answers and sees
the thank-you page; /impact/ shows the published figures. axe-core checks each page on the way."""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.referrals import session_dates
from activities.referrals.factories import (
    ChampionProfileFactory,
    ParticipantFactory,
    WellbeingCheckInFactory,
    answers_for_metric,
)
from activities.referrals.models import ConsentRecord, Participant, Referral, WellbeingCheckIn
from activities.referrals.swemwbs import ITEMS
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.browser.test_funding_journey import Accessibility, sign_in
from tests.referrals.emails import assert_no_health_data

pytestmark = [
    pytest.mark.browser,
    # live_server needs transactions; the serialized rollback restores the migrations' rows
    # (page tree, localities, categories) that each test's flush removes. See conftest.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
PERSON_EMAIL = "alex.r@example.net"
SUPPORT_NEEDS = "Would like someone to meet them at the door."
WELLBEING_LINK = re.compile(r"https?://\S+?(/wellbeing/[A-Za-z0-9_-]+/)")
# Six statements answered "Often" and the last "Some of the time": 6 x 4 + 3 = 27.
ANSWERS = ["Often"] * 6 + ["Some of the time"]
PUBLISHED_PAIRS = 32  # enough people with both scores (30 or more) for /impact/ to show a mean


@pytest.fixture
def referrals(postcodes):
    """A Kirklees partner with one activity and a contact who can sign in, a champion, and (so /impact/
    has a chart and figures to check) people at another activity who answered twice."""
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Holmfirth Arts Collective", slug="holmfirth-arts")
    activity = ActivityPageFactory(
        partner=partner, locality=kirklees, title="Art for wellbeing in Holmfirth", slug="art-holmfirth"
    )
    contact = PartnerContactFactory(
        partner=partner,
        user=UserFactory(
            username="partner", first_name="Pat", last_name="Partner", email="pat@holmfirth.example"
        ),
    )
    champion = ChampionProfileFactory(
        user=UserFactory(username="champion", first_name="Chris", last_name="Campbell"),
        locality=kirklees,
        trust_team="Kirklees Community Mental Health Team",
    ).user

    elsewhere = ActivityPageFactory(partner=partner, locality=kirklees, slug="walk-holmfirth")
    for number in range(PUBLISHED_PAIRS):
        participant = ParticipantFactory(referral__activity=elsewhere, referral__champion=champion)
        WellbeingCheckInFactory(participant=participant, answers=answers_for_metric(19 + number % 5))
        WellbeingCheckInFactory(
            participant=participant,
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            answers=answers_for_metric(21 + number % 7),
        )
    return SimpleNamespace(activity=activity, contact=contact, champion=champion)


def test_refer_acknowledge_join_and_answer_on_a_phone(open_page, referrals, screenshot):
    axe = Accessibility()
    activity = referrals.activity

    # The champion finds the activity and refers someone, making a mistake first.
    page = sign_in(open_page, "champion", activity.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(activity.title)
    axe.check(page, "activity page")
    page.get_by_role("link", name=f"Refer someone to {activity.title}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Refer someone")
    axe.check(page, "referral form")
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the name they like to be called")
    expect(summary).to_contain_text("Choose how they would like to be contacted")
    expect(summary).to_contain_text("Confirm that they agreed to share their details")
    expect(page).to_have_title(re.compile(r"^Error: "))
    screenshot(page, "1-referral-form-errors")
    axe.check(page, "referral form with errors")

    page.get_by_label("Their preferred name").fill("Alex")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Their email address").fill(PERSON_EMAIL)
    page.get_by_label("Anything that would help them take part (optional)").fill(SUPPORT_NEEDS)
    page.get_by_label("They agreed to Creative Minds sharing these details with the group").check()
    page.get_by_role("button", name="Send referral").click()

    expect(page).to_have_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Referral sent.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    expect(page.locator("main .nhsuk-tag").first).to_have_text("Sent")
    expect(page.locator("#next-step + p")).to_contain_text("will contact them within 3 working days, by ")
    screenshot(page, "2-referral-sent")
    axe.check(page, "referral page (champion)")
    referral = Referral.objects.get(preferred_name="Alex")
    assert (referral.champion, referral.email, referral.status) == (referrals.champion, PERSON_EMAIL, "sent")
    assert referral.consents.get().purpose == ConsentRecord.Purpose.REFERRAL_CONTACT
    notice = next(message for message in mail.outbox if "pat@holmfirth.example" in message.to)
    assert_no_health_data(notice, referral)  # the partner signs in to read the details

    # The partner acknowledges it, then marks the person as having come to a session.
    page = sign_in(open_page, "partner", "/referrals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals")
    row = page.locator("#referrals tbody tr", has_text="Alex")
    expect(row.locator(".nhsuk-tag")).to_have_text("Sent")
    axe.check(page, "referrals dashboard (partner)")
    row.get_by_role("link", name="Alex").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    expect(page.get_by_text(SUPPORT_NEEDS)).to_be_visible()
    axe.check(page, "referral page (partner)")
    page.get_by_label("We have received it and will be in touch").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Referral marked as acknowledged.")
    # Some weeks on, they came: the partner chooses the day of that session from the days the
    # activity met since the referral.
    Referral.objects.filter(pk=referral.pk).update(
        created_at=referral.created_at - datetime.timedelta(weeks=8)
    )
    page.reload()
    page.get_by_label("They came to a session").check()
    first_session = page.get_by_role("group", name="Date of their first session").get_by_role("radio").first
    first_session.check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Referral marked as joined.")
    expect(page.locator("main .nhsuk-tag").first).to_have_text("Joined")
    expect(page.locator("#history li")).to_have_count(3)
    screenshot(page, "3-referral-joined")
    axe.check(page, "referral page, joined (partner)")
    participant = Participant.objects.get(referral=referral)
    expect(page.get_by_role("link", name=participant.code)).to_be_visible()
    assert session_dates.meets_on(activity, participant.joined_on)
    assert list(participant.attendances.values_list("session_date", flat=True)) == [participant.joined_on]

    # Joining emailed the person a link to their first questionnaire; nothing about their health.
    email = next(message for message in mail.outbox if message.to == [PERSON_EMAIL])
    assert_no_health_data(email, referral)
    link = WELLBEING_LINK.search(email.body)
    assert link, f"no questionnaire link in: {email.body}"

    # The person opens it on their phone: a fresh browser, with no sign-in.
    phone = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    phone.goto(urlsplit(link[0]).path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("How you have been feeling")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "4-questionnaire-phone")
    axe.check(phone, "questionnaire (phone)")

    # One statement missed: the page says which, and keeps the other answers.
    for statement, answer in list(zip(ITEMS, ANSWERS, strict=True))[:-1]:
        phone.get_by_role("group", name=statement).get_by_label(answer, exact=True).check()
    phone.get_by_role("button", name="Send my answers").click()
    summary = phone.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(f"Select an answer for “{ITEMS[-1]}”")
    expect(summary.locator("li")).to_have_count(1)
    expect(phone.get_by_role("group", name=ITEMS[0]).get_by_label("Often", exact=True)).to_be_checked()
    screenshot(phone, "5-questionnaire-error-phone")
    axe.check(phone, "questionnaire with an error (phone)")
    summary.get_by_role("link").click()
    expect(phone.get_by_role("group", name=ITEMS[-1]).get_by_label("None of the time")).to_be_focused()

    phone.get_by_role("group", name=ITEMS[-1]).get_by_label(ANSWERS[-1], exact=True).check()
    phone.get_by_role("button", name="Send my answers").click()
    # The error summary's link left a #fragment, which the browser keeps through the redirect.
    expect(phone).to_have_url(re.compile(r"/wellbeing/thank-you/(#[\w-]*)?$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    screenshot(phone, "6-thank-you-phone")
    axe.check(phone, "thank-you page (phone)")

    baseline = participant.check_ins.get(kind=WellbeingCheckIn.Kind.BASELINE)
    assert (baseline.status, baseline.answers, baseline.raw_score) == ("answered", [4] * 6 + [3], 27)
    # The link worked once.
    phone.goto(urlsplit(link[0]).path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("This link has already been used")

    # The published figures.
    page = open_page()
    page.goto("/impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our impact")
    kirklees = page.locator("#wellbeing-by-locality tr", has_text="Kirklees")
    expect(kirklees).to_contain_text("30")  # 32 people, rounded to the nearest 5
    expect(page.locator("#wellbeing-figure svg")).to_be_visible()
    screenshot(page, "7-impact")
    axe.check(page, "impact")

    found = {name: violations for name, violations in axe.found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + axe.report()
