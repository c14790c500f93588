"""A partner's record for collective members: referrals taken up, attendance and wellbeing change,
with the same disclosure control as /impact/, through the "partner_record_figures" hook."""

import ast
import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.factories import ActivityPageFactory
from activities.referrals.factories import (
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
    answers_for_metric,
)
from activities.referrals.models import Attendance, Referral, WellbeingCheckIn
from partners.factories import FundingApplicationFactory, PartnerPageFactory
from partners.selectors import partner_record_figures

Kind = WellbeingCheckIn.Kind


def joined(
    activity, count: int, *, sessions: int = 0, first: int | None = None, follow_up: int | None = None
):
    for _ in range(count):
        participant = ParticipantFactory(
            referral__activity=activity, referral__champion=None, referral__source=Referral.Source.SELF
        )
        for week in range(sessions):
            Attendance.objects.create(
                participant=participant,
                session_date=datetime.date(2026, 3, 2) + datetime.timedelta(weeks=week),
            )
        if first is not None:
            WellbeingCheckInFactory(
                participant=participant, kind=Kind.BASELINE, answers=answers_for_metric(first)
            )
        if follow_up is not None:
            WellbeingCheckInFactory(
                participant=participant, kind=Kind.FOLLOW_UP, answers=answers_for_metric(follow_up)
            )


def record(client, application) -> dict[str, str]:
    response = client.get(reverse("collectives:application", args=[application.public_id]))
    assert response.status_code == 200
    figures = BeautifulSoup(response.content, "html.parser").select_one("#partner-figures")
    return {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
        for row in figures.select(".nhsuk-summary-list__row")
    }


def test_the_partner_record_shows_referrals_attendance_and_wellbeing_with_small_numbers_hidden(
    client, application, members
):
    activity = ActivityPageFactory(partner=application.partner)
    joined(activity, 3, sessions=2, first=14)  # 3 people, 6 visits, no follow-up answers yet
    for _ in range(9):
        ReferralFactory(activity=activity, status=Referral.Status.NOT_TAKEN_UP)
    client.force_login(members[1].user)

    assert record(client, application) == {
        "Referrals taken up": "fewer than 8 of 10",
        "Attendance": "Fewer than 8 session visits so far",
        "Wellbeing change": "Shown once 30 people have answered twice (30 more needed)",
    }


def test_wellbeing_change_is_shown_once_30_people_have_both_scores(client, application, members):
    activity = ActivityPageFactory(partner=application.partner)
    joined(activity, 29, sessions=1, first=14, follow_up=22)
    client.force_login(members[1].user)

    # 29 is shown as "30", so all a reader can tell is that 1 or 2 more are needed.
    assert record(client, application)["Wellbeing change"] == (
        "Shown once 30 people have answered twice (1 to 2 more needed)"
    )

    joined(activity, 1, sessions=1, first=14, follow_up=22)
    figures = record(client, application)

    # Every one of the 30 went from 15.32 to 19.98: +4.66, with no spread.
    assert figures["Wellbeing change"] == (
        "+4.7 points on average (95% confidence interval +4.7 to +4.7), from 30 people who answered twice"
    )
    assert figures["Attendance"] == "30 session visits by 30 people"
    assert figures["Referrals taken up"] == "30 of 30"


def test_a_partner_record_counts_only_that_partners_activities(client, application, members):
    joined(ActivityPageFactory(partner=PartnerPageFactory()), 12, sessions=1)
    client.force_login(members[1].user)

    assert record(client, application) == {
        "Referrals taken up": "No referrals yet",
        "Attendance": "0 session visits by 0 people",
        "Wellbeing change": "Shown once 30 people have answered twice (30 more needed)",
    }


def test_the_dashboard_card_shows_each_partners_figures(client, funding_round, members):
    busy = FundingApplicationFactory(round=funding_round, title="Busy partner's project")
    quiet = FundingApplicationFactory(round=funding_round, title="Quiet partner's project")
    joined(ActivityPageFactory(partner=busy.partner), 12, sessions=1)
    client.force_login(members[1].user)

    response = client.get(reverse("collectives:dashboard"))

    cards = {
        card.h4.get_text(strip=True): card.select_one(".cm-partner-figures").get_text(" ", strip=True)
        for card in BeautifulSoup(response.content, "html.parser").select(".cm-round .nhsuk-card")
    }
    assert "Referrals taken up: 10 of 10" in cards[busy.title]
    assert "Attendance: 10 session visits by 10 people" in cards[busy.title]
    assert "Referrals taken up: No referrals yet" in cards[quiet.title]


def test_the_dashboard_queries_do_not_grow_with_the_partners_and_their_participants(
    client, funding_round, members
):
    client.force_login(members[1].user)
    url = reverse("collectives:dashboard")

    def count_queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for index in range(2):
        application = FundingApplicationFactory(round=funding_round)
        joined(
            ActivityPageFactory(partner=application.partner), index + 1, sessions=1, first=14, follow_up=20
        )
    with_two = count_queries()
    for index in range(4):
        application = FundingApplicationFactory(round=funding_round)
        joined(
            ActivityPageFactory(partner=application.partner), index + 2, sessions=2, first=14, follow_up=20
        )
    assert count_queries() == with_two


def test_figures_for_several_partners_take_three_queries(db):
    partners = [PartnerPageFactory() for _ in range(3)]
    for partner in partners:
        joined(ActivityPageFactory(partner=partner), 2, sessions=1, first=14, follow_up=20)

    with CaptureQueriesContext(connection) as captured:
        figures = partner_record_figures([partner.pk for partner in partners])

    assert len(captured) == 3
    assert set(figures) == {partner.pk for partner in partners}
    assert all(
        dict(items)["Referrals taken up"] == "Fewer than 8 referrals so far" for items in figures.values()
    )
    assert partner_record_figures([]) == {}


@pytest.mark.parametrize("module", ["partners/selectors.py", "partners/views/collectives.py"])
def test_partners_code_does_not_import_activities_or_home(module):
    """The dependency runs home -> activities -> partners: the figures come in through a hook."""
    tree = ast.parse((Path(settings.BASE_DIR) / module).read_text())
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
        )
    }
    assert not {name for name in imported if name and name.split(".")[0] in ("activities", "home")}
