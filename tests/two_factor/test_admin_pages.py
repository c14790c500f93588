"""The admin's subject access report and its exports hold personal and health data: a member of
staff with every permission for them still gets nothing before giving a second factor."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from activities.referrals.factories import ParticipantFactory
from partners.factories import UserFactory
from tests.otp import verified_login

pytestmark = pytest.mark.django_db

SUBJECT_ACCESS = "/admin/reports/subject-access/"
EXPORTS = [
    "/admin/referral/?export=csv",
    "/admin/reports/wellbeing-outcomes/?export=csv",
    "/admin/reports/wellbeing-outcomes/?export=xlsx",
]


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_referral", "change_referral"])
    )
    return user


@pytest.fixture
def person():
    return ParticipantFactory(referral__preferred_name="Morwenna", referral__email="morwenna@example.net")


def test_subject_access_asks_for_a_second_factor_and_neither_lists_nor_exports(client, staff, person):
    client.force_login(staff)
    search = {"query": "morwenna@example.net", "action": "search"}
    download = {**search, "action": "download", "referral": [str(person.referral.public_id)]}

    page = client.get(SUBJECT_ACCESS)
    listing = client.post(SUBJECT_ACCESS, search)
    export = client.post(SUBJECT_ACCESS, download)

    assert page.status_code == 302
    assert page["Location"] == f"{reverse('two_factor_setup')}?next=%2Fadmin%2Freports%2Fsubject-access%2F"
    for response in (listing, export):
        assert (response.status_code, response["Location"]) == (302, reverse("two_factor_setup"))
        assert b"Morwenna" not in response.content
    # Nothing was listed or exported, so nothing reached the audit trail.
    assert not ModelLogEntry.objects.filter(
        action__in=["activities.referral_viewed", "activities.subject_access_exported"]
    ).exists()

    # Once the second factor is given, the same requests work (so the refusal above was the step).
    verified_login(client, staff)
    assert client.get(SUBJECT_ACCESS).status_code == 200
    export = client.post(SUBJECT_ACCESS, download)
    assert export.status_code == 200 and export["Content-Type"] == "application/json"
    assert ModelLogEntry.objects.filter(action="activities.subject_access_exported").count() == 1


@pytest.mark.parametrize("url", EXPORTS)
def test_exports_ask_for_a_second_factor(client, staff, person, url):
    client.force_login(staff)

    refused = client.get(url)

    assert refused.status_code == 302
    assert refused["Location"].startswith(f"{reverse('two_factor_setup')}?next=")
    assert "attachment" not in refused.get("Content-Disposition", "")

    verified_login(client, staff)
    allowed = client.get(url)
    assert allowed.status_code == 200
    assert "attachment" in allowed["Content-Disposition"]
