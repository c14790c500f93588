"""Setting up two-factor sign-in: never with the password alone. First a code emailed to the
account's address (short-lived, single use, throttled), then an authenticator app or email codes,
then backup codes shown once."""

import datetime
from smtplib import SMTPException

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from creative_minds.two_factor import enrolment
from partners.factories import PartnerContactFactory, UserFactory
from tests.otp import current_code, last_emailed_code

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"
CHOOSE = "/account/two-factor/setup/choose/"
APP = "/account/two-factor/setup/app/"
BACKUP_CODES = "/account/two-factor/backup-codes/"
MANAGE = "/account/two-factor/manage/"


@pytest.fixture
def partner(client):
    """A partner contact, signed in with their password only."""
    user = PartnerContactFactory(user__email="pat@holmfirth.example").user
    client.force_login(user)
    return user


def prove_email(client, user, next_url="/referrals/"):
    client.post(SETUP, {"action": "send", "next": next_url})
    return client.post(SETUP, {"code": last_emailed_code(user.email), "next": next_url})


def test_a_protected_page_starts_setting_up_with_a_code_sent_to_the_accounts_email(client, partner):
    start = client.get("/referrals/")
    assert start["Location"] == f"{SETUP}?next=%2Freferrals%2F"

    page = client.get(start["Location"])
    assert page.status_code == 200
    assert "We will email a 6-digit code to <strong>p•••@holmfirth.example</strong>" in page.text
    assert "Why we ask:" in page.text and "people's health" in page.text
    assert "If you are stuck" in page.text
    assert not mail.outbox  # nothing is sent until they ask

    sent = client.post(SETUP, {"action": "send", "next": "/referrals/"})
    assert sent["Location"] == f"{SETUP}?next=%2Freferrals%2F"
    assert [message.to for message in mail.outbox] == [["pat@holmfirth.example"]]
    assert mail.outbox[0].subject == "Your Creative Minds security code"
    assert "It works once, for 10 minutes" in mail.outbox[0].body
    assert "Check your email" in client.get(SETUP).text


def test_the_password_alone_cannot_set_up_any_method(client, partner):
    """Every set-up step refuses someone who has not entered the emailed code, and makes nothing."""
    for response in (
        client.get(CHOOSE),
        client.post(CHOOSE, {"method": "email"}),
        client.post(CHOOSE, {"method": "app"}),
        client.get(APP),
        client.post(APP, {"code": "123456"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(f"{SETUP}?"), response
    for response in (client.get(BACKUP_CODES), client.post(MANAGE, {"action": "new_backup_codes"})):
        assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
        assert response["Location"] not in (BACKUP_CODES, MANAGE)

    assert not user_has_device(partner, confirmed=None)
    assert not StaticToken.objects.exists()
    assert client.get("/referrals/")["Location"].startswith(SETUP)


def test_someone_with_a_method_cannot_add_another_with_the_password_alone(client, partner):
    TOTPDevice.objects.create(user=partner, name="Phone", confirmed=True)

    assert client.get(SETUP)["Location"].startswith("/account/two-factor/?")
    client.post(SETUP, {"action": "send"})

    assert not mail.outbox
    assert not EmailDevice.objects.exists()


@pytest.mark.parametrize("mistake", ["wrong", "expired", "used"])
def test_a_wrong_expired_or_used_emailed_code_is_refused(client, partner, mistake):
    client.post(SETUP, {"action": "send"})
    code = last_emailed_code(partner.email)
    device = EmailDevice.objects.get(user=partner)
    expected = "That code has run out or has been used already. Ask for a new code"
    if mistake == "wrong":
        code = f"{(int(code) + 1) % 1_000_000:06d}"
        expected = "That code did not work. Check it against the latest email we sent you"
    elif mistake == "expired":
        gone = timezone.now() - datetime.timedelta(seconds=1)
        EmailDevice.objects.filter(pk=device.pk).update(valid_until=gone)
    else:
        client.post(SETUP, {"code": code})
        client.logout()
        client.force_login(partner)  # a new session, which has not proved anything yet

    refused = client.post(SETUP, {"code": code})

    assert refused.status_code == 200
    assert expected in refused.text
    assert refused.context["form"].errors["code"] == [expected]
    assert not enrolment.email_checked(refused.wsgi_request)
    assert client.get(CHOOSE)["Location"].startswith(SETUP)


def test_guessing_the_emailed_code_is_throttled(client, partner):
    client.post(SETUP, {"action": "send"})
    right = last_emailed_code(partner.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    client.post(SETUP, {"code": wrong})
    held = client.post(SETUP, {"code": right})

    assert "Too many wrong codes. Wait 1 second, then try again" in held.text
    assert not enrolment.email_checked(held.wsgi_request)
    device = EmailDevice.objects.get(user=partner)
    assert device.throttling_failure_count == 1
    EmailDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    assert client.post(SETUP, {"code": right})["Location"].startswith(CHOOSE)


def test_the_emailed_code_is_only_good_for_a_short_while_to_set_up(client, partner, settings):
    prove_email(client, partner)
    assert client.get(CHOOSE).status_code == 200

    session = client.session
    session[enrolment.EMAIL_CHECKED]["at"] -= settings.TWO_FACTOR_ENROLMENT_MINUTES * 60
    session.save()

    assert client.get(CHOOSE)["Location"].startswith(SETUP)
    assert client.get(APP)["Location"].startswith(SETUP)


def test_an_account_without_an_email_address_is_told_to_ask_staff(client):
    user = UserFactory(email="")
    client.force_login(user)

    page = client.get(client.get("/participants/")["Location"])
    sent = client.post(SETUP, {"action": "send"})

    assert page.status_code == 200
    assert "Ask Creative Minds staff to add your email address to your account" in page.text
    assert sent.status_code == 200 and not mail.outbox
    assert not user_has_device(user, confirmed=None)


def test_after_the_emailed_code_an_authenticator_app_opens_the_page(client, partner):
    proved = prove_email(client, partner)
    assert proved["Location"] == f"{CHOOSE}?next=%2Freferrals%2F"
    assert client.post(CHOOSE, {"method": "app", "next": "/referrals/"})["Location"] == (
        f"{APP}?next=%2Freferrals%2F"
    )
    assert "<svg" in client.get(APP).text
    device = TOTPDevice.objects.get(user=partner, confirmed=False)

    done = client.post(APP, {"code": current_code(device), "next": "/referrals/"})

    assert done["Location"] == f"{BACKUP_CODES}?next=%2Freferrals%2F"
    device.refresh_from_db()
    assert device.confirmed
    codes = client.get(done["Location"])
    assert codes.status_code == 200 and len(codes.context["codes"]) == 10
    assert client.get("/referrals/").status_code == 200
    assert ModelLogEntry.objects.filter(action="two_factor.method_added", object_id=str(partner.pk)).exists()


def test_after_the_emailed_code_email_codes_can_be_set_up_and_used_next_time(client, partner):
    prove_email(client, partner)

    done = client.post(CHOOSE, {"method": "email", "next": "/referrals/"})

    assert done["Location"] == f"{BACKUP_CODES}?next=%2Freferrals%2F"
    assert EmailDevice.objects.get(user=partner).confirmed
    assert client.get("/referrals/").status_code == 200

    # Next time: sign in, and the emailed code opens the page.
    client.logout()
    client.force_login(partner)
    step = client.get("/referrals/")["Location"]
    assert step == "/account/two-factor/?next=%2Freferrals%2F"
    assert "Email me a code" in client.get(step).text
    client.post("/account/two-factor/", {"method": "email", "action": "send", "next": "/referrals/"})
    signed_in = client.post(
        "/account/two-factor/",
        {"method": "email", "code": last_emailed_code(partner.email), "next": "/referrals/"},
    )
    assert signed_in["Location"] == "/referrals/"
    assert client.get("/referrals/").status_code == 200


def test_backup_codes_are_shown_once(client, partner):
    prove_email(client, partner)
    client.post(CHOOSE, {"method": "email"})

    first = client.get(BACKUP_CODES)
    again = client.get(BACKUP_CODES)

    shown = {code.replace(" ", "") for code in first.context["codes"]}
    assert shown == set(StaticToken.objects.filter(device__user=partner).values_list("token", flat=True))
    assert len(shown) == 10
    assert again["Location"] == MANAGE
    assert not any(code in client.get(MANAGE).text for code in first.context["codes"])


def test_a_new_set_of_backup_codes_replaces_the_old_one(client, partner):
    prove_email(client, partner)
    client.post(CHOOSE, {"method": "email"})
    old = set(StaticToken.objects.filter(device__user=partner).values_list("token", flat=True))

    made = client.post(MANAGE, {"action": "new_backup_codes"})

    new = {code.replace(" ", "") for code in client.get(made["Location"]).context["codes"]}
    assert new == set(StaticToken.objects.filter(device__user=partner).values_list("token", flat=True))
    assert len(new) == 10 and not new & old
    assert StaticDevice.objects.filter(user=partner).count() == 1


def test_a_second_code_cannot_be_asked_for_straight_away(client, partner):
    client.post(SETUP, {"action": "send"})
    again = client.post(SETUP, {"action": "send"}, follow=True)

    assert len(mail.outbox) == 1
    assert "We sent you a code less than a minute ago" in again.text


def test_when_the_email_cannot_be_sent_the_person_is_told_and_can_try_again(client, partner, monkeypatch):
    def fail(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr(EmailDevice, "send_mail", fail)
    failed = client.post(SETUP, {"action": "send"}, follow=True)
    monkeypatch.undo()

    assert failed.status_code == 200
    assert "We could not send the email just now" in failed.text
    assert EmailDevice.objects.get(user=partner).token is None  # nothing half-sent is waiting
    client.post(SETUP, {"action": "send"})
    assert len(mail.outbox) == 1


def test_setting_up_is_not_possible_for_someone_signed_out(client):
    for url in (SETUP, CHOOSE, APP, BACKUP_CODES, MANAGE):
        response = client.get(url)
        assert response["Location"].startswith(reverse("login")), url
