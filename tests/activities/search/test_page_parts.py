"""An activity's page takes its sessions and categories from the search's index when the index holds
the page as published, with the same result as from the database; and from the database whenever the
index is older than the page (activities.search.page_parts)."""

import datetime

import pytest

from activities.models.session import Frequency
from activities.search import facet_index, page_parts
from creative_minds import serving
from tests.builders import session

pytestmark = pytest.mark.django_db


@pytest.fixture
def choir(make_activity):
    return make_activity(
        "Harmony choir",
        categories=["singing", "music"],
        sessions=[
            session("tue", "10:00", "11:30:15", valid_to=datetime.date(2027, 3, 30)),
            session("thu", "18:45", "20:00", frequency=Frequency.MONTHLY, week_of_month=-1),
            session(
                "sat", "09:00", "10:00", frequency=Frequency.FORTNIGHTLY, valid_from=datetime.date(2026, 2, 7)
            ),
        ],
    )


def visit(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def fields(objects):
    return [
        {field.attname: getattr(thing, field.attname) for field in type(thing)._meta.concrete_fields}
        for thing in objects
    ]


def test_the_sessions_and_categories_from_the_index_are_the_databases(choir):
    page = type(choir).objects.get(pk=choir.pk)
    from_database = fields(page.sessions.all()), fields(page.categories.all())

    page = type(choir).objects.get(pk=choir.pk)
    assert page_parts.prefetch_from_index(page, facet_index.current())
    assert (fields(page.sessions.all()), fields(page.categories.all())) == from_database
    assert all(session.page is page for session in page.sessions.all())


def test_the_page_runs_one_query_and_shows_what_it_showed_with_three(
    client, choir, django_assert_num_queries
):
    from_database = visit(client, choir.url)  # the index is not built yet: the database's
    facet_index.current()
    visit(client, choir.url)
    with django_assert_num_queries(1):
        from_index = visit(client, choir.url)
    assert from_index == from_database
    assert "Harmony choir" in from_index and "Music" in from_index


def test_a_page_published_after_the_index_was_built_shows_its_new_sessions(
    client, choir, monkeypatch, django_capture_on_commit_callbacks
):
    facet_index.current()
    # A gunicorn worker: it leaves the rebuild to its master, so its index is older than the page.
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", True)
    revision = type(choir).objects.get(pk=choir.pk)
    revision.sessions = [session("fri", "13:00", "14:00")]
    with django_capture_on_commit_callbacks(execute=True):
        revision.save_revision().publish()
    assert facet_index.held().sessions.of(facet_index.held().position[choir.pk], choir)[0].weekday == 1

    shown = visit(client, choir.url)
    assert "Every Friday, 1pm to 2pm" in shown and "Every Tuesday" not in shown


def test_a_page_the_search_does_not_find_reads_the_database(choir):
    choir.listing_status = type(choir).ListingStatus.ENDED
    choir.save()
    page = type(choir).objects.get(pk=choir.pk)
    assert not page_parts.prefetch_from_index(page, facet_index.current())
    assert not page_parts.prefetch_from_index(page, None)
    assert len(page.sessions.all()) == 3


def test_filtering_the_prefetched_sessions_asks_the_database_for_the_same_rows(choir):
    page = type(choir).objects.get(pk=choir.pk)
    assert page_parts.prefetch_from_index(page, facet_index.current())
    assert list(page.sessions.filter(weekday=1).values_list("pk", flat=True)) == [
        session.pk for session in page.sessions.all() if session.weekday == 1
    ]
