"""What each process holds (creative_minds.process_copies) is at most REVALIDATE_SECONDS stale when
another process changes it, and fresh at once when this one does."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Page, Site

from creative_minds import process_copies, sites
from home.models import SiteSettings

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(process_copies, "_now", clock)
    return clock


def site_for_host(host):
    return sites.site_for(RequestFactory().get("/", HTTP_HOST=host))


def test_a_site_saved_by_another_process_is_seen_within_the_bound_and_not_a_moment_sooner(clock):
    default = Site.objects.get(is_default_site=True)
    root = Page.objects.get(depth=2)
    assert site_for_host("late.example").pk == default.pk  # the rows are now held

    # Another process adds a Site: the row is committed and the shared version changes, but no
    # signal reaches this process.
    Site.objects.bulk_create([Site(hostname="late.example", port=80, root_page=root)])
    cache.set(process_copies.VERSION_KEY, "set by another process", None)

    clock.now += process_copies.REVALIDATE_SECONDS - 0.01
    assert site_for_host("late.example").pk == default.pk
    clock.now += 0.01
    assert site_for_host("late.example").hostname == "late.example"


def test_within_the_bound_nothing_is_asked_of_the_cache(clock, monkeypatch):
    site_for_host("localhost")
    asked = []
    get = process_copies.cache.get

    def counted_get(*args, **kwargs):
        asked.append(args)
        return get(*args, **kwargs)

    monkeypatch.setattr(process_copies.cache, "get", counted_get)

    for _ in range(50):
        site_for_host("localhost")
        clock.now += 0.01
    assert asked == []
    clock.now += process_copies.REVALIDATE_SECONDS
    site_for_host("localhost")
    assert len(asked) == 1


def test_a_site_saved_in_this_process_is_seen_at_once_and_the_others_are_told(clock):
    site_for_host("localhost")
    before = cache.get(process_copies.VERSION_KEY)

    added = Site.objects.create(hostname="late.example", port=80, root_page=Page.objects.get(depth=2))

    assert site_for_host("late.example").pk == added.pk  # the clock has not moved
    assert cache.get(process_copies.VERSION_KEY) != before


def test_contact_details_saved_in_another_process_show_within_the_bound(client, clock):
    site = Site.objects.get(is_default_site=True)
    assert "0113 496 0000" not in client.get("/").text

    SiteSettings.objects.filter(site=site).update(contact_phone="0113 496 0000")
    cache.set(process_copies.VERSION_KEY, "set by another process", None)

    assert "0113 496 0000" not in client.get("/").text
    clock.now += process_copies.REVALIDATE_SECONDS
    assert "0113 496 0000" in client.get("/").text


def test_a_lost_version_counts_as_a_change():
    """If the cache is emptied, nobody can say what changed meanwhile: every process builds again."""
    built = []
    process_copies.held("thing", lambda: built.append(1) or "first")
    cache.delete(process_copies.VERSION_KEY)
    process_copies.forget()  # as if the bound had passed in a process that held it
    assert process_copies.held("thing", lambda: built.append(2) or "second") == "second"
    assert built == [1, 2]
