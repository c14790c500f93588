"""/impact/: published wellbeing and referral figures, with disclosure control.

Each test builds people with both scores through the factories, one activity per group, and reads
the page as a member of the public would: the figures in its tables and chart.
"""

import datetime
import itertools
import math

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.referrals import swemwbs
from activities.referrals.factories import (
    ParticipantFactory,
    ReferralFactory,
    WellbeingCheckInFactory,
    answers_for_metric,
)
from activities.referrals.models import Attendance, Referral, WellbeingCheckIn
from activities.stories.factories import StoryPageFactory
from activities.stories.models import Theme
from home.impact import disclosure, published
from home.impact.chart import Pair, dumbbell_chart
from home.impact.disclosure import disclose_count
from home.impact.text import HIDDEN_TO_PROTECT_MEANS
from tests.builders import ActivityMaker

Kind = WellbeingCheckIn.Kind


def people(activity, count: int, *, first: int = 14, follow_up: int | None = 21) -> list:
    """`count` people who joined `activity` and answered the first questionnaire with a raw score of
    `first`, and the follow-up with `follow_up` (None: no follow-up answered yet)."""
    joined = []
    for _ in range(count):
        participant = ParticipantFactory(
            referral__activity=activity, referral__champion=None, referral__source=Referral.Source.SELF
        )
        WellbeingCheckInFactory(
            participant=participant, kind=Kind.BASELINE, answers=answers_for_metric(first)
        )
        if follow_up is not None:
            WellbeingCheckInFactory(
                participant=participant, kind=Kind.FOLLOW_UP, answers=answers_for_metric(follow_up)
            )
        joined.append(participant)
    return joined


def metric(raw: int) -> float:
    return float(swemwbs.conversion_table()[raw])


def page(client):
    cache.clear()  # the figures are cached for a few minutes; each test reads them fresh
    response = client.get(reverse("impact"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table(soup, table_id: str) -> dict[str, list[str]]:
    """{row heading: [cell texts]} for one table, as a reader sees it (without the stacked headings)."""
    rows = {}
    for row in soup.select(f"#{table_id} tbody tr"):
        for heading in row.select(".nhsuk-table-responsive__heading"):
            heading.decompose()
        rows[row.th.get_text(strip=True)] = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    return rows


# ---------------------------------------------------------------------------
# The Done-means: small cells, too few pairs, totals that must not give a cell away
# ---------------------------------------------------------------------------


def test_a_cell_of_7_people_shows_fewer_than_8_and_no_mean(client, activity):
    people(activity("kirklees"), 7, first=14, follow_up=21)
    people(activity("wakefield"), 40, first=16, follow_up=22)
    people(activity("calderdale"), 10)  # hidden as well, so 55 - 40 does not give Kirklees away

    rows = table(page(client), "wellbeing-by-locality")

    kirklees = rows["Kirklees"]
    assert kirklees[0] == "fewer than 8"
    assert len(kirklees) == 2, "the four figures are replaced by one note"
    assert kirklees[1] == "We need answers from 23 to 29 more people."
    # Neither the group's mean scores nor its change appear anywhere in its row.
    for figure in ("15.3", "19.3", "3.9"):
        assert figure not in " ".join(kirklees)
    # Wakefield's 40 are shown, rounded, but not their means: the all-localities means less
    # Wakefield's would give the means of the 17 people in Kirklees and Calderdale.
    assert rows["Wakefield"] == ["40", f"{HIDDEN_TO_PROTECT_MEANS}."]
    # 17 went from 15.32 to 19.25 and 40 from 16.36 to 19.98: (17 x 15.32 + 40 x 16.36) / 57 = 16.05.
    assert rows["All localities"][:5] == ["55", "16.0", "19.8", "+3.7", "+3.7 to +3.8"]
    assert rows["Calderdale"] == [
        "not shown",
        "Not shown, so that numbers hidden elsewhere in the table cannot be worked out.",
    ]


def test_a_cell_of_29_paired_scores_shows_no_mean(client, activity):
    people(activity("kirklees"), 29)
    people(activity("kirklees"), 3, follow_up=None)  # joined, but no follow-up yet: not paired
    people(activity("wakefield"), 30, first=14, follow_up=22)

    figures = published.outcomes_page()
    rows = table(page(client), "wellbeing-by-locality")

    kirklees = next(row for row in figures.wellbeing_by_locality if row.name == "Kirklees")
    assert kirklees.change is None
    assert rows["Kirklees"] == ["30", "We need answers from 1 to 2 more people."]
    # 30 would be enough, but the all-localities means less Wakefield's would give Kirklees' 29 away.
    assert rows["Wakefield"] == ["30", f"{HIDDEN_TO_PROTECT_MEANS}."]
    people(activity("calderdale"), 1)  # now everyone but Wakefield is 30 people
    rows = table(page(client), "wellbeing-by-locality")
    assert metric(14) == 15.32 and metric(22) == 19.98
    assert rows["Wakefield"][1:3] == ["15.3", "20.0"]


def possible_values(text: str, shows_mean: bool | None, cap: int, *, cell: bool = True) -> range:
    """Every true count a reader could think lies behind a published count: worked out here from the
    published rules alone (not from home.impact.disclosure), as someone trying to undo them would."""
    if text == "0":
        values = range(0, 1)
    elif text == "fewer than 8":
        values = range(1, 8)
    elif text == "not shown":
        # Only counts of 8 or more are hidden this way (a hidden total can be anything).
        values = range(8 if cell else 0, cap + 1)
    else:
        shown = int(text.replace(",", ""))
        values = range(max(8, shown - 2), shown + 3)
    if shows_mean is True:
        values = range(max(values.start, 30), values.stop)
    elif shows_mean is False and text not in ("fewer than 8", "not shown"):
        values = range(values.start, min(values.stop, 30))
    return values


def solutions(cells: list[range], total: range) -> list[tuple[int, ...]]:
    """Every combination of cell values that adds up to a possible total."""
    return [combo for combo in itertools.product(*cells) if sum(combo) in total]


def assert_no_hidden_cell_is_pinned(cells: dict[str, range], total: range, hidden: list[str]):
    names = list(cells)
    answers = solutions([cells[name] for name in names], total)
    assert answers, "the published figures must be consistent with the real ones"
    for name in hidden:
        values = {answer[names.index(name)] for answer in answers}
        assert len(values) > 1, f"{name} can be worked out: it must be {values}"


def test_a_row_whose_total_and_all_but_one_cell_are_shown_cannot_be_used_to_derive_the_hidden_cell(
    client, activity
):
    # Kirklees 5 is hidden. Were the others and the total shown (10, 40, 0 and 55), 55 - 10 - 40 - 0
    # would give Kirklees away within a few, so one more figure must be hidden too.
    people(activity("kirklees"), 5)
    people(activity("wakefield"), 12)
    people(activity("calderdale"), 40)
    soup = page(client)

    for table_id, column in (
        ("wellbeing-by-locality", 0),
        ("referrals-by-locality", 0),
        ("referrals-by-locality", 1),
    ):
        rows = table(soup, table_id)
        texts = {name: cells[column] for name, cells in rows.items()}
        total_text = texts.pop("All localities")
        hidden = [name for name, text in texts.items() if text in ("fewer than 8", "not shown")]
        assert texts["Kirklees"] == "fewer than 8"
        assert len(hidden) >= 2 or total_text == "not shown", (table_id, texts, total_text)

        has_means = table_id == "wellbeing-by-locality"

        def mean_shown(name, rows=rows, has_means=has_means):
            # A mean hidden to protect another group's tells a reader the count is 30 or more.
            return (
                (len(rows[name]) > 2 or rows[name][1] == f"{HIDDEN_TO_PROTECT_MEANS}.") if has_means else None
            )

        cap = 60  # well above the total: a hidden figure cannot be more than everyone
        cells = {name: possible_values(text, mean_shown(name), cap) for name, text in texts.items()}
        total = possible_values(total_text, mean_shown("All localities"), cap, cell=False)
        assert_no_hidden_cell_is_pinned(cells, total, hidden)


def test_a_hidden_category_cannot_be_worked_out_from_the_total_in_the_area_table(client, activity):
    # 24 people: 12 in Kirklees and 12 in Wakefield (shown "10" and "10", total "25"), so a reader
    # knows the total is exactly 24 (two counts of at most 12). 23 of them sing and 1 walks. Shown as
    # "25" and "fewer than 8", walking would have to be 24 - 23 = 1; so singing is hidden as well.
    people(activity("kirklees", "singing"), 12)
    people(activity("wakefield", "singing"), 11)
    people(activity("wakefield", "walking"), 1)
    soup = page(client)

    by_area = {name: cells[0] for name, cells in table(soup, "wellbeing-by-locality").items()}
    by_type = {name: cells[0] for name, cells in table(soup, "wellbeing-by-category").items()}
    assert by_area == {
        "Barnsley": "0",
        "Calderdale": "0",
        "Kirklees": "10",
        "Wakefield": "10",
        "All localities": "25",
    }
    assert by_type == {"Singing": "not shown", "Walking": "fewer than 8"}

    # Nobody here is in two categories, so the worst case is a reader who assumes the categories add
    # up to the total, which in turn is the sum of the areas.
    areas = [possible_values(text, False, 60) for name, text in by_area.items() if name != "All localities"]
    total = possible_values(by_area["All localities"], False, 60, cell=False)
    totals = {sum(combo) for combo in solutions(areas, total)}
    walking = {
        walks
        for sings, walks in itertools.product(possible_values("not shown", False, 60), range(1, 8))
        if sings + walks in totals
    }
    assert len(walking) > 1


def test_without_the_extra_hiding_the_category_would_be_given_away():
    """The same figures through suppression of single counts only: the check above is not vacuous."""
    singing, walking = disclose_count(23), disclose_count(1)
    assert (singing.text, walking.text) == ("25", "fewer than 8")
    totals = {a + b for a, b in itertools.product(range(8, 13), repeat=2) if a + b in range(23, 28)}
    assert {total - sings for total in totals for sings in range(23, 28) if 1 <= total - sings <= 7} == {1}


def test_a_mean_beside_a_count_is_taken_into_account_when_hiding():
    # 7 + 7 + 29 = 43, shown as "45" (43 to 47). Both 7s are hidden. "30" alone could be 28 to 32,
    # leaving the two 7s 11 to 19 between them; but with no mean beside it a reader knows it is 28 or
    # 29, so the 7s add up to at least 14: both must be 7. So "30" is hidden too.
    column = disclosure.protect_column({"a": 7, "b": 7, "c": 29}, 43, min_for_stats=30)
    assert [column.cells[key].text for key in "abc"] == ["fewer than 8", "fewer than 8", "not shown"]
    # Without means the rounded count alone keeps the 7s safe, and it is shown.
    plain = disclosure.protect_column({"a": 7, "b": 7, "c": 29}, 43)
    assert [plain.cells[key].text for key in "abc"] == ["fewer than 8", "fewer than 8", "30"]


def test_what_the_category_table_says_about_the_total_is_taken_into_account():
    # 7 + 7 + 37 = 51, shown as "50" (48 to 52), with "35" (33 to 37). Alone, the 7s add up to
    # 11 to 19 between them. If the category table tells a reader the total is 51 or 52, they add up
    # to at least 51 - 37 = 14, so both are 7: "35" must be hidden.
    alone = disclosure.protect_column({"a": 7, "b": 7, "c": 37}, 51)
    assert alone.cells["c"].text == "35"
    told = disclosure.protect_column({"a": 7, "b": 7, "c": 37}, 51, total_bounds=(51, 52))
    assert [told.cells[key].text for key in "abc"] == ["fewer than 8", "fewer than 8", "not shown"]


def test_categories_bound_the_total_only_by_what_is_true():
    # Shown as "10", "10", "35": the people in them number 49 to 61 if nobody is in two.
    assert disclosure.bounds_on_total({"x": 8, "y": 8, "z": 35}, 51) == (49, 61)
    # When some are in two categories (51 in the categories, 40 people), only "at most 61" holds.
    assert disclosure.bounds_on_total({"x": 8, "y": 8, "z": 35}, 40) == (0, 61)
    # When some are in none (an activity with no category), not even that.
    assert disclosure.bounds_on_total({"x": 8}, 20) == (0, math.inf)


# ---------------------------------------------------------------------------
# The confidence interval, against a hand-worked example
# ---------------------------------------------------------------------------


def test_the_confidence_interval_matches_a_hand_worked_example(client, activity):
    """30 people in Wakefield: 15 went from raw 14 to raw 22 and 15 stayed at raw 16.

    Metric scores (the published conversion table): raw 14 = 15.32, raw 16 = 16.36, raw 22 = 19.98.
      first scores:      15 x 15.32 and 15 x 16.36, mean (15.32 + 16.36) / 2 = 15.84
      follow-up scores:  15 x 19.98 and 15 x 16.36, mean (19.98 + 16.36) / 2 = 18.17
      changes:           15 x 4.66 and 15 x 0,      mean 2.33
      each change is 2.33 away from the mean, so the sample standard deviation is
        s = sqrt(30 x 2.33^2 / 29) and the standard error s / sqrt(30) = 2.33 / sqrt(29) = 0.43267
      t for 29 degrees of freedom, 95% two-sided (printed t tables): 2.045
      interval: 2.33 -/+ 2.045 x 0.43267 = 2.33 -/+ 0.8848, so 1.4452 to 3.2148
      rose by 3 or more: 15 of 30 = 50%
    """
    people(activity("wakefield"), 15, first=14, follow_up=22)
    people(activity("wakefield"), 15, first=16, follow_up=16)

    row = next(row for row in published.outcomes_page().wellbeing_by_locality if row.name == "Wakefield")
    assert row.change.n == 30
    assert row.change.mean_baseline == pytest.approx(15.84)
    assert row.change.mean_followup == pytest.approx(18.17)
    assert row.change.mean_change == pytest.approx(2.33)
    # The t table gives 3 decimal places, so agree to within what 2.045 vs 2.0452 moves the margin.
    assert row.change.ci_low == pytest.approx(1.4452, abs=2e-4)
    assert row.change.ci_high == pytest.approx(3.2148, abs=2e-4)
    assert row.change.share_improved == 0.5

    rows = table(page(client), "wellbeing-by-locality")
    assert rows["Wakefield"] == [
        "30",
        "15.8",
        "18.2",
        "+2.3",
        "+1.4 to +3.2",
        "50% (15 of 30)",
        "0% (0 of 30)",
    ]


def test_the_share_improved_is_not_shown_when_it_would_reveal_a_handful_of_people(client, activity):
    people(activity("wakefield"), 3, first=14, follow_up=22)  # 3 rose by 3 or more
    people(activity("wakefield"), 30, first=16, follow_up=17)

    rows = table(page(client), "wellbeing-by-locality")

    assert rows["Wakefield"][0] == "35"
    assert rows["Wakefield"][5] == "Not shown: too few people to show safely."


# ---------------------------------------------------------------------------
# The chart
# ---------------------------------------------------------------------------


def test_the_chart_is_an_accessible_svg_with_the_same_figures_as_the_table(client, activity):
    people(activity("wakefield"), 15, first=14, follow_up=22)
    people(activity("wakefield"), 15, first=16, follow_up=16)
    people(activity("kirklees"), 5)
    # Hidden too, rather than Wakefield, to protect Kirklees; 25, so that the all-localities means
    # less Wakefield's are those of 30 people.
    people(activity("calderdale"), 25)
    soup = page(client)

    svg = soup.select_one("#wellbeing-figure svg")
    assert svg["role"] == "img"
    labelled_by = svg["aria-labelledby"].split()
    assert [svg.find(id=name).name for name in labelled_by] == ["title", "desc"]
    description = svg.find("desc").get_text()
    assert "Wakefield: 15.8 when they joined, 18.2 at follow-up" in description
    assert "Kirklees" not in svg.get_text(), "groups without means are left out"
    printed = [text.get_text() for text in svg.find_all("text")]
    assert "15.8" in printed and "18.2" in printed
    assert table(soup, "wellbeing-by-locality")["Wakefield"][1:3] == ["15.8", "18.2"]
    assert not svg.find_all(style=True) and not soup.select("[style]"), (
        "the content security policy forbids inline styles"
    )
    assert soup.find("figcaption")


def test_chart_text_is_escaped():
    chart = dumbbell_chart(
        [Pair("<script>alert(1)</script>", 20.0, "20.0", 22.0, "22.0")],
        chart_id="c",
        title="A & B",
        description="<b>",
        first_label="x",
        second_label="y",
        axis_label="z",
        lowest=7,
        highest=35,
        ticks=(7, 35),
    )
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    assert "A &amp; B" in chart and "&lt;b&gt;" in chart


def test_with_no_means_yet_there_is_no_chart_but_the_page_says_why(client, activity):
    people(activity("wakefield"), 3)
    soup = page(client)
    assert soup.select_one("#wellbeing-figure") is None
    assert "not enough answers yet" in soup.select_one("#no-chart").get_text()


# ---------------------------------------------------------------------------
# Referrals, categories and the page as a whole
# ---------------------------------------------------------------------------


def joined_after(activity, days: list[int]):
    """One joined referral per entry, whose first session was that many days after the referral."""
    for wait in days:
        participant = ParticipantFactory(
            referral__activity=activity, referral__champion=None, referral__source=Referral.Source.SELF
        )
        made = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
        Referral.objects.filter(pk=participant.referral_id).update(created_at=made)
        Attendance.objects.create(
            participant=participant, session_date=made.date() + datetime.timedelta(days=wait)
        )
        # A later session does not change when they first came.
        Attendance.objects.create(
            participant=participant, session_date=made.date() + datetime.timedelta(days=wait + 7)
        )


def test_referral_figures_with_the_median_days_to_a_first_session(client, activity):
    joined_after(activity("kirklees"), [3, 5, 7, 9, 11, 13, 20, 40, 50])  # median 11
    for _ in range(4):
        ReferralFactory(activity=activity("kirklees"), status=Referral.Status.NOT_TAKEN_UP)
    joined_after(activity("calderdale"), [10] * 8)
    joined_after(activity("wakefield"), [2, 4, 6])

    rows = table(page(client), "referrals-by-locality")

    assert rows["Kirklees"] == ["15", "10", "11 days (10 people)"]  # 13 made, 9 joined, 9 been
    # Wakefield's 3 are hidden, and Calderdale's 8 (the smallest other) so the total does not give them away.
    assert rows["Wakefield"] == [
        "fewer than 8",
        "fewer than 8",
        "Not shown: fewer than 8 people have been to a session",
    ]
    # Calderdale's 8 who have been to a session are hidden too, and with them their median.
    assert rows["Calderdale"] == [
        "not shown",
        "not shown",
        "Not shown, so that numbers hidden elsewhere in the table cannot be worked out",
    ]
    # 24 made and 20 joined; the 20 waits sorted: 2 3 4 5 6 7 9 10 10 [10 10] ... so the median is 10.
    assert rows["All localities"] == ["25", "20", "10 days (20 people)"]


def test_an_activity_in_two_categories_counts_in_both_and_the_page_says_so(client, db):
    both = ActivityMaker()("Sing and walk", locality="kirklees", categories=["singing", "walking"])
    people(both, 9)
    soup = page(client)

    by_type = table(soup, "wellbeing-by-category")
    assert by_type["Singing"][0] == by_type["Walking"][0] == "10"
    assert "counted under each of its types" in soup.select_one("main").get_text()


def test_the_page_is_public_cacheable_and_says_how_figures_are_protected(client, activity):
    joined = people(activity("kirklees"), 3)
    response = client.get(reverse("impact"))

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    text = response.content.decode()
    for participant in joined:
        assert participant.code not in text
        assert participant.referral.preferred_name not in text
    assert swemwbs.COPYRIGHT in text
    assert "so nobody can be identified" in text
    assert "7 to 35" in text
    soup = BeautifulSoup(response.content, "html.parser")
    for table_tag in soup.select("table"):
        assert table_tag.caption.get_text(strip=True)
        assert all(th.get("scope") in ("col", "row") for th in table_tag.select("th"))


def test_the_figures_are_worked_out_in_a_fixed_number_of_queries(activity):
    people(activity("kirklees"), 3)
    published.outcomes_page()  # fills what a warm site has cached (Wagtail's site root paths)
    with CaptureQueriesContext(connection) as few:
        published.outcomes_page()
    people(activity("wakefield", "walking"), 3)
    people(activity("calderdale", "dance"), 3)
    Theme.objects.create(name="Sleeping better", slug="sleep")
    for place in ("kirklees", "wakefield", "calderdale"):
        StoryPageFactory(activity=activity(place), themes=Theme.objects.all()[:3])
    with CaptureQueriesContext(connection) as more:
        published.outcomes_page()
    # Six for the outcomes; the stories' themes take three: the view restrictions a published story
    # must not be under, the themes counted per area, and where /stories/ is for the links.
    assert len(few) == len(more) <= 9


def test_the_figures_are_cached_for_a_few_minutes(client, activity):
    people(activity("kirklees"), 40)
    client.get(reverse("impact"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("impact"))
    assert not any("wellbeingcheckin" in query["sql"] for query in captured.captured_queries)
    assert (
        table(BeautifulSoup(response.content, "html.parser"), "wellbeing-by-locality")["Kirklees"][0] == "40"
    )
