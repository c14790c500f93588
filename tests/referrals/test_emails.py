"""The emails a new referral sends: the partner's notice, the self-referrer's confirmation, and the
reminder and escalation when nobody answers. None of them carries health data, and the partner's
say nothing that identifies the person (they sign in to read that)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.referrals import services, tasks
from activities.referrals.factories import ChampionProfileFactory
from activities.referrals.models import Referral
from partners.factories import CollectiveFactory, PartnerContactFactory, UserFactory
from tests.referrals.emails import assert_no_health_data

DETAILS = {
    "preferred_name": "Morwenna",
    "contact_method": Referral.ContactMethod.EMAIL,
    "email": "morwenna@example.net",
    "phone": "07700 900456",
    "support_needs": "Uses a wheelchair; anxious in crowds.",
    "champion_attends_first": True,
    "note_for_partner": "Recently discharged from the ward, loves painting.",
}


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind in Huddersfield")


@pytest.fixture
def partner_contact(activity):
    return PartnerContactFactory(partner=activity.partner, user=UserFactory(email="pat@partner.example"))


@pytest.fixture
def champion(db):
    return ChampionProfileFactory(user=UserFactory(email="chris@trust.example")).user


def refer(activity, django_capture_on_commit_callbacks, *, champion=None, **details):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_referral(
            activity=activity,
            details={**DETAILS, **details},
            consent_version="2026-11",
            champion=champion,
        )


def detail_link(referral) -> str:
    return "http://127.0.0.1:8000" + reverse("referrals:detail", args=[referral.public_id])


def test_a_champions_referral_emails_the_partner_at_once_with_only_the_activity_date_and_link(
    activity, partner_contact, champion, django_capture_on_commit_callbacks
):
    referral = refer(activity, django_capture_on_commit_callbacks, champion=champion)

    assert len(mail.outbox) == 1, "a champion's referral sends no confirmation to the person"
    notice = mail.outbox[0]
    assert notice.to == ["pat@partner.example"]
    assert notice.subject == "New referral for Sing for your mind in Huddersfield"
    assert "Sing for your mind in Huddersfield" in notice.body
    assert detail_link(referral) in notice.body
    assert timezone.localtime(referral.created_at).strftime("%-d %B %Y") in notice.body
    assert "champion" in notice.body
    assert_no_health_data(notice, referral)


def test_the_notice_goes_to_the_activitys_own_address_when_the_partner_has_no_login(
    activity, django_capture_on_commit_callbacks
):
    referral = refer(activity, django_capture_on_commit_callbacks)

    notices = [message for message in mail.outbox if message.subject.startswith("New referral")]
    assert [message.to for message in notices] == [[activity.contact_email]]
    assert_no_health_data(notices[0], referral)


def test_logins_without_an_email_or_no_longer_active_do_not_swallow_the_notice(
    activity, django_capture_on_commit_callbacks
):
    PartnerContactFactory(partner=activity.partner, user=UserFactory(email=""))
    PartnerContactFactory(
        partner=activity.partner, user=UserFactory(email="left@partner.example", is_active=False)
    )

    refer(activity, django_capture_on_commit_callbacks)

    assert mail.outbox[0].to == [activity.contact_email]


def test_every_partner_login_gets_the_notice(activity, partner_contact, django_capture_on_commit_callbacks):
    PartnerContactFactory(partner=activity.partner, user=UserFactory(email="sam@partner.example"))

    refer(activity, django_capture_on_commit_callbacks)

    assert mail.outbox[0].to == ["pat@partner.example", "sam@partner.example"]


def test_asking_to_join_confirms_to_the_person_what_happens_next_and_how_to_cancel(
    activity, partner_contact, django_capture_on_commit_callbacks
):
    referral = refer(activity, django_capture_on_commit_callbacks)

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("pat@partner.example",), ("morwenna@example.net",)}
    confirmation = by_recipient[("morwenna@example.net",)]
    assert confirmation.subject == "We have passed on your request to join Sing for your mind in Huddersfield"
    assert confirmation.body.startswith("Hello Morwenna,")
    assert activity.partner.title in confirmation.body
    assert "by email, usually within 3 working days" in confirmation.body
    assert "If you change your mind" in confirmation.body
    assert "Reply to this email, or contact Creative Minds" in confirmation.body
    assert "http://127.0.0.1:8000" + activity.url in confirmation.body
    assert_no_health_data(confirmation, referral)
    assert_no_health_data(by_recipient[("pat@partner.example",)], referral)


def test_asking_to_join_by_phone_only_sends_no_confirmation(
    activity, partner_contact, django_capture_on_commit_callbacks
):
    refer(activity, django_capture_on_commit_callbacks, contact_method=Referral.ContactMethod.PHONE, email="")

    assert [message.to for message in mail.outbox] == [["pat@partner.example"]]


def test_the_reminder_asks_the_partner_to_act_and_tells_the_champion_nothing_is_needed(
    activity, partner_contact, champion
):
    referral = Referral.objects.create(activity=activity, champion=champion, **DETAILS)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    tasks.send_referral_reminders.enqueue()

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    partner_email = by_recipient[("pat@partner.example",)]
    champion_email = by_recipient[("chris@trust.example",)]
    for message in (partner_email, champion_email):
        assert message.subject == "Reminder: a referral for Sing for your mind in Huddersfield is waiting"
        assert detail_link(referral) in message.body
        assert_no_health_data(message, referral)
    assert "mark it as acknowledged" in partner_email.body
    assert "You do not need to do anything" in champion_email.body
    assert "chris@trust.example" not in partner_email.body


def test_the_escalation_asks_the_coordinator_to_help_without_naming_anyone(
    activity, partner_contact, champion
):
    coordinator = UserFactory(email="cora@collective.example")
    CollectiveFactory(locality=activity.locality).coordinators.add(coordinator)
    referral = Referral.objects.create(activity=activity, champion=champion, **DETAILS)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Referral.objects.filter(pk=referral.pk).update(created_at=long_ago, reminded_at=long_ago)

    tasks.send_referral_reminders.enqueue()

    [escalation] = mail.outbox
    assert escalation.to == ["cora@collective.example"]
    assert escalation.subject == "A referral for Sing for your mind in Huddersfield needs your help"
    assert "even after a reminder" in escalation.body
    assert detail_link(referral) in escalation.body
    assert_no_health_data(escalation, referral)
