"""Signing in with a second factor: a code from the app, "email me a code", or a backup code; wrong
codes are throttled; signing out forgets the second factor."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from creative_minds.two_factor import services
from partners.factories import PartnerContactFactory
from tests.otp import current_code, last_emailed_code

pytestmark = pytest.mark.django_db

VERIFY = "/account/two-factor/"


@pytest.fixture
def partner(client):
    """A partner contact with every method set up, signed in with their password only."""
    user = PartnerContactFactory(user__email="pat@holmfirth.example").user
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    EmailDevice.objects.create(user=user, name="Email", confirmed=True)
    services.replace_backup_codes(user=user)
    client.force_login(user)
    return user


def backup_codes(user) -> list[str]:
    return sorted(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))


def give(client, method, code, next_url="/referrals/"):
    return client.post(VERIFY, {"method": method, "code": code, "next": next_url})


def test_the_page_offers_every_method_the_person_has(client, partner):
    app = client.get(f"{VERIFY}?next=/referrals/")
    email = client.get(f"{VERIFY}?method=email&next=/referrals/")

    assert app.context["method"] == "app"
    assert "Enter the code from your authenticator app" in app.text
    assert "Email me a code instead" in app.text and "Use a backup code" in app.text
    assert "Why we ask:" in app.text and "If you are stuck" in app.text
    assert "Email me a code" in email.text and "Use your authenticator app" in email.text
    assert not mail.outbox


def test_someone_with_email_codes_only_is_offered_those_and_nothing_they_do_not_have(client):
    user = PartnerContactFactory().user
    EmailDevice.objects.create(user=user, name="Email", confirmed=True)
    client.force_login(user)

    page = client.get(f"{VERIFY}?method=app")

    assert page.context["method"] == "email"
    assert page.context["others"] == []
    assert "Use your authenticator app" not in page.text and "Use a backup code" not in page.text


def test_each_backup_code_works_once(client, partner):
    first, second = backup_codes(partner)[:2]

    assert give(client, "backup", f"{first[:4]} {first[4:].upper()}")["Location"] == "/referrals/"
    client.logout()
    client.force_login(partner)
    again = give(client, "backup", first)
    assert "That backup code did not work" in again.text
    StaticDevice.objects.filter(user=partner).update(throttling_failure_count=0)  # no wait before the next
    assert give(client, "backup", second)["Location"] == "/referrals/"
    assert len(backup_codes(partner)) == 8


def test_an_emailed_code_works_once(client, partner):
    client.post(VERIFY, {"method": "email", "action": "send"})
    code = last_emailed_code(partner.email)
    assert give(client, "email", code)["Location"] == "/referrals/"

    client.logout()
    client.force_login(partner)
    again = give(client, "email", code)

    assert "That code has run out or has been used already" in again.text
    assert client.get("/referrals/").status_code == 302


@pytest.mark.parametrize("method", ["app", "email", "backup"])
def test_after_a_wrong_code_even_the_right_one_must_wait(client, partner, method):
    if method == "email":
        client.post(VERIFY, {"method": "email", "action": "send"})
        right = last_emailed_code(partner.email)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    elif method == "app":
        right = current_code(TOTPDevice.objects.get(user=partner))
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    else:
        right, wrong = backup_codes(partner)[0], "zzzzzzzz"

    assert "did not work" in give(client, method, wrong).text
    held = give(client, method, right)

    assert held.status_code == 200
    assert "Too many wrong codes. Wait 1 second, then try again" in held.text
    assert client.get("/referrals/").status_code == 302

    # Each wrong code doubles the wait; once it has passed, the right code works.
    model = {"app": TOTPDevice, "email": EmailDevice, "backup": StaticDevice}[method]
    device = model.objects.get(user=partner)
    assert device.throttling_failure_count == 1
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )
    if method == "app":
        right = current_code(device)
    assert give(client, method, right)["Location"] == "/referrals/"


def test_many_wrong_codes_mean_a_long_wait(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=8, throttling_failure_timestamp=timezone.now()
    )

    held = give(client, "app", current_code(device))

    assert "Too many wrong codes. Wait 3 minutes, then try again" in held.text  # 2 ** 7 = 128 s


def test_signing_out_forgets_the_second_factor(client, partner):
    verified = give(client, "app", current_code(TOTPDevice.objects.get(user=partner)))
    assert verified["Location"] == "/referrals/"
    assert client.get("/referrals/").status_code == 200

    client.post("/account/logout/")
    client.force_login(partner)

    assert client.get("/referrals/")["Location"] == f"{VERIFY}?next=%2Freferrals%2F"


def test_a_second_factor_from_one_account_does_not_count_for_another(client, partner):
    """The session names the device; django-otp accepts it only for the device's own user."""
    give(client, "app", current_code(TOTPDevice.objects.get(user=partner)))
    other = PartnerContactFactory().user
    session_device = client.session["otp_device_id"]
    client.force_login(other)
    session = client.session
    session["otp_device_id"] = session_device
    session.save()

    assert client.get("/referrals/")["Location"].startswith("/account/two-factor/setup/")


def test_email_codes_without_an_address_to_send_them_to_mean_asking_staff(client):
    user = PartnerContactFactory(user__email="").user
    EmailDevice.objects.create(user=user, name="Email", confirmed=True)
    client.force_login(user)

    step = client.get("/referrals/")["Location"]
    page = client.get(step)

    assert step.startswith("/account/two-factor/setup/")
    assert "Ask Creative Minds staff to add your email address" in page.text
