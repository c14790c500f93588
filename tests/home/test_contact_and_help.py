"""A way to reach a person, and help in a crisis: the contact details on every page, the "If you need
help now" box on the pages a person in distress may be on, the check that warns a deployment with no
contact details, and the pages that tell people to contact us saying how."""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core import checks, mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from activities.models import ActivityPage
from activities.referrals import checkins
from activities.referrals.factories import ChampionProfileFactory, ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import WellbeingCheckIn
from home.checks import MISSING_CONTACT_DETAILS, contact_details_are_filled_in
from home.demo import DEMO_CONTACT_DETAILS, seed_contact_details
from home.models import SiteSettings
from partners.factories import MembershipFactory, PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import ActivityMaker, session
from tests.partners.builders import page_form

pytestmark = pytest.mark.django_db

PHONE, PHONE_HREF = "0306 999 0456", "tel:03069990456"
EMAIL = "help@creativeminds.example"
ADDRESS = "Creative Minds\nFieldhead Example House\nWakefield\nWF1 3XX"
HOURS = "Monday to Friday, 9am to 5pm"
HELP_NOW_NUMBERS = {"tel:111", "tel:116123", "tel:999"}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def default_settings() -> SiteSettings:
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def contact_details(db) -> SiteSettings:
    settings = default_settings()
    settings.contact_phone, settings.contact_email = PHONE, EMAIL
    settings.postal_address, settings.opening_hours = ADDRESS, HOURS
    settings.save()
    return settings


def assert_shows_contact_details(element, where: str) -> None:
    assert element is not None, f"no {where}"
    assert element.select_one(f'a[href="{PHONE_HREF}"]'), f"no phone link in the {where}"
    assert element.select_one(f'a[href="mailto:{EMAIL}"]'), f"no email link in the {where}"
    address = element.select_one("address")
    assert address is not None, f"no <address> in the {where}"
    assert address.get_text("\n", strip=True) == ADDRESS
    assert HOURS in element.get_text(" ", strip=True)


@pytest.fixture
def site(db, client):
    """One of every kind of page a visitor or member can reach, with what each needs."""
    kirklees = Locality.objects.get(slug="kirklees")
    partner = PartnerPageFactory(home=kirklees, title="Dewsbury Arts Collective", slug="dewsbury-arts")
    activity = ActivityMaker()(
        "Sing for your mind",
        partner=partner,
        how_to_join=ActivityPage.HowToJoin.SELF_REFERRAL,
        sessions=[session("mon", "10:00", valid_from=datetime.date(2025, 1, 6))],
    )

    def link(**fields):
        """A questionnaire link of someone who joined the activity, and its check-in."""
        participant = ParticipantFactory(referral__activity=activity)
        check_in = WellbeingCheckInFactory(participant=participant, status=WellbeingCheckIn.Status.WAITING)
        token = checkins.issue_link(check_in, channel=WellbeingCheckIn.Channel.EMAIL)
        WellbeingCheckIn.objects.filter(pk=check_in.pk).update(**fields)
        return reverse("wellbeing:answer", args=[token])

    used = link()
    client.post(used, {"action": "decline"})
    expired = link(token_expires_at=timezone.now() - datetime.timedelta(days=1))
    questionnaire = link()
    return SimpleNamespace(
        activity=activity,
        partner=partner,
        questionnaire=questionnaire,
        used=used,
        expired=expired,
        partner_contact=PartnerContactFactory(partner=partner).user,
        champion=ChampionProfileFactory(locality=kirklees).user,
        member=MembershipFactory().user,
        unlinked=UserFactory(),
    )


# Every public page of a representative set: (name, how to find its address in the site fixture).
PUBLIC_PAGES = {
    "home": lambda s: "/",
    "search": lambda s: "/activities/?q=sing",
    "activity": lambda s: s.activity.url,
    "partner": lambda s: s.partner.url,
    "partner directory": lambda s: "/partners/",
    "about": lambda s: "/about/",
    "accessibility statement": lambda s: "/accessibility-statement/",
    "privacy notice": lambda s: "/privacy/",
    "impact": lambda s: "/impact/",
    "sign in": lambda s: reverse("login"),
    "questionnaire": lambda s: s.questionnaire,
    "thank you": lambda s: reverse("wellbeing:thank_you"),
    "thank you, declined": lambda s: reverse("wellbeing:thank_you") + "?declined=1",
    "used link": lambda s: s.used,
    "expired link": lambda s: s.expired,
    "unknown link": lambda s: reverse("wellbeing:answer", args=["no-such-link-" + "x" * 30]),
    "ask to join": lambda s: reverse("ask_to_join", args=[s.activity.slug]),
    "ask to join, sent": lambda s: reverse("ask_to_join_sent", args=[s.activity.slug]),
    "funded projects": lambda s: "/funded-projects/",
    "join a collective": lambda s: "/collectives/join/",
}
# Members' pages: (name, who is signed in, address).
MEMBER_PAGES = {
    "account (partner)": ("partner_contact", lambda s: reverse("account")),
    "funding (partner)": ("partner_contact", lambda s: "/funding/"),
    "referrals (champion)": ("champion", lambda s: "/referrals/"),
    "refer someone (champion)": ("champion", lambda s: reverse("referrals:new", args=[s.activity.slug])),
    "collectives (member)": ("member", lambda s: "/collectives/"),
    "account (no role yet)": ("unlinked", lambda s: reverse("account")),
}
# The pages a person in distress may be on: these, and only these, carry the box.
HELP_NOW_PAGES = {
    "activity",
    "questionnaire",
    "thank you",
    "thank you, declined",
    "used link",
    "expired link",
    "unknown link",  # the same page as used and expired: it never says which link it was
    "ask to join",
    "ask to join, sent",
}


def get_public(client, site, name):
    response = client.get(PUBLIC_PAGES[name](site))
    assert response.status_code in (200, 404, 410), f"{name} answered {response.status_code}"
    return response


def get_member(client, site, name):
    who, address = MEMBER_PAGES[name]
    client.force_login(getattr(site, who))
    # follow: a member area may first ask for a second factor; every page on the way has the footer.
    response = client.get(address(site), follow=True)
    assert response.status_code == 200, f"{name} answered {response.status_code}"
    assert not response.request["PATH_INFO"].startswith(reverse("login")), f"{name} asked to sign in"
    return response


class TestContactDetailsOnEveryPage:
    @pytest.mark.parametrize("name", PUBLIC_PAGES)
    def test_public_pages(self, client, site, contact_details, name):
        page = soup(get_public(client, site, name))
        assert_shows_contact_details(page.select_one("footer #contact"), f"footer of {name}")
        # Django's {# #} comments are one line only: a longer one would be shown to people.
        assert "{#" not in page.get_text() and "{%" not in page.get_text()

    @pytest.mark.parametrize("name", MEMBER_PAGES)
    def test_members_pages(self, client, site, contact_details, name):
        footer = soup(get_member(client, site, name)).select_one("footer #contact")
        assert_shows_contact_details(footer, f"footer of {name}")

    def test_a_fresh_site_says_something_sensible_rather_than_nothing(self, client):
        footer = soup(client.get("/about/")).select_one("footer #contact")
        assert footer.h2.get_text(strip=True) == "Contact Creative Minds"
        assert "ask the organiser of your group to put you in touch with us" in footer.get_text(" ")
        assert not footer.select('a[href^="tel:"], a[href^="mailto:"], address')

    def test_a_change_in_the_settings_shows_at_once(self, client, contact_details):
        client.get("/about/")  # the settings are now cached
        contact_details.contact_phone = "+44 306 999 0789"
        contact_details.save()
        footer = soup(client.get("/about/")).select_one("footer #contact")
        link = footer.select_one('a[href^="tel:"]')
        assert (link["href"], link.get_text()) == ("tel:03069990789", "+44 306 999 0789")

    def test_each_detail_is_optional(self, client, contact_details):
        contact_details.contact_phone = contact_details.postal_address = ""
        contact_details.save()
        footer = soup(client.get("/")).select_one("footer #contact")
        assert footer.select_one(f'a[href="mailto:{EMAIL}"]')
        assert not footer.select('a[href^="tel:"], address')
        assert HOURS not in footer.get_text()  # opening hours are the phone's, so they go with it


class TestHelpNow:
    def test_the_box_is_on_exactly_the_pages_named(self, client, site):
        boxes = {
            name: len(soup(get_public(client, site, name)).select(".cm-help-now")) for name in PUBLIC_PAGES
        }
        boxes |= {
            name: len(soup(get_member(client, site, name)).select(".cm-help-now")) for name in MEMBER_PAGES
        }
        assert {name for name, count in boxes.items() if count} == HELP_NOW_PAGES
        assert {boxes[name] for name in HELP_NOW_PAGES} == {1}

    @pytest.mark.parametrize("name", sorted(HELP_NOW_PAGES))
    def test_its_numbers_and_words(self, client, site, name):
        box = soup(get_public(client, site, name)).select_one(".cm-help-now")
        assert box.h2.get_text(strip=True) == "If you need help now"
        assert {link["href"] for link in box.select("a")} == HELP_NOW_NUMBERS
        text = " ".join(box.get_text(" ").split())
        assert "call NHS 111 and choose option 2" in text
        assert "call Samaritans on 116 123 . It is free, day or night." in text
        assert "In an emergency, call 999 ." in text

    def test_every_footer_gives_the_same_numbers(self, client, site):
        for name in ("home", "activity", "privacy notice"):
            meta = soup(get_public(client, site, name)).select_one("footer .nhsuk-footer__meta")
            text = " ".join(meta.get_text(" ").split())
            assert "Creative Minds is not an emergency service." in text
            assert {link["href"] for link in meta.select('a[href^="tel:"]')} == HELP_NOW_NUMBERS

    def test_the_wording_is_not_a_site_setting(self):
        """Safety wording is fixed and signed off: nothing in the admin can change a number."""
        assert not [field for field in SiteSettings._meta.get_fields() if "crisis" in field.name]


class TestSaysHowToContactUs:
    """Wherever a page tells people to contact Creative Minds, it says how, in the page itself."""

    @pytest.mark.parametrize(
        "name", ["thank you", "thank you, declined", "used link", "expired link", "ask to join, sent"]
    )
    def test_pages_show_the_details(self, client, site, contact_details, name):
        main = soup(get_public(client, site, name)).select_one("main")
        assert "contact Creative Minds" in main.get_text(" ")
        assert_shows_contact_details(main, f"main part of {name}")

    @pytest.mark.parametrize("name", ["ask to join", "questionnaire"])
    def test_the_consent_wording_is_followed_by_how(self, client, site, contact_details, name):
        inset = next(
            box
            for box in soup(get_public(client, site, name)).select("main .nhsuk-inset-text")
            if "at any time" in box.get_text()
        )
        assert inset.select_one(f'a[href="{PHONE_HREF}"]') and inset.select_one(f'a[href="mailto:{EMAIL}"]')

    def test_an_account_with_no_role_yet(self, client, site, contact_details):
        main = soup(get_member(client, site, "account (no role yet)")).select_one("main")
        assert "Contact Creative Minds and we will set it up" in main.get_text()
        assert_shows_contact_details(main, "account page")

    def test_the_locked_out_page(self, contact_details):
        request = RequestFactory().get("/account/login/")
        main = BeautifulSoup(
            render_to_string("registration/locked_out.html", request=request), "html.parser"
        ).select_one("main")
        assert_shows_contact_details(main, "locked-out page")

    def test_the_confirmation_email(self, client, site, contact_details, django_capture_on_commit_callbacks):
        url, data = page_form(client.get(reverse("ask_to_join", args=[site.activity.slug])), "preferred_name")
        data |= {
            "preferred_name": "Morwenna",
            "contact_method": "email",
            "email": "morwenna@example.net",
            "consent_given": "on",
        }
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
        (confirmation,) = [message for message in mail.outbox if message.to == ["morwenna@example.net"]]
        assert f"contact Creative Minds on {PHONE}, and we will let the group know" in confirmation.body
        assert f"Phone: {PHONE} ({HOURS})\nEmail: {EMAIL}\n" in confirmation.body


class TestSettings:
    def test_a_phone_number_people_cannot_call_is_refused_with_a_message(self):
        settings = default_settings()
        settings.contact_phone = "ring reception"
        with pytest.raises(ValidationError) as refused:
            settings.full_clean()
        assert refused.value.message_dict["contact_phone"] == [
            "Enter a UK phone number, like 07700 900123 or 01484 123456"
        ]

    def test_seed_demo_fills_only_what_is_empty(self):
        settings = default_settings()
        settings.contact_email = "real@creativeminds.example"
        settings.save()
        seed_contact_details()
        seed_contact_details()
        settings.refresh_from_db()
        assert settings.contact_email == "real@creativeminds.example"
        assert (settings.contact_phone, settings.postal_address, settings.opening_hours) == (
            DEMO_CONTACT_DETAILS["contact_phone"],
            DEMO_CONTACT_DETAILS["postal_address"],
            DEMO_CONTACT_DETAILS["opening_hours"],
        )
        # Plainly example values: Ofcom's drama range, and a domain that never receives mail.
        assert settings.phone_href.startswith("03069990")
        assert DEMO_CONTACT_DETAILS["contact_email"].endswith(".example")


class TestSystemCheck:
    def contact_warnings(self):
        found = checks.run_checks(tags=["home"], include_deployment_checks=True, databases=["default"])
        return [message for message in found if message.id == MISSING_CONTACT_DETAILS]

    def test_warns_when_the_default_site_has_no_contact_details_and_not_once_filled_in(self):
        (warning,) = self.contact_warnings()
        assert warning.level == checks.WARNING
        assert "phone number, email address, postal address, opening hours" in warning.msg
        assert "Settings → Site settings" in warning.hint

        settings = default_settings()
        settings.contact_phone, settings.contact_email = PHONE, EMAIL
        settings.postal_address, settings.opening_hours = ADDRESS, HOURS
        settings.save()
        assert self.contact_warnings() == []

    def test_names_only_what_is_missing(self, contact_details):
        contact_details.opening_hours = contact_details.postal_address = ""
        contact_details.save()
        (warning,) = self.contact_warnings()
        assert warning.msg.endswith("are missing: postal address, opening hours.")

    def test_is_a_deployment_check_that_touches_no_database_unless_asked(self, django_assert_num_queries):
        """Django's rule for checks: `check --deploy` without --database reads no database, so it
        still runs where the database cannot be reached (tests/test_settings.py relies on this)."""
        assert contact_details_are_filled_in in checks.registry.registry.get_checks(
            include_deployment_checks=True
        )
        assert contact_details_are_filled_in not in checks.registry.registry.get_checks()
        with django_assert_num_queries(0):
            assert contact_details_are_filled_in(databases=None) == []


class TestEditingInTheAdmin:
    def url(self):
        return reverse("wagtailsettings:edit", args=["home", "sitesettings", default_settings().site_id])

    def test_staff_fill_in_the_contact_details(self, admin_client):
        form = querydict_from_html(admin_client.get(self.url()).content.decode(), form_id="w-editor-form")
        form.update(
            {
                "contact_phone": PHONE,
                "contact_email": EMAIL,
                "postal_address": ADDRESS,
                "opening_hours": HOURS,
            }
        )
        assert admin_client.post(self.url(), form).status_code == 302
        saved = default_settings()
        assert (saved.contact_phone, saved.contact_email, saved.postal_address, saved.opening_hours) == (
            PHONE,
            EMAIL,
            ADDRESS,
            HOURS,
        )

    def test_a_number_nobody_can_call_is_refused_on_its_field_and_nothing_typed_is_lost(self, admin_client):
        form = querydict_from_html(admin_client.get(self.url()).content.decode(), form_id="w-editor-form")
        form.update({"contact_phone": "ring reception", "postal_address": ADDRESS})
        response = admin_client.post(self.url(), form)
        assert response.status_code == 200
        page = soup(response)
        assert "Enter a UK phone number, like 07700 900123 or 01484 123456" in page.get_text()
        assert page.select_one('input[name="contact_phone"]')["value"] == "ring reception"
        assert page.select_one('textarea[name="postal_address"]').get_text().strip() == ADDRESS
        assert default_settings().contact_phone == ""
