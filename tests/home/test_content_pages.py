"""The privacy notice, the accessibility statement and the about page: real content on a fresh site
(home/migrations/0004), saying what the site does, and never written over an editor's changes."""

import importlib
import json

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

content_migration = importlib.import_module("home.migrations.0004_content_pages")


def page_text(client, path) -> tuple[BeautifulSoup, str]:
    response = client.get(path)
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    return main, " ".join(main.get_text(" ").split())


@pytest.fixture
def contact_details(db):
    settings = SiteSettings.for_site(StandardPage.objects.get(slug="privacy").get_site())
    settings.contact_phone, settings.contact_email = "0306 999 0123", "hello@creativeminds.example"
    settings.postal_address = "Creative Minds\n1 Example Street\nWakefield\nWF1 1AA"
    settings.save()
    return settings


class TestPrivacyNotice:
    def test_names_the_controller_and_the_lawful_bases(self, client):
        _, text = page_text(client, "/privacy/")
        assert "South West Yorkshire Partnership NHS Foundation Trust" in text
        assert "data controller" in text
        for basis in ("Article 6(1)(a)", "Article 9(2)(a)", "Article 6(1)(e)"):
            assert basis in text

    def test_says_what_is_held_and_who_sees_it(self, client):
        _, text = page_text(client, "/privacy/")
        for held in ("the name you like to be called", "participant code", "7 short questions"):
            assert held in text
        assert "Nobody at the group sees them." in text
        assert "We do not sell your information" in text

    def test_the_retention_periods_come_from_the_settings(self, client, settings):
        main, _ = page_text(client, "/privacy/")
        rows = {
            row.th.get_text(strip=True) if row.th else row.td.get_text(strip=True): row
            for row in main.select("table tbody tr")
        }
        assert "365 days (12 months) after your referral ends" in rows[
            "Your name, how to contact you, and anything you told us about support you need"
        ].get_text(" ")
        assert "for 14 days" in rows["A link to the wellbeing questions"].get_text(" ")

        settings.REFERRAL_RETENTION_DAYS, settings.WELLBEING_LINK_VALID_DAYS = 400, 7
        _, text = page_text(client, "/privacy/")
        assert "400 days after your referral ends" in text
        assert "It works once, and for 7 days." in text

    def test_rights_and_how_to_complain_to_the_ico(self, client):
        main, text = page_text(client, "/privacy/")
        for right in (
            "get a copy of the information we keep about you",
            "ask us to correct information that is wrong",
            "ask us to delete your information",
            "object to how we use your information",
            "withdraw your consent at any time",
        ):
            assert right in text
        assert main.select_one('a[href="https://ico.org.uk/make-a-complaint/"]')
        assert main.select_one('a[href="tel:03031231113"]').get_text() == "0303 123 1113"

    def test_unknown_facts_are_asked_for_not_invented(self, client, contact_details):
        main, text = page_text(client, "/privacy/")
        assert "registration number" in text and "ask us" in text
        # How to ask: the contact details themselves, in the notice.
        assert main.select_one('a[href="tel:03069990123"]')
        assert main.select_one('a[href="mailto:hello@creativeminds.example"]')
        assert "1 Example Street" in main.select_one("address").get_text()


class TestAccessibilityStatement:
    def test_follows_the_gov_uk_model(self, client):
        main, text = page_text(client, "/accessibility-statement/")
        headings = [h2.get_text(strip=True) for h2 in main.select("h2")]
        model = [
            "How accessible this website is",
            "Feedback and contact information",
            "Reporting accessibility problems with this website",
            "Enforcement procedure",
            "Technical information about this website\u2019s accessibility",
            "Non-accessible content",
            "Preparation of this accessibility statement",
        ]
        assert [heading for heading in headings if heading in model] == model
        assert (
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"
            in text
        )
        assert (
            "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard"
            in text
        )
        assert "Equality and Human Rights Commission (EHRC)" in text
        assert main.select_one('a[href="https://www.equalityadvisoryservice.com/"]')
        assert "This statement was prepared on 30 November 2026." in text

    def test_is_honest_about_what_is_not_accessible(self, client):
        _, text = page_text(client, "/accessibility-statement/")
        assert "success criterion 2.2.1" in text
        assert "success criterion 1.1.1" in text
        assert "We have not yet had this website checked by an accessibility specialist" in text

    def test_says_how_to_report_a_problem(self, client, contact_details):
        main, _ = page_text(client, "/accessibility-statement/")
        assert main.select_one('a[href="mailto:hello@creativeminds.example"]')


class TestAboutPage:
    def test_what_creative_minds_does_and_how_to_take_part(self, client, contact_details):
        main, text = page_text(client, "/about/")
        localities = [link["href"] for link in main.select('a[href^="/activities/?locality="]')]
        assert localities == [
            f"/activities/?locality={slug}" for slug in ("barnsley", "calderdale", "kirklees", "wakefield")
        ]
        for link in ("/activities/", "/partners/", "/funded-projects/", "/collectives/join/", "/impact/"):
            assert main.select_one(f'a[href="{link}"]'), f"no link to {link}"
        for heading in ("How to take part", "Our partners", "Champions", "Collectives"):
            assert heading in [h2.get_text(strip=True) for h2 in main.select("h2")]
        assert "Ask to join" in text
        assert main.select_one('a[href="tel:03069990123"]')


class TestTheMigrationKeepsEditorsChanges:
    """0004 writes the content only over a page exactly as 0002 made it."""

    def original(self, slug) -> StandardPage:
        page = StandardPage.objects.get(slug=slug)
        page.body = json.dumps(
            [{"type": "paragraph", "value": f"<p>{content_migration.ORIGINAL_TEXT[slug]}</p>"}]
        )
        page.summary = "As 0002 left it."
        page.save()
        return page

    def test_an_untouched_page_gets_the_content(self):
        page = self.original("privacy")
        content_migration.write_content(apps, None)
        page.refresh_from_db()
        assert page.summary == content_migration.PRIVACY[0]
        assert [block.block_type for block in page.body].count("retention") == 1

    def test_an_edited_body_is_left_alone(self):
        page = StandardPage.objects.get(slug="about")
        page.body = json.dumps([{"type": "paragraph", "value": "<p>Our own words.</p>"}])
        page.save()
        content_migration.write_content(apps, None)
        page.refresh_from_db()
        assert [block.value.source for block in page.body] == ["<p>Our own words.</p>"]

    def test_a_page_saved_in_the_admin_is_left_alone(self):
        page = self.original("accessibility-statement")
        page.save_revision()  # an editor saved a draft, even one with the same body
        content_migration.write_content(apps, None)
        page.refresh_from_db()
        assert page.summary == "As 0002 left it."
