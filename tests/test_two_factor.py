"""The admin opens only after a second factor (on for this file). Setting up, signing in with each
method, and staff resets are in tests/two_factor/."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.factories import UserFactory
from tests.otp import current_code, last_emailed_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("codes_required")]


@pytest.fixture
def codes_required():
    with override_settings(TWO_FACTOR_REQUIRED=True):
        yield


@pytest.fixture
def staff(client):
    user = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_admin_refuses_a_staff_user_without_a_verified_device(client, staff):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/setup/?next=%2Fadmin%2F")
    # Nothing of the admin was shown, whatever the page.
    assert client.get("/admin/pages/").status_code == 302
    assert client.get("/admin/activities/?export=csv").status_code == 302


def test_setting_up_an_app_then_giving_its_code_opens_the_admin(client, staff):
    # The password alone is not enough: first a code sent to the account's email address.
    assert client.get("/account/two-factor/setup/app/?next=/admin/")["Location"].startswith(
        "/account/two-factor/setup/?"
    )
    client.post("/account/two-factor/setup/", {"action": "send", "next": "/admin/"})
    client.post("/account/two-factor/setup/", {"code": last_emailed_code(staff.email), "next": "/admin/"})
    client.post("/account/two-factor/setup/choose/", {"method": "app", "next": "/admin/"})

    page = client.get("/account/two-factor/setup/app/?next=/admin/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "<path" in page.content.decode()  # a drawable QR code
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post("/account/two-factor/setup/app/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()

    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes django-otp wait before the next try
    done = client.post("/account/two-factor/setup/app/", {"code": current_code(device), "next": "/admin/"})
    # The first method comes with backup codes, shown once, then the page that was asked for.
    assert done.status_code == 302 and done["Location"].startswith("/account/two-factor/backup-codes/")
    assert client.get(done["Location"]).context["next"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_confirmed_device_still_needs_a_code_each_session(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.get("/admin/")
    assert response["Location"].startswith("/account/two-factor/?next=")
    bad = client.post("/account/two-factor/", {"code": "12ab56", "next": "/admin/"})
    assert "The code is 6 numbers" in bad.content.decode()
    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()
    too_soon = client.post("/account/two-factor/", {"code": current_code(device), "next": "/admin/"})
    assert "Too many wrong codes" in too_soon.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    good = client.post("/account/two-factor/", {"code": current_code(device), "next": "/admin/"})
    assert good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_next_address_cannot_send_people_to_another_site(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.post(
        "/account/two-factor/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/account/"


def test_the_public_site_and_pages_without_personal_data_need_no_code(client):
    member = UserFactory(username="member-only")
    client.force_login(member)
    assert client.get("/account/").status_code == 200
    # Funding and collectives answer for themselves (404: not a member), without a code.
    assert client.get("/collectives/").status_code == 404
    assert client.get("/funding/").status_code == 404
    assert client.get("/activities/").status_code == 200
    # Participants' questionnaire pages need no account, so never a code.
    assert client.get("/wellbeing/thank-you/").status_code == 200
    client.logout()
    assert client.get("/").status_code == 200


def test_the_admin_sign_in_page_itself_is_open(client):
    assert client.get("/admin/login/").status_code == 200
