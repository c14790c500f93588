"""The problem reports inbox in the Wagtail admin (Listings → Problem reports): for staff with the
view or change permission on problem reports, with filters, new reports first, an edit view that
changes only the status and staff note (audited through the service), CSV and XLSX exports without
the visitor's address, no add or delete, and a list whose cost does not grow with its rows."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from activities.listings.models import ProblemReport
from partners.factories import PartnerContactFactory, PartnerPageFactory, UserFactory
from partners.models import Locality
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

INDEX = reverse("problem_reports:index")
REPLY = "morwenna@example.net"
Status, Reason = ProblemReport.Status, ProblemReport.Reason


def admin_user(*codenames, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def moderator(db):
    """A member of a group like "Listing moderators": admin access and view/change problem report."""
    group = Group.objects.create(name="Problem report readers")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_problemreport", "change_problemreport"]
        )
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def activity(make_activity):
    return make_activity("Sing for your mind")


def received(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def report(page, *, status=Status.NEW, reason=Reason.PLACE, days_ago=1, reply_email="", note="Moved."):
    made = ProblemReport.objects.create(
        page=page, status=status, reason=reason, reply_email=reply_email, note=note
    )
    ProblemReport.objects.filter(pk=made.pk).update(created_at=received(days_ago))
    made.refresh_from_db()
    return made


@pytest.fixture
def reports(activity):
    partner = activity.partner
    return {
        "old new": report(activity, days_ago=20, reply_email=REPLY),
        "fixed": report(activity, status=Status.FIXED, reason=Reason.DAY_OR_TIME, days_ago=2),
        "passed": report(partner, status=Status.PASSED_TO_PARTNER, reason=Reason.CONTACT, days_ago=5),
        "recent new": report(partner, days_ago=1, reason=Reason.NO_LONGER_RUNS),
    }


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


# -- the list --------------------------------------------------------------------------------------


def test_the_list_shows_new_reports_first_with_what_staff_need(client, moderator, activity, reports):
    client.force_login(moderator)
    response = client.get(INDEX)

    assert response.status_code == 200
    listed = rows(response)
    partner = activity.partner.title
    # New ones first (newest first), then passed to the partner, then closed.
    assert [row[1:] for row in listed] == [
        [partner, partner, "It no longer runs", "New", "False"],
        ["Sing for your mind", partner, "The place has changed", "New", "True"],
        [partner, partner, "The contact details are wrong", "Passed to the partner", "False"],
        ["Sing for your mind", partner, "The day or time has changed", "Fixed", "False"],
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    # "About" links to the page's editor; the received date to the report.
    about = soup.find("a", href=reverse("wagtailadmin_pages:edit", args=[activity.pk]))
    assert about.get_text(strip=True) == "Sing for your mind"
    first = soup.select_one("table.listing tbody tr td a")
    assert first["href"] == reverse("problem_reports:edit", args=[reports["recent new"].pk])
    # No "add" anywhere: reports come from the public form.
    assert reverse("problem_reports:index") + "new/" not in response.text


def test_reply_wanted_is_shown_as_a_yes_or_no(client, moderator, reports):
    client.force_login(moderator)
    soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    assert headings[:6] == ["Received", "About", "Partner", "Reason", "Status", "Reply wanted"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "new"}, {"old new", "recent new"}),
        ({"status": "fixed"}, {"fixed"}),
        ({"reason": "contact"}, {"passed"}),
        ({"received_from": "", "received_to": ""}, {"old new", "fixed", "passed", "recent new"}),
    ],
)
def test_the_filters(client, moderator, reports, params, expected):
    client.force_login(moderator)
    response = client.get(INDEX, params)
    shown = {
        name
        for name, made in reports.items()
        if reverse("problem_reports:edit", args=[made.pk]) in response.text
    }
    assert shown == expected


def test_the_received_date_filter(client, moderator, reports):
    client.force_login(moderator)
    since = timezone.localdate() - datetime.timedelta(days=3)
    response = client.get(INDEX, {"received_from": since.isoformat()})
    shown = {
        name
        for name, made in reports.items()
        if reverse("problem_reports:edit", args=[made.pk]) in response.text
    }
    assert shown == {"fixed", "recent new"}


def test_the_menu_counts_the_new_reports(client, moderator, reports):
    client.force_login(moderator)
    home = client.get(reverse("wagtailadmin_home")).text
    assert "Problem reports (2 new)" in home
    assert "Listings" in home


def test_the_list_costs_the_same_for_2_and_12_reports(client, moderator, activity):
    client.force_login(moderator)
    for _ in range(2):
        report(activity, reply_email=REPLY)
    small = queries_for(client, INDEX)
    for index in range(10):
        others = PartnerPageFactory(home=Locality.objects.get(slug="calderdale"), title=f"Partner {index}")
        report(others if index % 2 else activity, status=Status.values[index % 4])
    large = queries_for(client, INDEX)
    assert len(rows(large[2])) == 12
    assert_same_count(small, large)


# -- editing ---------------------------------------------------------------------------------------


def test_staff_change_status_and_note_only_and_it_is_audited(client, moderator, reports):
    client.force_login(moderator)
    made = reports["old new"]
    url = reverse("problem_reports:edit", args=[made.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert REPLY in page.text  # staff see where to reply
    assert "Moved." in page.text
    soup = BeautifulSoup(page.content, "html.parser")
    editor_link = soup.find("a", string="Edit this page")
    assert editor_link["href"] == reverse("wagtailadmin_pages:edit", args=[made.page_id])
    statuses = {radio["value"] for radio in soup.find_all("input", attrs={"name": "status"})}
    assert statuses == set(Status.values)

    response = client.post(
        url,
        {
            "status": Status.FIXED,
            "staff_note": "Partner moved it back.",
            # Not on the form: these must not change.
            "reason": Reason.OTHER,
            "note": "Changed by hand",
            "reply_email": "someone@else.example",
        },
    )

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.staff_note, made.handled_by) == (
        Status.FIXED,
        "Partner moved it back.",
        moderator,
    )
    assert (made.reason, made.note, made.reply_email) == (Reason.PLACE, "Moved.", REPLY)
    assert made.closed_at is not None
    entry = ModelLogEntry.objects.get(
        action="listings.problem_status",
        content_type=ContentType.objects.get_for_model(ProblemReport),
        object_id=str(made.pk),
    )
    assert entry.user == moderator and entry.data["from"] == "new" and entry.data["to"] == "fixed"
    assert not ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(made.pk)).exists()


def test_a_view_only_member_of_staff_reads_but_cannot_change(client, reports):
    client.force_login(admin_user("view_problemreport"))
    made = reports["old new"]
    assert client.get(INDEX).status_code == 200
    inspect = client.get(reverse("problem_reports:inspect", args=[made.pk]))
    assert inspect.status_code == 200 and REPLY in inspect.text
    response = client.post(
        reverse("problem_reports:edit", args=[made.pk]), {"status": "fixed", "staff_note": ""}
    )
    assert response.status_code in (302, 403)
    made.refresh_from_db()
    assert made.status == Status.NEW


def test_nobody_adds_or_deletes_a_report_here_not_even_a_superuser(client, reports):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    made = reports["fixed"]
    assert client.get(INDEX).status_code == 200
    for url in (INDEX + "new/", reverse("problem_reports:delete", args=[made.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert client.post(url, {"status": "new", "page": made.page_id, "reason": "place"}).status_code in (
            302,
            403,
            404,
        )
    assert ProblemReport.objects.count() == 4


# -- exports ---------------------------------------------------------------------------------------


def test_csv_and_xlsx_exports_hold_the_reports_but_not_the_reply_address(
    client, moderator, activity, reports
):
    client.force_login(moderator)

    exported = csv_rows(client.get(INDEX, {"export": "csv", "status": "new"}))
    assert [(row["About"], row["What is wrong"], row["Reply wanted"], row["Status"]) for row in exported] == [
        (activity.partner.title, "It no longer runs", "False", "New"),
        ("Sing for your mind", "The place has changed", "True", "New"),
    ]
    assert exported[0]["Partner"] == activity.partner.title
    xlsx = client.get(INDEX, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Received" in cells and "The day or time has changed" in cells
    csv_text = str(exported)
    assert REPLY not in csv_text and REPLY not in " ".join(str(cell) for cell in cells)


# -- who may -----------------------------------------------------------------------------------


def test_an_editor_without_the_permission_is_refused(client, reports):
    editor = admin_user()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    for url in (INDEX, reverse("problem_reports:edit", args=[reports["old new"].pk]), INDEX + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), url
    assert "Problem reports" not in client.get(reverse("wagtailadmin_home")).text


def test_a_partner_contact_has_no_admin(client, activity, reports):
    contact = PartnerContactFactory(partner=activity.partner).user
    client.force_login(contact)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("problem_reports:index") not in response["Location"].split("?")[0]
    assert REPLY not in response.text
