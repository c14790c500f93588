"""The partner directory's index: every published partner as plain values, kept per process.

Why in memory rather than SQL: partners are few (about 120; 400 in the benchmark), and the
directory matches Snowball stems of the partner's name, summary, description and the types and
titles of the activities it runs. SQL would need those stems stored in a column (and rewritten whenever an
activity or a category changes) to match the same way on SQLite and PostgreSQL, plus a count per
filter option. Here the whole index is a few hundred small records, read in six queries, so a
search is a pass in Python (about a millisecond) and its page makes no query for its results.

Why here, above partners: what a partner does is the categories of its activities, and the
partners app may not import activities (pyproject.toml's layers). partners.directory holds the
search itself and is given this index.

Freshness: the activity search's version (facet_index.published_version) changes after every
committed save or delete of an activity, session, category, locality or partner (activities/apps.py),
which is all this index reads. It is kept the same way as the activity index (facet_index's
PerProcessCopy): the process that made the change rebuilds at once, every other one in the
background while its copy keeps answering. Its reads share one snapshot
(facet_index.snapshot), so a partner or activity published meanwhile is wholly in it or not at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from activities.models import ActivityPage, Category
from activities.search.facet_index import PerProcessCopy, snapshot
from partners.directory import Option, PartnerEntry, PartnerIndex, partner_entry
from partners.models import Locality, PartnerPage


def current() -> PartnerIndex:
    """The index for the latest published partners, rebuilt once per process after any change."""
    return _index.get()


def at_version(version: str) -> PartnerIndex:
    """The index for `version` exactly (see facet_index.PerProcessCopy.at)."""
    return _index.at(version)


def build(version: str) -> PartnerIndex:
    with snapshot():
        return _read(version)


def _read(version: str) -> PartnerIndex:
    localities = _options(Locality)
    partner_localities = defaultdict(list)
    for partner_id, locality_id in PartnerPage.localities.through.objects.values_list(
        "partnerpage_id", "locality_id"
    ):
        partner_localities[partner_id].append(localities[locality_id])

    live = ActivityPage.objects.in_search()
    activity_titles = defaultdict(list)
    for partner_id, title in live.values_list("partner_id", "title"):
        activity_titles[partner_id].append(title)
    categories = _options(Category)
    types_run = defaultdict(Counter)  # partner id → how many live activities of each type
    for partner_id, category_id in ActivityPage.categories.through.objects.filter(
        activitypage__in=live
    ).values_list("activitypage__partner_id", "category_id"):
        types_run[partner_id][categories[category_id]] += 1

    entries = tuple(
        _entry(row, partner_localities[row["pk"]], activity_titles[row["pk"]], types_run[row["pk"]])
        for row in PartnerPage.objects.live()
        .public()
        .order_by("title", "pk")
        .values(
            "pk",
            "title",
            "slug",
            "summary",
            "description",
            "address",
            "mental_health_friendly",
            "mental_health_first_aid_trained",
        )
    )
    run_by_someone = {kind for entry in entries for kind in entry.activity_types}
    return PartnerIndex(
        version=version,
        entries=entries,
        localities=tuple(localities.values()),
        activity_types=tuple(kind for kind in categories.values() if kind in run_by_someone),
    )


def _options(model) -> dict[int, Option]:
    """Every locality or category by id, as the directory names it, in name order."""
    return {
        pk: Option(slug, name)
        for pk, slug, name in model.objects.order_by("name").values_list("pk", "slug", "name")
    }


def _entry(
    row: dict, localities: list[Option], activity_titles: list[str], types_run: Counter
) -> PartnerEntry:
    return partner_entry(
        pk=row["pk"],
        title=row["title"],
        slug=row["slug"],
        summary=row["summary"],
        description=row["description"],
        address=row["address"],
        localities=tuple(sorted(localities, key=lambda option: option.name)),
        activity_count=len(activity_titles),
        activity_titles=tuple(activity_titles),
        # The types it runs most first, then by name: what a card names when it can name only three.
        activity_types=tuple(sorted(types_run, key=lambda kind: (-types_run[kind], kind.name))),
        mental_health_friendly=row["mental_health_friendly"],
        first_aid_trained=row["mental_health_first_aid_trained"],
    )


_index = PerProcessCopy(build)
