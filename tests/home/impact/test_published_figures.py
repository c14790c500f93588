"""/impact/ as a commissioner relies on it: no small group's mean can be worked out from the page or
its CSV, every figure carries its n, the CSV is exactly the page's figures, and the page says over
which period, as of when, and how many answered."""

import csv
import datetime
import io
import re

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from activities.models import Category
from activities.referrals.factories import ParticipantFactory, WellbeingCheckInFactory
from activities.referrals.models import Referral, WellbeingCheckIn
from activities.stories.factories import StoryPageFactory
from activities.stories.models import Theme
from home.impact import published
from home.impact.disclosure import MIN_GROUP
from partners.models import Locality
from tests.home.impact.test_disclosure import _derivable_small_groups
from tests.home.impact.test_impact import joined_after, page, people, table

MEANS = (published.FIRST_SCORE, published.FOLLOW_UP_SCORE, published.CHANGE, published.INTERVAL)
SHARES = (published.ROSE, published.FELL)


def download(client) -> list[dict[str, str]]:
    response = client.get(reverse("impact_csv"))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def figures_on_page(soup) -> list[dict[str, str]]:
    """Every figure the page marks, read as a reader sees it: its table's caption, its row, its
    column heading, its text, and its n."""
    found = []
    for span in soup.select("[data-measure]"):
        row = span.find_parent("tr")
        found.append(
            {
                "table": span.find_parent("table").caption.get_text(strip=True),
                "group": row.th.get_text(strip=True),
                "measure": span["data-measure"],
                "value": span.get_text(strip=True),
                "n": span["data-n"],
                "cell": span.find_parent("td").get_text(" ", strip=True),
            }
        )
    return found


# ---------------------------------------------------------------------------
# (a) No mean of a group below 30 can be worked out
# ---------------------------------------------------------------------------


def test_no_mean_of_the_17_in_barnsley_and_calderdale_can_be_worked_out(client, activity):
    kirklees = people(activity("kirklees", "singing"), 42, first=14, follow_up=21)
    barnsley = people(activity("barnsley", "walking"), 9, first=20, follow_up=18)
    calderdale = people(activity("calderdale", "singing"), 8, first=18, follow_up=25)
    people(activity("wakefield", "singing"), 2, follow_up=None)  # answered once: in no mean
    ids = {
        name: {p.pk for p in group} for name, group in (("k", kirklees), ("b", barnsley), ("c", calderdale))
    }
    # Who is in each group the page can show a mean for, known here from how the data were built.
    members = {
        (published.WELLBEING_BY_LOCALITY, "Barnsley"): ids["b"],
        (published.WELLBEING_BY_LOCALITY, "Calderdale"): ids["c"],
        (published.WELLBEING_BY_LOCALITY, "Kirklees"): ids["k"],
        (published.WELLBEING_BY_LOCALITY, "Wakefield"): set(),
        (published.WELLBEING_BY_LOCALITY, "All localities"): ids["k"] | ids["b"] | ids["c"],
        (published.WELLBEING_BY_CATEGORY, "Singing"): ids["k"] | ids["c"],
        (published.WELLBEING_BY_CATEGORY, "Walking"): ids["b"],
    }
    soup = page(client)
    rows = download(client)

    # Every published mean or share, from the page and from the CSV, with the n it is published with.
    shown = {(row["table"], row["group"]) for row in rows if row["measure"] in MEANS + SHARES}
    on_page = {(f["table"], f["group"]) for f in figures_on_page(soup) if f["measure"] in MEANS + SHARES}
    assert shown == on_page
    assert shown, "something is published: the test is not vacuous"
    for key in shown:
        assert len(members[key]) >= MIN_GROUP
    # Adding and taking away any of them (+1, 0 or -1 each) isolates no group of 1 to 29 people,
    # so the means of the 17 (or of Barnsley's 9, or Calderdale's 8) cannot be worked out, even
    # with exact n's.
    assert _derivable_small_groups(members, shown) == []
    # Without the complementary suppression the page would have shown Kirklees' means next to the
    # total's, and the total less Kirklees gives the 17.
    naive = {key for key, group in members.items() if len(group) >= MIN_GROUP}
    assert any(isolated == ids["b"] | ids["c"] for _, isolated in _derivable_small_groups(members, naive))
    kirklees_row = table(soup, "wellbeing-by-locality")["Kirklees"]
    assert kirklees_row == [
        "40",
        "Not shown, so that the averages of a smaller group cannot be worked out from the others.",
    ]


# ---------------------------------------------------------------------------
# (b) Every figure has its n; (g) the CSV is exactly the page's figures
# ---------------------------------------------------------------------------


def varied_data(activity):
    people(activity("kirklees", "singing"), 20, first=14, follow_up=22)  # up by 4.66
    people(activity("kirklees", "singing"), 12, first=20, follow_up=18)  # down
    people(activity("wakefield", "walking"), 31, first=16, follow_up=17)
    people(activity("calderdale", "walking"), 9)
    people(activity("barnsley", "dance"), 3, follow_up=None)
    joined_after(activity("kirklees", "singing"), [3, 5, 8, 9, 10, 12, 14, 20, 21, 30])
    calm, skills = Theme.objects.get(slug="calm"), Theme.objects.get(slug="skills")
    for _ in range(9):
        StoryPageFactory(activity=activity("kirklees", "singing"), themes=[calm, skills])
    StoryPageFactory(activity=activity("wakefield", "walking"), themes=[calm])


def test_the_csv_is_exactly_the_figures_on_the_page(client, activity):
    varied_data(activity)
    soup = page(client)
    response = client.get(reverse("impact_csv"))
    rows = download(client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="creative-minds-impact.csv"'
    assert "public" in response["Cache-Control"]
    assert list(rows[0]) == ["table", "group", "measure", "value", "n", "period", "as_of"]
    on_page = [
        {key: f[key] for key in ("table", "group", "measure", "value", "n")} for f in figures_on_page(soup)
    ]
    in_csv = [{key: row[key] for key in ("table", "group", "measure", "value", "n")} for row in rows]
    assert sorted(on_page, key=repr) == sorted(in_csv, key=repr)
    assert len(in_csv) == len({(r["table"], r["group"], r["measure"]) for r in in_csv}), "one row a figure"
    # Hidden counts are given as the page gives them, and every kind of figure is there.
    assert {"fewer than 8", "not shown"} & {row["value"] for row in rows}
    assert set(MEANS + SHARES + (published.MEDIAN, published.RATE)) <= {row["measure"] for row in rows}
    # Every theme, in every area and in all: the stories' themes are figures like any other.
    themes = [row for row in rows if row["table"] == published.STORY_THEMES]
    assert len(themes) == Theme.objects.count() * (Locality.objects.count() + 1)
    assert {"group": "Skills", "measure": "Kirklees", "value": "10", "n": "10"}.items() <= next(
        row for row in themes if (row["group"], row["measure"]) == ("Skills", "Kirklees")
    ).items()
    # The period and as-of date, as the page gives them.
    summary = soup.select_one("#figures-period").get_text(" ", strip=True)
    assert {row["period"] for row in rows} == {published.impact_figures().period}
    assert {row["as_of"] for row in rows} == {published.impact_figures().as_of_text}
    assert rows[0]["period"] in summary and rows[0]["as_of"] in summary
    assert soup.select_one("#figures-csv")["href"] == reverse("impact_csv")


def test_every_figure_shows_its_n(client, activity):
    varied_data(activity)
    soup = page(client)
    figures = figures_on_page(soup)

    for figure in figures:
        assert figure["n"], figure
        if figure["measure"] in SHARES + (published.RATE,):
            # "33% (10 of 30)": the numerator and the denominator, rounded like any count.
            assert re.fullmatch(r"\d+%", figure["value"]), figure
            assert re.fullmatch(r"(0|\d+[05]) of \d+[05]", figure["n"]), figure
            assert figure["cell"].endswith(f"({figure['n']})"), figure
        elif figure["measure"] == published.MEDIAN:
            assert figure["cell"].endswith(f"({figure['n']} people)"), figure
        elif figure["measure"] in MEANS:
            people_cell = table(soup, figure_table_id(figure["table"]))[figure["group"]][0]
            assert figure["n"] == people_cell, "a mean's n is the people in its row"
    assert any(f["measure"] == published.MEDIAN for f in figures)
    assert any(f["measure"] in SHARES for f in figures)


def figure_table_id(caption: str) -> str:
    return {
        published.WELLBEING_BY_LOCALITY: "wellbeing-by-locality",
        published.WELLBEING_BY_CATEGORY: "wellbeing-by-category",
    }[caption]


# ---------------------------------------------------------------------------
# (c) Shares up by 3 or more and down, with the threshold's source
# ---------------------------------------------------------------------------


def test_the_shares_whose_score_rose_by_3_or_more_and_fell(client, activity):
    people(activity("wakefield"), 10, first=14, follow_up=22)  # 15.32 to 19.98: up 4.66
    people(activity("wakefield"), 10, first=20, follow_up=18)  # 18.59 to 17.43: down
    people(activity("wakefield"), 10, first=16, follow_up=17)  # 16.36 to 16.88: up, but by less than 3
    soup = page(client)

    row = table(soup, "wellbeing-by-locality")["Wakefield"]
    assert row[5:] == ["33% (10 of 30)", "33% (10 of 30)"]
    source = soup.select_one("#threshold-source")
    assert "Shah N" in source.get_text() and "2018" in source.get_text()
    assert source["href"] == "https://doi.org/10.1186/s12955-018-1060-2"


def test_a_share_is_hidden_when_the_people_who_fell_are_a_handful(client, activity):
    people(activity("wakefield"), 3, first=20, follow_up=18)
    people(activity("wakefield"), 30, first=14, follow_up=22)

    row = table(page(client), "wellbeing-by-locality")["Wakefield"]
    assert row[1] == "15.6"  # (3 x 18.59 + 30 x 15.32) / 33: the means are shown, the shares not
    assert row[5] == "Not shown: too few people to show safely."


# ---------------------------------------------------------------------------
# (d) Response rate
# ---------------------------------------------------------------------------


def answered_first_only(activity, count: int, *, due: datetime.date):
    """People who answered the first questionnaire and whose follow-up, due on `due`, is unanswered."""
    for _ in range(count):
        participant = ParticipantFactory(
            referral__activity=activity, referral__champion=None, referral__source=Referral.Source.SELF
        )
        WellbeingCheckInFactory(participant=participant, kind=WellbeingCheckIn.Kind.BASELINE)
        WellbeingCheckInFactory(
            participant=participant,
            kind=WellbeingCheckIn.Kind.FOLLOW_UP,
            status=WellbeingCheckIn.Status.WAITING,
            due_on=due,
        )


def test_how_many_answered_the_first_questionnaire_and_how_many_of_them_the_follow_up(client, activity):
    today = timezone.localdate()
    people(activity("kirklees"), 32)
    answered_first_only(activity("kirklees"), 10, due=today - datetime.timedelta(days=3))
    # Not yet asked the follow-up: not counted, so they do not lower the rate.
    answered_first_only(activity("kirklees"), 6, due=today + datetime.timedelta(days=20))

    rows = table(page(client), "responses-by-locality")

    assert rows["Kirklees"] == ["40", "30", "76% (30 of 40)"]  # 32 of 42
    assert rows["All localities"] == ["40", "30", "76% (30 of 40)"]
    assert rows["Wakefield"] == ["0", "0", f"Shown once {MIN_GROUP} people have been asked the follow-up"]


# ---------------------------------------------------------------------------
# (b, e) Period, as-of date, and what the figures cannot show
# ---------------------------------------------------------------------------


def test_the_page_gives_the_period_the_as_of_date_and_what_the_figures_cannot_show(client, activity):
    joined = people(activity("kirklees"), 2)
    WellbeingCheckIn.objects.filter(participant=joined[0]).update(
        completed_at=timezone.make_aware(datetime.datetime(2026, 3, 14, 10))
    )
    WellbeingCheckIn.objects.filter(participant=joined[1]).update(
        completed_at=timezone.make_aware(datetime.datetime(2026, 9, 2, 10))
    )
    soup = page(client)

    summary = soup.select_one("#figures-period").get_text(" ", strip=True)
    assert "March 2026 to September 2026" in summary
    assert f"{timezone.localdate():%-d %B %Y}" in summary
    limits = soup.select_one("main").get_text(" ", strip=True)
    assert "They do not show that the activity caused the change" in limits
    assert "comparison group" in limits
    assert "not as a percentage" in limits and "7 to 35" in limits


def test_with_no_answers_the_page_says_so(client, db):
    soup = page(client)
    assert "No questionnaires answered yet" in soup.select_one("#figures-period").get_text()
    assert download(client) != []  # the counts (all 0) are still figures


def test_the_csv_is_served_from_the_same_cached_figures(client, activity):
    people(activity("kirklees"), 40)
    cache.clear()
    client.get(reverse("impact"))
    people(activity("kirklees"), 10)  # not yet in the cached figures
    rows = download(client)
    kirklees = next(r for r in rows if r["group"] == "Kirklees" and r["measure"] == published.PEOPLE)
    assert kirklees["value"] == "40"


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(client, activity):
    people(activity("kirklees", "singing"), 3)
    Category.objects.filter(slug="singing").update(name='=HYPERLINK("http://example.com")')

    rows = download(client)

    names = {row["group"] for row in rows if row["table"] == published.WELLBEING_BY_CATEGORY}
    assert names == {'\'=HYPERLINK("http://example.com")'}
    # Figures are written as the page shows them, "+2.3" and all.
    assert all(not row["value"].startswith(("=", "@")) for row in rows)
