"""Reports → Listings needing attention: one row per activity that needs staff's attention and why;
its filters; CSV and XLSX export; its cost the same for 5 rows as for 50; staff who manage any
listing only."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from activities.listings.models import ProblemReport
from activities.models import ActivityPage, Category
from activities.review_cycle import (
    review_dates,
    reviewed_before_is_due,
    reviewed_before_is_due_soon,
    reviewed_before_is_stale,
)
from partners.factories import PartnerContactFactory, UserFactory
from partners.models import Locality
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SHOWN = "%-d %b %Y"  # how the report shows a date: 3 Dec 2026
Status = ActivityPage.ListingStatus


@pytest.fixture
def url():
    return reverse("listings_attention")


@pytest.fixture
def moderator():
    user = UserFactory(username="moderator")
    user.groups.add(Group.objects.get(name="Listing moderators"))
    return user


def set_fields(activity, **fields):
    ActivityPage.objects.filter(pk=activity.pk).update(**fields)


def report(activity, status=ProblemReport.Status.NEW):
    return ProblemReport.objects.create(page=activity, reason=ProblemReport.Reason.DAY_OR_TIME, status=status)


def send_for_review(activity, user):
    activity.save_revision(user=user)
    workflow_state = activity.get_workflow().start(activity, user)
    return workflow_state


@pytest.fixture
def listings(make_activity, moderator):
    """One activity for each reason, and some that need nothing."""
    today = timezone.localdate()
    made = {
        name: make_activity(title, locality=locality, postcode=postcode, categories=categories)
        for name, title, locality, postcode, categories in [
            ("checked", "Checked choir", "kirklees", "HD1 2TA", ["singing"]),
            ("due_soon", "Due soon darts", "kirklees", "HD1 2TA", ["singing"]),
            ("due", "Overdue orchestra", "barnsley", "S70 1AA", ["singing"]),
            ("stale", "Stale sketching", "calderdale", "HX1 1AA", ["arts"]),
            ("paused", "Paused pottery", "kirklees", "HD1 2TA", ["arts"]),
            ("pause_over", "Pottery back again", "kirklees", "HD1 2TA", ["arts"]),
            ("ended", "Ended embroidery", "wakefield", "WF1 1AA", ["arts"]),
            ("reported", "Reported rambling", "wakefield", "WF1 1AA", ["walking"]),
            ("fixed", "Fixed football", "wakefield", "WF1 1AA", ["walking"]),
            ("awaiting", "Awaiting approval allotment", "barnsley", "S70 1AA", ["walking"]),
            ("changes", "Changes asked chess", "barnsley", "S70 1AA", ["walking"]),
        ]
    }
    ActivityPage.objects.update(last_reviewed=today)  # the factory's are spread over the past months
    set_fields(made["due_soon"], last_reviewed=reviewed_before_is_due_soon(today) - DAY)
    set_fields(made["due"], last_reviewed=reviewed_before_is_due(today) - DAY)
    set_fields(made["stale"], last_reviewed=reviewed_before_is_stale(today) - DAY)
    set_fields(made["paused"], listing_status=Status.PAUSED, paused_until=today + 10 * DAY)
    set_fields(made["pause_over"], listing_status=Status.PAUSED, paused_until=today - DAY)
    # Ended long ago: not also "out of search", which would be no news.
    long_ago = reviewed_before_is_stale(today) - DAY
    set_fields(made["ended"], listing_status=Status.ENDED, last_reviewed=long_ago)
    report(made["reported"])
    report(made["reported"], status=ProblemReport.Status.PASSED_TO_PARTNER)
    report(made["fixed"], status=ProblemReport.Status.FIXED)
    send_for_review(made["awaiting"], moderator)
    changes = send_for_review(made["changes"], moderator)
    changes.current_task_state.reject(user=moderator, comment="Say which room")
    return made


def table_rows(html: str) -> dict[str, dict]:
    soup = BeautifulSoup(html, "html.parser")
    headings = [" ".join(th.get_text().split()) for th in soup.select("table thead th")]
    found = {}
    for tr in soup.select("table tbody tr"):
        cells = [" ".join(td.get_text().split()) for td in tr.find_all("td")]
        row = dict(zip(headings, cells, strict=True))
        row["link"] = tr.find("a")["href"]
        found[row["Activity"]] = row
    return found


def test_one_row_per_activity_needing_attention_with_what_needs_it(client, url, moderator, listings):
    client.force_login(moderator)

    rows = table_rows(client.get(url).text)

    assert {title: row["What needs attention"] for title, row in rows.items()} == {
        "Due soon darts": "Due to be checked soon",
        "Overdue orchestra": "Overdue: may be out of date",
        "Stale sketching": "Out of search: not checked for too long",
        "Paused pottery": "Paused",
        "Ended embroidery": "Ended",
        "Reported rambling": "Problem reported",
        "Awaiting approval allotment": "Changes awaiting approval",
        "Changes asked chess": "Changes asked for",
    }
    for name in ("due", "awaiting", "reported"):
        activity = listings[name]
        assert rows[activity.title]["link"] == reverse("wagtailadmin_pages:edit", args=[activity.pk])
    overdue = ActivityPage.objects.get(pk=listings["due"].pk)
    assert rows["Overdue orchestra"]["Last checked"] == overdue.last_reviewed.strftime(SHOWN)
    assert rows["Overdue orchestra"]["Due to be checked"] == review_dates(
        overdue.last_reviewed
    ).due_on.strftime(SHOWN)
    assert rows["Overdue orchestra"]["Partner"] == "Barnsley Community Partner"
    assert rows["Overdue orchestra"]["Locality"] == "Barnsley"
    assert rows["Reported rambling"]["Open reports"] == "2"
    assert rows["Awaiting approval allotment"]["Change waiting since"] == timezone.localdate().strftime(SHOWN)
    assert rows["Changes asked chess"]["Change waiting since"] == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"attention": ["due", "stale"]}, {"Overdue orchestra", "Stale sketching"}),
        ({"attention": ["awaiting_approval"]}, {"Awaiting approval allotment"}),
        ({"attention": ["reported", "changes_asked"]}, {"Reported rambling", "Changes asked chess"}),
        ({"locality": "wakefield"}, {"Ended embroidery", "Reported rambling"}),
        ({"partner": "calderdale"}, {"Stale sketching"}),
        (
            {"category": "walking"},
            {"Reported rambling", "Awaiting approval allotment", "Changes asked chess"},
        ),
        ({"category": "arts", "attention": ["paused", "ended"]}, {"Paused pottery", "Ended embroidery"}),
    ],
)
def test_the_filters(client, url, moderator, listings, make_activity, query, expected):
    by_slug = {
        "locality": lambda slug: Locality.objects.get(slug=slug).pk,
        "partner": lambda slug: make_activity.partners[slug].pk,
        "category": lambda slug: Category.objects.get(slug=slug).pk,
    }
    params = {name: by_slug[name](value) if name in by_slug else value for name, value in query.items()}
    client.force_login(moderator)

    assert set(table_rows(client.get(url, params).text)) == expected


def test_csv_export_has_the_headings_and_a_row(client, url, moderator, listings):
    client.force_login(moderator)

    response = client.get(url, {"attention": "reported", "export": "csv"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0] == [
        "Activity",
        "Partner",
        "Locality",
        "What needs attention",
        "Last checked",
        "Due to be checked",
        "Open problem reports",
        "Changes waiting since",
    ]
    activity = ActivityPage.objects.get(pk=listings["reported"].pk)
    assert lines[1:] == [
        [
            "Reported rambling",
            "Wakefield Community Partner",
            "Wakefield",
            "Problem reported",
            activity.last_reviewed.isoformat(),
            activity.review.due_on.isoformat(),
            "2",
            "",
        ]
    ]


def test_xlsx_export_opens(client, url, moderator, listings):
    client.force_login(moderator)

    response = client.get(url, {"attention": ["due", "awaiting_approval"], "export": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Activity" and rows[0][-1] == "Changes waiting since"
    assert {row[0] for row in rows[1:]} == {"Overdue orchestra", "Awaiting approval allotment"}
    [awaiting] = [row for row in rows[1:] if row[0] == "Awaiting approval allotment"]
    assert isinstance(awaiting[-1], datetime.datetime)


def _needing_attention(make_activity, moderator, numbers: range):
    today = timezone.localdate()
    for number in numbers:
        activity = make_activity(f"Activity {number}", locality=["kirklees", "barnsley"][number % 2])
        set_fields(activity, last_reviewed=reviewed_before_is_due(today) - number * DAY)
        if number % 3 == 0:
            report(activity)
        if number % 5 == 0:
            send_for_review(activity, moderator)


def test_the_report_costs_the_same_for_5_rows_as_for_50(client, url, moderator, make_activity):
    client.force_login(moderator)
    _needing_attention(make_activity, moderator, range(5))
    small = queries_for(client, url)
    _needing_attention(make_activity, moderator, range(5, 50))
    large = queries_for(client, url)

    assert len(table_rows(large[2].text)) == 50
    assert_same_count(small, large)


# -- who may see it ---------------------------------------------------------------------------


def test_an_editor_without_the_permission_is_refused(client, url):
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(url, {"export": "csv"}).status_code == 302
    assert "Listings needing attention" not in client.get(reverse("wagtailadmin_home")).text


def test_a_partner_contact_has_no_admin_access(client, url, listings):
    contact = PartnerContactFactory(partner=listings["due"].partner)
    client.force_login(contact.user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("who", ["moderator", "superuser", "permission"])
def test_staff_who_manage_any_listing_see_it_in_the_reports_menu(client, url, moderator, who):
    if who == "superuser":
        user = UserFactory(username="super", is_staff=True, is_superuser=True)
    elif who == "permission":
        user = UserFactory(username="staffer", is_staff=True)
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="manage_any_listing"),
        )
    else:
        user = moderator
    client.force_login(user)

    assert client.get(url).status_code == 200
    assert url in client.get(reverse("wagtailadmin_home")).text
