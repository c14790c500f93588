"""Attendance registers name each activity by its day, time and venue (/attendance/'s list, the
session list and a register's heading and title), so that a partner running five groups with one
name ticks the right one; /attendance/ makes the same queries for 5 groups as for 50."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from activities.referrals import selectors
from activities.referrals.factories import ParticipantFactory
from partners.factories import PartnerContactFactory, PartnerPageFactory
from tests.builders import session
from tests.query_counting import assert_same_count, queries_for

pytestmark = pytest.mark.django_db

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
            sessions=[session("tue", "10:00", valid_from=datetime.date(2025, 1, 6))],
        ),
        "mirfield": make_activity(
            "Knit and natter",
            slug="knit-mirfield",
            partner=partner,
            venue_name="Mirfield Methodist Church Hall",
            sessions=[session("thu", "18:00", valid_from=datetime.date(2025, 1, 6))],
        ),
    }


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def title(page) -> str:
    return " ".join(page.title.get_text().split())


def test_the_list_of_registers_tells_two_groups_with_one_name_apart(client, contact, knitting):
    ParticipantFactory(referral__activity=knitting["mirfield"])
    client.force_login(contact)

    page = soup(client.get(reverse("attendance:activities")))

    links = {a.get_text(strip=True): a["href"] for a in page.select("main ul.nhsuk-list a")}
    assert links == {
        BATLEY: reverse("attendance:dates", args=["knit-batley"]),
        MIRFIELD: reverse("attendance:dates", args=["knit-mirfield"]),
    }


def test_the_session_list_names_its_group(client, contact, knitting):
    client.force_login(contact)

    page = soup(client.get(reverse("attendance:dates", args=["knit-mirfield"])))

    assert page.select_one(".nhsuk-caption-l").get_text(strip=True) == MIRFIELD
    assert title(page).startswith(f"Register for {MIRFIELD}")


def test_a_registers_heading_and_title_name_its_group(client, contact, knitting):
    batley = knitting["batley"]
    day = selectors.recent_session_dates(batley)[0]
    client.force_login(contact)

    page = soup(client.get(reverse("attendance:register", args=[batley.slug, day.isoformat()])))

    assert page.select_one(".nhsuk-caption-l").get_text(strip=True) == BATLEY
    assert page.h1.get_text(strip=True) == f"{day:%A} {day.day} {day:%B %Y}"
    assert title(page).startswith(f"Register for {day.day} {day:%B %Y}: {BATLEY}")


SMALL, LARGE = 5, 50


def add(make_activity, partner, start, count):
    """`count` groups with one name, two sessions each and a venue, some with participants."""
    for number in range(start, start + count):
        activity = make_activity(
            "Knit and natter",
            slug=f"knit-{number}",
            partner=partner,
            venue_name=f"Hall {number}",
            sessions=[session("tue", "10:00"), session("fri", "14:00")],
        )
        for _ in range(number % 3):
            ParticipantFactory(referral__activity=activity)


def test_the_list_of_registers_makes_the_same_queries_for_5_and_50_groups(
    client, contact, partner, make_activity
):
    client.force_login(contact)
    url = reverse("attendance:activities")

    add(make_activity, partner, 0, SMALL)
    small = queries_for(client, url)
    assert len(small[2].context["rows"]) == SMALL

    add(make_activity, partner, SMALL, LARGE - SMALL)
    large = queries_for(client, url)
    assert len(large[2].context["rows"]) == LARGE
    links = [a.get_text(strip=True) for a in soup(large[2]).select("main ul.nhsuk-list a")]
    assert "Knit and natter (Tuesday 10am, Friday 2pm; Hall 49)" in links
    assert len(set(links)) == LARGE

    assert_same_count(small, large)
