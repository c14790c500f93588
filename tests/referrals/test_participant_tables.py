"""/participants/ and a participant's page: each activity named by its day, time and venue, so that
groups with one name can be told apart; NHS.UK's responsive table with one value a cell and short
tags, so that a phone shows it without scrolling sideways; and a fixed number of queries however
many participants and activities there are. (Widths themselves: tests/browser/test_partner_tables.py.)"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import Attendance, WellbeingCheckIn
from partners.factories import PartnerContactFactory, PartnerPageFactory
from tests.builders import session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
BATLEY = "Knit and natter (Tuesday 10am; Batley Library)"
MIRFIELD = "Knit and natter (Thursday 6pm; Mirfield Methodist Church Hall)"


@pytest.fixture
def partner(db):
    return PartnerPageFactory(title="Spen Valley Crafters")


@pytest.fixture
def contact(partner):
    return PartnerContactFactory(partner=partner).user


@pytest.fixture
def knitting(make_activity, partner):
    """Two groups with one name, on other days at other venues."""
    return {
        "batley": make_activity(
            "Knit and natter",
            slug="knit-batley",
            partner=partner,
            venue_name="Batley Library",
            sessions=[session("tue", "10:00")],
        ),
        "mirfield": make_activity(
            "Knit and natter",
            slug="knit-mirfield",
            partner=partner,
            venue_name="Mirfield Methodist Church Hall",
            sessions=[session("thu", "18:00")],
        ),
    }


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cell(row, heading: str) -> str:
    """The text of a responsive table row's cell under this heading (found by its phone heading),
    without the heading."""
    for td in row.select("td"):
        label = td.select_one(".nhsuk-table__heading")
        if label.get_text(strip=True) == heading:
            return "".join(child.get_text(strip=True) for child in td.children if child is not label)
    raise AssertionError(f"No {heading!r} cell in {row}")


def test_each_row_and_the_filter_name_the_activity_by_day_time_and_venue(client, contact, knitting):
    ada = ParticipantFactory(referral__activity=knitting["batley"], referral__preferred_name="Ada")
    ben = ParticipantFactory(referral__activity=knitting["mirfield"], referral__preferred_name="Ben")
    client.force_login(contact)

    page = soup(client.get(reverse("participants:list")))

    rows = {cell(row, "Code"): cell(row, "Activity") for row in page.select("#participants tbody tr")}
    assert rows == {ada.code: BATLEY, ben.code: MIRFIELD}
    options = [(o["value"], o.get_text(strip=True)) for o in page.select("#id_activity option")]
    assert options == [("", "All activities"), ("knit-batley", BATLEY), ("knit-mirfield", MIRFIELD)]


def test_choosing_one_of_two_groups_with_one_name_shows_only_its_people(client, contact, knitting):
    ada = ParticipantFactory(referral__activity=knitting["batley"])
    ParticipantFactory(referral__activity=knitting["mirfield"])
    client.force_login(contact)

    page = soup(client.get(reverse("participants:list"), {"activity": "knit-batley"}))

    codes = [a.get_text(strip=True) for a in page.select("#participants tbody tr td:first-child a")]
    assert codes == [ada.code]
    assert page.select_one("#id_activity option[selected]").get_text(strip=True) == BATLEY


def test_a_participants_page_names_the_activity_by_day_time_and_venue(client, contact, knitting):
    ben = ParticipantFactory(referral__activity=knitting["mirfield"])
    client.force_login(contact)

    page = soup(client.get(reverse("participants:detail", args=[ben.public_id])))

    assert page.select_one(".nhsuk-caption-l").get_text(strip=True) == MIRFIELD


def test_the_list_is_a_responsive_table_with_one_short_value_a_cell(client, contact, knitting):
    """On a phone each cell is a flex row: its heading and ONE value beside it. Several loose values
    (a label, a tag, another label, a tag) become columns of their own and push the page sideways."""
    joined = TODAY() - datetime.timedelta(weeks=2)
    participant = ParticipantFactory(referral__activity=knitting["batley"], joined_on=joined)
    WellbeingCheckInFactory(participant=participant)
    due = joined + datetime.timedelta(weeks=12)
    WellbeingCheckInFactory(
        participant=participant,
        kind=WellbeingCheckIn.Kind.FOLLOW_UP,
        status=WellbeingCheckIn.Status.WAITING,
        due_on=due,
    )
    Attendance.objects.create(participant=participant, session_date=joined)
    client.force_login(contact)

    page = soup(client.get(reverse("participants:list")))

    table = page.select_one("#participants")
    assert {"nhsuk-table", "nhsuk-table--responsive"} <= set(table["class"])
    (row,) = table.select("tbody tr")
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headings == ["Code", "Name", "Activity", "Joined", "Sessions", "First questionnaire", "Follow-up"]
    for td, heading in zip(row.select("td"), headings, strict=True):
        label, *values = [child for child in td.children if str(child).strip()]
        assert label.get_text(strip=True) == heading and label["aria-hidden"] == "true"
        assert len(values) == 1, f"the {heading} cell holds {values}"
    assert cell(row, "First questionnaire") == "Answered"
    # A due date is never more than 12 weeks away: the day and month say it, in a short tag.
    assert cell(row, "Follow-up") == f"Due {due.day} {due:%b}"
    assert cell(row, "Sessions") == "1"


def test_the_participants_page_shows_its_questionnaires_in_a_responsive_table(client, contact, knitting):
    participant = ParticipantFactory(referral__activity=knitting["batley"])
    WellbeingCheckInFactory(participant=participant)
    client.force_login(contact)

    page = soup(client.get(reverse("participants:detail", args=[participant.public_id])))

    table = page.select_one("#check-ins")
    assert {"nhsuk-table", "nhsuk-table--responsive"} <= set(table["class"])
    (row,) = table.select("tbody tr")
    assert cell(row, "Questionnaire") == "When they joined"
    assert cell(row, "Status") == "Answered"
    assert cell(row, "Answered on") == f"{TODAY():%-d %b %Y}"


SMALL, LARGE = 5, 50


def add(make_activity, partner, start, count):
    """`count` participants, each at a group of their own with one name, two sessions and a venue,
    some with questionnaires answered, waiting or declined and sessions attended."""
    for number in range(start, start + count):
        activity = make_activity(
            "Knit and natter",
            slug=f"knit-{number}",
            partner=partner,
            venue_name=f"Hall {number}",
            sessions=[session("tue", "10:00"), session("fri", "14:00")],
        )
        participant = ParticipantFactory(referral__activity=activity)
        WellbeingCheckInFactory(participant=participant)
        if number % 2:
            WellbeingCheckInFactory(
                participant=participant,
                kind=WellbeingCheckIn.Kind.FOLLOW_UP,
                status=[WellbeingCheckIn.Status.WAITING, WellbeingCheckIn.Status.DECLINED][number % 4 // 2],
                due_on=participant.joined_on + datetime.timedelta(weeks=12),
            )
        Attendance.objects.create(participant=participant, session_date=participant.joined_on)


def test_the_list_makes_the_same_queries_for_5_and_50_participants_at_5_and_50_groups(
    client, contact, partner, make_activity
):
    client.force_login(contact)
    url = reverse("participants:list")

    add(make_activity, partner, 0, SMALL)
    small = queries_for(client, url)
    assert len(small[2].context["rows"]) == SMALL

    add(make_activity, partner, SMALL, LARGE - SMALL)
    large = queries_for(client, url)
    assert len(large[2].context["rows"]) == LARGE
    page = BeautifulSoup(large[2].content, "html.parser")
    assert len(page.select("#id_activity option")) == LARGE + 1
    assert "Knit and natter (Tuesday 10am, Friday 2pm; Hall 49)" in page.select_one("#participants").text

    assert_same_count(small, large)
