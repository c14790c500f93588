"""Reports → Wellbeing outcomes in the Wagtail admin: exact aggregates per locality and type of
activity for staff and coordinators, exportable as CSV and XLSX, and never a person's details."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from partners.factories import CollectiveFactory, UserFactory
from partners.models import Locality
from tests.home.impact.test_impact import people

pytestmark = pytest.mark.django_db
URL = "wellbeing_outcomes"


def admin_user(*codenames, **fields):
    user = UserFactory(**fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def outcomes(activity):
    """Kirklees: 31 with both scores (14 → 22) and 2 with a first score only. Wakefield: 5 with both."""
    kirklees = people(activity("kirklees"), 31, first=14, follow_up=22)
    kirklees += people(activity("kirklees"), 2, follow_up=None)
    wakefield = people(activity("wakefield", "walking"), 5)
    return kirklees + wakefield


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def by_group(rows) -> dict[tuple[str, str], dict]:
    return {(row["Locality"], row["Type of activity"]): row for row in rows}


def test_a_superuser_sees_exact_counts_and_means_only_for_30_or_more(client, outcomes):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert "Wellbeing outcomes" in response.text

    rows = by_group(csv_rows(client.get(reverse(URL), {"export": "csv"})))
    kirklees = rows["Kirklees", "All types of activity"]
    assert kirklees["Referrals made"] == "33" and kirklees["Taken up"] == "33"
    assert kirklees["People with both scores"] == "31"  # exact, not rounded to 30
    assert float(kirklees["Mean first score"]) == 15.32
    assert float(kirklees["Mean change"]) == 4.66
    assert kirklees["% up by 3 or more"] == "100.0"
    wakefield = rows["Wakefield", "Walking"]
    assert wakefield["People with both scores"] == "5"  # not "fewer than 8": staff are trusted
    assert wakefield["Mean first score"] == "" and wakefield["Mean change"] == ""
    assert wakefield["Note"] == "25 more people's answers are needed"
    overall = rows["All localities", "All types of activity"]
    assert overall["People with both scores"] == "36" and overall["Referrals made"] == "38"


def test_the_exports_hold_aggregates_only(client, outcomes):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    csv_body = b"".join(client.get(reverse(URL), {"export": "csv"}).streaming_content).decode("utf-8-sig")
    xlsx = client.get(reverse(URL), {"export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active
    xlsx_text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)

    assert "People with both scores" in csv_body and "People with both scores" in xlsx_text
    for participant in outcomes:
        for secret in (participant.code, participant.referral.preferred_name, participant.referral.email):
            assert secret not in csv_body
            assert secret not in xlsx_text


def test_staff_with_the_view_referral_permission_can_see_the_report(client, outcomes):
    client.force_login(admin_user("view_referral"))
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert reverse(URL) in client.get(reverse("wagtailadmin_home")).text


def test_a_coordinator_sees_only_their_own_localities(client, outcomes):
    coordinator = admin_user()
    CollectiveFactory(locality=Locality.objects.get(slug="wakefield")).coordinators.add(coordinator)
    client.force_login(coordinator)

    rows = by_group(csv_rows(client.get(reverse(URL), {"export": "csv"})))

    assert {locality for locality, _ in rows} == {"Wakefield"}
    assert rows["Wakefield", "All types of activity"]["People with both scores"] == "5"


@pytest.mark.parametrize("who", ["admin without permission", "coordinator without admin access", "anonymous"])
def test_others_are_refused(client, outcomes, who):
    if who == "admin without permission":
        client.force_login(admin_user())
    elif who == "coordinator without admin access":
        coordinator = UserFactory()
        CollectiveFactory(locality=Locality.objects.get(slug="kirklees")).coordinators.add(coordinator)
        client.force_login(coordinator)

    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(URL), params)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert reverse(URL) not in response["Location"].split("?")[0]
        assert b"People with both scores" not in response.content


def test_the_menu_item_is_shown_only_to_those_who_may_see_it(client, db):
    client.force_login(admin_user())
    assert reverse(URL) not in client.get(reverse("wagtailadmin_home")).text
    client.force_login(admin_user("view_referral"))
    assert reverse(URL) in client.get(reverse("wagtailadmin_home")).text
