"""A referral's page says what happens next and by when, for its status, and whom to ask about it.

next_steps.next_step(referral, today=...) words each status; the date a partner should get in touch
by is REFERRAL_REMINDER_WORKING_DAYS working days after the referral was sent, weekends and bank
holidays skipped. The partner's contacts (names, job titles, emails) and the activity's public phone
and email are on the page for the champion, the coordinator and staff; the partner, who is the
contact, is not shown themselves."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from activities.referrals import next_steps, services
from activities.referrals.factories import ChampionProfileFactory, ReferralFactory
from activities.referrals.models import Participant, Referral
from activities.referrals.working_days import add_working_days
from partners.factories import CollectiveFactory, PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.builders import join_on_a_meeting_day

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = datetime.date(2025, 12, 1)
Status = Referral.Status


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.REFERRAL_REMINDER_WORKING_DAYS = 3


@pytest.fixture
def partner(db):
    return PartnerPageFactory(
        home=Locality.objects.get(slug="kirklees"),
        title="Dewsbury Arts Collective",
        contact_phone="01924 000111",
        contact_email="hello@dewsbury-arts.example",
    )


@pytest.fixture
def activity(make_activity, partner):
    return make_activity(
        "Sing for your mind",
        partner=partner,
        contact_name="Sam at the front desk",
        contact_phone="01924 123456",
        contact_email="sing@dewsbury-arts.example",
    )


@pytest.fixture
def organiser(partner):
    user = UserFactory(first_name="Pat", last_name="Organiser", email="pat@dewsbury-arts.example")
    return PartnerContactFactory(partner=partner, user=user, job_title="Project coordinator").user


@pytest.fixture
def champion(db):
    return ChampionProfileFactory(user=UserFactory(first_name="Chidi", email="chidi@trust.example")).user


def sent_on(activity, champion, day: datetime.date, **fields) -> Referral:
    referral = ReferralFactory(activity=activity, champion=champion, preferred_name="Morwenna", **fields)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)
    )
    referral.refresh_from_db()
    return referral


# -- the wording, status by status -----------------------------------------------------------


def test_sent_the_partner_will_contact_them_within_3_working_days_by_a_date(activity, champion):
    referral = sent_on(activity, champion, MONDAY)

    step = next_steps.next_step(referral, today=MONDAY)

    assert (
        step.text
        == "Dewsbury Arts Collective will contact them within 3 working days, by Thursday 4 December."
    )
    assert step.by == datetime.date(2025, 12, 4)
    assert not step.late


def test_the_date_skips_weekends_and_bank_holidays_and_names_another_year(activity, champion):
    christmas_eve = datetime.date(2026, 12, 24)  # a Thursday; Friday 25 and Monday 28 are holidays
    referral = sent_on(activity, champion, christmas_eve)

    step = next_steps.next_step(referral, today=datetime.date(2026, 12, 24))

    assert step.by == datetime.date(2026, 12, 31)
    assert "by Thursday 31 December." in step.text
    later = next_steps.next_step(referral, today=datetime.date(2027, 1, 1))
    assert "by Thursday 31 December 2026," in later.text and later.late


def test_acknowledged_they_will_contact_them_by_the_same_date(activity, champion, organiser):
    referral = sent_on(activity, champion, MONDAY)
    services.change_status(referral=referral, to_status=Status.ACKNOWLEDGED, user=organiser)
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=datetime.date(2025, 12, 2))

    assert (
        step.text
        == "Dewsbury Arts Collective has seen this referral and will contact them by Thursday 4 December."
    )
    assert step.by == datetime.date(2025, 12, 4)


def test_late_says_so_and_when_we_reminded_them(activity, champion):
    referral = sent_on(activity, champion, MONDAY)
    Referral.objects.filter(pk=referral.pk).update(
        reminded_at=datetime.datetime(2025, 12, 4, 7, tzinfo=LONDON)
    )
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=datetime.date(2025, 12, 5))

    assert step.late
    assert step.text == (
        "Dewsbury Arts Collective should have contacted them by Thursday 4 December, but has not said "
        "they have seen it. We reminded them on Thursday 4 December."
    )


def test_contacted_they_will_let_you_know_if_they_join(activity, champion, organiser):
    referral = sent_on(activity, champion, MONDAY)
    services.change_status(referral=referral, to_status=Status.CONTACTED, user=organiser)
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=MONDAY)

    assert (
        step.text
        == "Dewsbury Arts Collective has been in touch with them. They will let you know if they join."
    )
    assert step.by is None


def test_joined_on_the_date_of_their_first_session(activity, champion, organiser):
    referral = sent_on(activity, champion, MONDAY)
    first_session = join_on_a_meeting_day(referral)
    services.change_status(
        referral=referral, to_status=Status.JOINED, user=organiser, joined_on=first_session
    )
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=timezone.localdate())

    assert Participant.objects.get(referral=referral).joined_on == first_session
    assert step.by == first_session
    assert step.text == f"They joined on {first_session:%A} {first_session.day} {first_session:%B}."


@pytest.mark.parametrize(
    ("reason", "words", "refer_again"),
    [
        (Referral.NotTakenUpReason.NO_REPLY, "Check their phone number or email address", True),
        (Referral.NotTakenUpReason.NO_SPACE, "Ask Dewsbury Arts Collective when a place might come up", True),
        (Referral.NotTakenUpReason.NOT_SUITABLE, "what might suit them better", False),
    ],
)
def test_not_taken_up_says_what_the_champion_can_do_now(
    activity, champion, organiser, reason, words, refer_again
):
    referral = sent_on(activity, champion, MONDAY)
    services.change_status(referral=referral, to_status=Status.NOT_TAKEN_UP, user=organiser, reason=reason)
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=MONDAY)

    assert step.text.startswith("They did not take up this referral. Dewsbury Arts Collective said:")
    assert Referral.NotTakenUpReason(reason).label in step.text
    assert words in step.you_can
    assert step.refer_again is refer_again


def test_withdrawn_the_partner_will_not_contact_them_and_they_can_be_referred_again(activity, champion):
    referral = sent_on(activity, champion, MONDAY)
    services.change_status(referral=referral, to_status=Status.WITHDRAWN, user=champion)
    referral.refresh_from_db()

    step = next_steps.next_step(referral, today=MONDAY)

    assert step.text == "This referral was withdrawn, so Dewsbury Arts Collective will not contact them."
    assert step.you_can == "If they change their mind, you can refer them again."
    assert step.refer_again


def test_the_partner_contact_is_its_active_people_and_the_activity_public_details(
    activity, partner, organiser
):
    PartnerContactFactory(partner=partner, user=UserFactory(first_name="Left", is_active=False))
    PartnerContactFactory(user=UserFactory(first_name="Elsewhere"))  # another partner's contact
    referral = ReferralFactory(activity=activity)

    contact = next_steps.partner_contact(referral)

    assert contact.partner == "Dewsbury Arts Collective"
    assert contact.people == (
        next_steps.ContactPerson(
            name="Pat Organiser", job_title="Project coordinator", email="pat@dewsbury-arts.example"
        ),
    )
    assert (contact.public_name, contact.phone, contact.email) == (
        "Sam at the front desk",
        "01924 123456",
        "sing@dewsbury-arts.example",
    )


def test_the_partner_contact_falls_back_to_the_partner_public_details(make_activity, partner):
    activity = make_activity("Paint together", partner=partner, contact_phone="", contact_email="")

    contact = next_steps.partner_contact(ReferralFactory(activity=activity))

    assert (contact.phone, contact.email) == ("01924 000111", "hello@dewsbury-arts.example")


# -- the page ---------------------------------------------------------------------------------


def page_of(client, user, referral) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(reverse("referrals:detail", args=[referral.public_id]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_champion_reads_the_next_step_with_its_date_and_who_to_contact(
    client, activity, champion, organiser
):
    referral = ReferralFactory(activity=activity, champion=champion, preferred_name="Morwenna")
    due = add_working_days(timezone.localdate(referral.created_at), 3)

    page = page_of(client, champion, referral)

    heading = page.find("h2", id="next-step")
    assert heading.get_text(strip=True) == "What happens next"
    step = heading.find_next("p").get_text(" ", strip=True)
    when = next_steps.spoken_date(due, today=timezone.localdate())
    assert step == f"Dewsbury Arts Collective will contact them within 3 working days, by {when}."
    card = page.find("h2", id="partner-contact")
    assert card.get_text(strip=True) == "Who to contact at Dewsbury Arts Collective"
    contacts = card.find_next("dl").get_text(" ", strip=True)
    for shown in ("Pat Organiser", "Project coordinator", "pat@dewsbury-arts.example", "01924 123456"):
        assert shown in contacts
    assert card.find_next("dl").find("a", href="mailto:pat@dewsbury-arts.example")


def test_a_coordinator_and_staff_see_the_partner_contact_too(client, activity, champion, organiser):
    referral = ReferralFactory(activity=activity, champion=champion)
    coordinator = UserFactory()
    CollectiveFactory(locality=activity.locality).coordinators.add(coordinator)
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_referral"))

    for user in (coordinator, staff):
        page = page_of(client, user, referral)
        assert page.find("h2", id="partner-contact") is not None, user
        assert "pat@dewsbury-arts.example" in page.get_text()


def test_the_partner_reads_the_next_step_but_is_not_shown_themselves(client, activity, champion, organiser):
    referral = ReferralFactory(activity=activity, champion=champion)

    page = page_of(client, organiser, referral)

    assert page.find("h2", id="next-step") is not None
    assert "will contact them within 3 working days" in page.get_text()
    assert page.find("h2", id="partner-contact") is None


def test_a_closed_referral_tells_its_champion_what_they_can_do_now(client, activity, champion, organiser):
    referral = ReferralFactory(activity=activity, champion=champion)
    services.change_status(
        referral=referral,
        to_status=Status.NOT_TAKEN_UP,
        user=organiser,
        reason=Referral.NotTakenUpReason.NO_SPACE,
    )

    page = page_of(client, champion, referral)

    assert page.find("h2", id="next-step").get_text(strip=True) == "How it ended"
    assert page.find("h3", string="What you can do now") is not None
    assert page.find("a", href=reverse("referrals:new", args=[activity.slug])) is not None
    assert page.find("a", href=reverse("activity_search")) is not None
