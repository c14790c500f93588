"""/impact/'s "What stories are about": published stories per theme and area, counted under the same
rules as every other count on the page, each theme linking to its stories."""

from django.urls import reverse

from activities.stories.factories import StoryPageFactory
from activities.stories.models import Theme
from home.impact import published
from tests.home.impact.test_impact import page, table

# Localities in name order, as the page's columns: Barnsley, Calderdale, Kirklees, Wakefield.


def stories(activity, place: str, count: int, themes: list[Theme]) -> None:
    for _ in range(count):
        StoryPageFactory(activity=activity(place), themes=themes)


def test_each_theme_is_counted_per_area_with_small_numbers_hidden(client, activity):
    (
        calm,
        skills,
    ) = Theme.objects.get(slug="calm"), Theme.objects.get(slug="skills")
    stories(activity, "kirklees", 12, [calm, skills])  # one story, two themes: counted under each
    stories(activity, "wakefield", 9, [skills])

    rows = table(page(client), "themes-by-locality")

    assert rows["Skills"] == ["0", "0", "10", "10", "20"]  # 12, 9 and 21, rounded to 5
    assert rows["Calm"] == ["0", "0", "10", "0", "10"]
    # Themes no published story has are listed too, with 0 everywhere.
    untagged = set(Theme.objects.values_list("name", flat=True)) - {"Calm", "Skills"}
    assert untagged and all(rows[name] == ["0"] * 5 for name in untagged)


def test_a_hidden_area_cannot_be_worked_out_from_the_theme_total(client, activity):
    calm = Theme.objects.get(slug="calm")
    stories(activity, "kirklees", 12, [calm])
    stories(activity, "wakefield", 3, [calm])

    row = table(page(client), "themes-by-locality")["Calm"]

    # 15 in all, less Kirklees' 10, would give Wakefield's 3 (or 5 at most): Kirklees is hidden too.
    assert row == ["0", "0", "not shown", "fewer than 8", "15"]


def test_only_published_stories_are_counted(client, activity):
    calm = Theme.objects.get(slug="calm")
    stories(activity, "kirklees", 12, [calm])
    StoryPageFactory(activity=activity("kirklees"), themes=[calm], live=False)  # a draft, never published
    withdrawn = StoryPageFactory(activity=activity("kirklees"), themes=[calm])
    withdrawn.withdrawn_at = withdrawn.first_published_at
    withdrawn.live = False
    withdrawn.save()

    soup = page(client)

    assert table(soup, "themes-by-locality")["Calm"] == ["0", "0", "10", "0", "10"]  # 12; 14 would show 15
    text = soup.select_one("#themes").find_next("div").get_text(" ", strip=True)
    assert "We only count published stories" in text
    assert "A story can have more than one theme" in text


def test_each_theme_links_to_its_stories_and_the_table_is_accessible(client, activity):
    stories(activity, "kirklees", 1, [Theme.objects.get(slug="calm")])

    soup = page(client)

    link = soup.select_one("#themes-by-locality tbody th[scope=row] a[href$='?theme=calm']")
    assert link.get_text(strip=True) == "Calm"
    assert client.get(link["href"]).status_code == 200
    headings = [th.get_text(strip=True) for th in soup.select("#themes-by-locality thead th")]
    assert headings == ["Theme", "Barnsley", "Calderdale", "Kirklees", "Wakefield", "All localities"]
    assert all(th["scope"] == "col" for th in soup.select("#themes-by-locality thead th"))
    assert soup.select_one("#themes-by-locality caption").get_text(strip=True) == published.STORY_THEMES


def test_with_no_themes_the_page_says_so(client, db):
    Theme.objects.all().delete()
    soup = page(client)
    assert soup.select_one("#themes-by-locality") is None
    assert "There are no themes yet." in soup.get_text()
    assert client.get(reverse("impact_csv")).status_code == 200
