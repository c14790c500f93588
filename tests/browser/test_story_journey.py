"""Stories in a real browser: a community reporter writes a story on a phone (390x844) with a picture
and the storyteller's consent, and sends it; a moderator approves it in the Wagtail admin; it appears
on /stories/ and on its activity page. axe-core checks the form, /stories/, the story page and /impact/."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from activities.factories import ActivityPageFactory
from activities.stories.factories import ReporterProfileFactory, picture_bytes
from activities.stories.models import StoryPage
from partners.factories import PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.browser.test_funding_journey import PASSWORD, Accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "Clay, tea and a good laugh"


@pytest.fixture
def people(postcodes):
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Huddersfield Pottery Club", slug="pottery-club")
    activity = ActivityPageFactory(
        partner=partner, locality=kirklees, title="Pottery for beginners", slug="pottery-beginners"
    )
    reporter = ReporterProfileFactory(user=UserFactory(username="reporter", first_name="Rita")).user
    moderator = UserFactory(username="moderator", first_name="Mo", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Story moderators"))
    return SimpleNamespace(activity=activity, reporter=reporter, moderator=moderator)


def sign_in(open_page, username, next_url, viewport=None):
    page = open_page(viewport) if viewport else open_page()
    page.goto(f"/account/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    return page


def test_write_on_a_phone_approve_in_the_admin_and_read_it(open_page, people, screenshot):
    axe = Accessibility()

    # The reporter writes the story on their phone.
    phone = sign_in(open_page, "reporter", "/stories/new/", PHONE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Write a story")
    axe.check(phone, "story form")
    phone.get_by_label("Title", exact=True).fill(TITLE)
    phone.get_by_label("The story", exact=True).fill(
        "I was scared to come. Now I make mugs for my whole family."
    )
    phone.get_by_label("The activity it is about").select_option(
        label="Pottery for beginners (Huddersfield Pottery Club)"
    )
    phone.get_by_label("Confidence").check()
    phone.locator("#id_image").set_input_files(
        files=[{"name": "mugs.jpg", "mimeType": "image/jpeg", "buffer": picture_bytes(with_location=True)}]
    )
    phone.get_by_label("What the picture shows").fill("Six blue mugs drying on a shelf")
    phone.get_by_label("With their name").check()
    phone.get_by_label("The name to show").fill("Joan")
    phone.get_by_label("They agree a photo of them may be shown").check()
    phone.locator("#id_consent_date_0").fill("2")
    phone.locator("#id_consent_date_1").fill("11")
    phone.locator("#id_consent_date_2").fill("2026")
    phone.get_by_label("I read the wording above to the storyteller and they agreed").check()
    screenshot(phone, "form-filled")
    phone.get_by_role("button", name="Send for review").click()

    expect(phone).to_have_url(re.compile(r"/stories/mine/$"))
    row = phone.locator("#my-stories tr", has_text=TITLE)
    expect(row).to_contain_text("Waiting for review")
    axe.check(phone, "your stories")
    story = StoryPage.objects.get(title=TITLE)
    assert not story.live

    # A moderator approves it in the Wagtail admin.
    admin = sign_in(open_page, "moderator", f"/admin/pages/{story.pk}/edit/")
    admin.locator("footer").get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Approve and Publish").click()
    # Wagtail goes back to the story list, where the story is now live.
    expect(admin.get_by_role("row", name=re.compile(re.escape(TITLE)))).to_contain_text("live")
    screenshot(admin, "approved")
    assert StoryPage.objects.get(pk=story.pk).live

    # Anyone can read it on /stories/ and on the activity's page.
    visitor = open_page(PHONE)
    visitor.goto("/stories/")
    card = visitor.locator("#stories li", has_text=TITLE)
    expect(card).to_contain_text("Joan")
    axe.check(visitor, "/stories/")
    card.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("img", name="Six blue mugs drying on a shelf")).to_be_visible()
    expect(visitor.get_by_role("link", name="Pottery for beginners")).to_be_visible()
    axe.check(visitor, "story page")
    screenshot(visitor, "story")
    visitor.goto(people.activity.url)
    expect(visitor.locator("#latest-stories")).to_contain_text(TITLE)

    # /impact/ on the same phone: its tables stack, and nothing overflows.
    visitor.goto("/impact/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Our impact")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe.check(visitor, "/impact/ (phone)")

    assert not axe.report(), axe.report()
