"""Issue 16: one rebuild per change, after commit; a stale copy answers while the next is built;
a build reads one snapshot; and the compact cards show what the activity's page says."""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from activities.models import ActivityPage
from activities.models.session import Frequency
from activities.schedule import describe_session
from activities.search import facet_index
from activities.search.cards import ActivityCard
from activities.search.needs import badges
from creative_minds import process_copies, serving
from tests.builders import session

WAIT = 30  # seconds before a test gives up on a thread it waits for (never reached when it passes)


@pytest.fixture
def builds(monkeypatch):
    """The versions the search index has been built for, in order."""
    made = []
    original = facet_index._index._build

    def counted(version):
        made.append(version)
        return original(version)

    monkeypatch.setattr(facet_index._index, "_build", counted)
    return made


# -- one rebuild per change, after commit -----------------------------------------------------------


def test_a_change_is_rebuilt_once_and_only_after_commit(
    make_activity, builds, django_capture_on_commit_callbacks
):
    make_activity("Harmony choir")
    before = facet_index.current()
    assert len(builds) == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        choir = make_activity(
            "Clay and conversation",
            categories=["crafts", "arts"],
            sessions=[session("tue", "10:00"), session("sat", "19:00")],
        )
        choir.title = "Clay and chat"
        choir.save_revision().publish()
        assert facet_index.current() is before, "nothing is seen, or rebuilt, before the commit"
        assert len(builds) == 1

    assert len(callbacks) > 1, "many saves, each bumping"
    assert len(builds) == 2, "one rebuild for all of them"
    after = facet_index.current()
    assert after is not before and len(builds) == 2
    assert after.cards[after.position[choir.pk]].title == "Clay and chat"


def test_a_rolled_back_change_changes_nothing(make_activity, builds):
    make_activity("Harmony choir")
    version = facet_index.current().version
    with pytest.raises(RuntimeError), transaction.atomic():
        make_activity("Never committed")
        raise RuntimeError
    assert facet_index.current().version == version
    assert len(builds) == 1


# -- a stale copy answers while the next one is built -------------------------------------------------


class BlockedBuilds:
    """A build function whose builds after the first wait until released, noting how many run at once."""

    def __init__(self):
        self.versions = []
        self.running = 0
        self.most_at_once = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, version):
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.versions.append(version)
        if len(self.versions) > 1:
            self.started.set()
            assert self.release.wait(WAIT)
        with self._lock:
            self.running -= 1
        return SimpleNamespace(version=version)


@pytest.fixture
def blocked(monkeypatch):
    monkeypatch.setattr(facet_index, "_copies", [])  # copies of this test's own, not refreshed by others
    builds = BlockedBuilds()
    yield builds, facet_index.PerProcessCopy(builds)
    builds.release.set()


def publish_version(name):
    cache.set(facet_index.VERSION_KEY, name, None)


def test_a_stale_copy_keeps_answering_while_one_builder_makes_the_next(blocked):
    builds, copies = blocked
    publish_version("first")
    assert copies.get().version == "first"  # no copy yet: built at once

    publish_version("second")
    assert copies.get().version == "first", "the stale copy answers; the build is in the background"
    assert builds.started.wait(WAIT)
    publish_version("third")
    publish_version("fourth")
    for _ in range(5):
        assert copies.get().version == "first"  # still building "second": no second builder starts

    builds.release.set()
    copies._builder.join(WAIT)
    assert copies.get().version == "fourth"
    assert builds.versions == ["first", "second", "fourth"], "one more build covers the later changes"
    assert builds.most_at_once == 1


def test_a_failed_background_build_leaves_the_copy_answering_and_is_tried_again(monkeypatch, caplog):
    monkeypatch.setattr(facet_index, "_copies", [])
    failures = iter([True, False])

    def build(version):
        if version != "first" and next(failures):
            raise ConnectionError("database gone away")
        return SimpleNamespace(version=version)

    copies = facet_index.PerProcessCopy(build)
    publish_version("first")
    copies.get()
    publish_version("second")
    assert copies.get().version == "first"
    copies._builder.join(WAIT)
    assert "could not be rebuilt" in caplog.text
    assert copies.get().version == "first"  # the next search starts another builder
    copies._builder.join(WAIT)
    assert copies.get().version == "second"


# -- a gunicorn worker leaves rebuilding to its master ------------------------------------------------


@pytest.fixture
def in_a_worker(monkeypatch):
    """This process as a gunicorn worker whose master rebuilds (creative_minds.serving), with a
    clock that moves only when the test moves it (returned: clock[0] is now)."""
    monkeypatch.setitem(serving._state, "rebuilt_by_parent", True)
    clock = [1000.0]
    monkeypatch.setattr(facet_index, "_now", lambda: clock[0])
    return clock


@pytest.mark.django_db
def test_a_worker_reads_the_version_at_most_once_a_second_and_knows_its_own_change_at_once(
    in_a_worker, monkeypatch, django_capture_on_commit_callbacks
):
    clock = in_a_worker
    reads = []
    monkeypatch.setattr(
        facet_index, "_read_version", lambda: reads.append(cache.get(facet_index.VERSION_KEY)) or reads[-1]
    )
    publish_version("first")
    assert facet_index.published_version() == "first"
    publish_version("second")  # by another process
    clock[0] += process_copies.REVALIDATE_SECONDS - 0.1
    assert facet_index.published_version() == "first"
    assert reads == ["first"]
    clock[0] += 0.1
    assert facet_index.published_version() == "second"
    assert reads == ["first", "second"]

    with django_capture_on_commit_callbacks(execute=True):
        facet_index.bump()  # a change made in this worker
    assert facet_index.published_version() == cache.get(facet_index.VERSION_KEY) != "second"
    assert len(reads) == 2


def test_a_process_that_is_not_a_worker_reads_the_version_every_time():
    publish_version("first")
    assert facet_index.published_version() == "first"
    publish_version("second")
    assert facet_index.published_version() == "second"


def test_a_worker_answers_from_its_stale_copy_and_builds_nothing_while_its_master_rebuilds(
    blocked, in_a_worker
):
    builds, copies = blocked
    clock = in_a_worker
    publish_version("first")
    assert copies.get().version == "first"  # no copy yet: built at once, as anywhere
    publish_version("second")
    clock[0] += process_copies.REVALIDATE_SECONDS
    for _ in range(5):
        assert copies.get().version == "first"
    assert copies._builder is None
    assert builds.versions == ["first"]
    assert not copies.is_current()


def test_a_worker_builds_its_own_once_its_master_has_taken_far_too_long(blocked, in_a_worker):
    builds, copies = blocked
    clock = in_a_worker
    publish_version("first")
    copies.get()
    publish_version("second")
    clock[0] += process_copies.REVALIDATE_SECONDS
    copies.get()
    clock[0] += serving.PARENT_GRACE_SECONDS - 1
    copies.get()
    assert copies._builder is None
    clock[0] += 2
    assert copies.get().version == "first"
    assert builds.started.wait(WAIT)
    builds.release.set()
    copies._builder.join(WAIT)
    assert copies.get().version == "second"


def test_a_worker_leaves_the_rebuild_after_its_own_change_to_its_master(
    make_activity, builds, in_a_worker, django_capture_on_commit_callbacks
):
    make_activity("Harmony choir")
    facet_index.current()
    with django_capture_on_commit_callbacks(execute=True):
        make_activity("Clay and conversation")
    assert len(builds) == 1
    assert facet_index.any_copy_stale()


@pytest.fixture
def recorded_builds(monkeypatch):
    """A build function that notes each version it builds, and copies of this test's own."""
    monkeypatch.setattr(facet_index, "_copies", [])
    made = []

    def build(version):
        made.append(version)
        return SimpleNamespace(version=version)

    return build, made


def test_building_every_copy_builds_each_at_the_latest_version(recorded_builds):
    build, made = recorded_builds
    search, built_on_it = facet_index.PerProcessCopy(build), facet_index.PerProcessCopy(build)
    publish_version("first")
    facet_index.build_every_copy()
    assert not facet_index.any_copy_stale()
    publish_version("second")
    assert facet_index.any_copy_stale()
    facet_index.build_every_copy()
    assert (search.held().version, built_on_it.held().version) == ("second", "second")
    assert made == ["first", "first", "second", "second"]
    assert not facet_index.any_copy_stale()


def test_a_copy_few_requests_need_is_left_for_each_process_to_build_when_asked(recorded_builds):
    build, made = recorded_builds
    feed = facet_index.PerProcessCopy(build, shared=False)
    publish_version("first")
    feed.get()
    facet_index.build_every_copy()
    assert feed.held() is None, "not built before the fork, and not handed to the workers stale"
    assert not facet_index.any_copy_stale()
    assert feed.get().version == "first" and made == ["first", "first"]


# -- one snapshot: a page going live while a build runs ------------------------------------------------


def publish_during(monkeypatch, step, publish, *, after=False):
    """Run `publish` once, just before (or after) the build's `step` (a function of facet_index) reads."""
    original = getattr(facet_index, step)
    done = []

    def then_read(*args):
        if not done and not after:
            done.append(publish())
        read = original(*args)
        if not done:
            done.append(publish())
        return read

    monkeypatch.setattr(facet_index, step, then_read)
    return done


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "after"), [("_sessions", True), ("_category_matrix", False)])
def test_a_page_going_live_between_the_builds_reads_cannot_break_a_search(
    client, make_activity, monkeypatch, step, after
):
    """Inside one transaction (the test's) the later reads see the new page: whichever read it
    first shows up in, a row for a page the build does not hold is ignored."""
    make_activity("Harmony choir")
    published = publish_during(
        monkeypatch,
        step,
        lambda: make_activity("Pottery wheel", categories=["crafts"], sessions=[session("mon", "10:00")]),
        after=after,
    )

    index = facet_index.current()
    for words in ("pottery", "choir", ""):
        assert client.get("/activities/", {"q": words, "category": "crafts"}).status_code == 200

    [pottery] = published
    if step == "_category_matrix":  # after the rows were read, before the rest: not in this build
        assert pottery.pk not in index.position
        assert index.text.match("pottery").size == 0
    else:  # after the sessions were read: in the build, without them
        assert index.cards[index.position[pottery.pk]].when == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_build_reads_one_snapshot(require_postgres, make_activity, monkeypatch):
    """A page published and committed by another connection between two of the build's reads is
    in none of them; the next build has all of it."""
    make_activity("Harmony choir")

    def publish_elsewhere():
        made = []

        def publish():
            try:
                made.append(make_activity("Pottery wheel", sessions=[session("mon", "10:00")]))
            finally:
                connection.close()

        thread = threading.Thread(target=publish)
        thread.start()
        thread.join(WAIT)
        return made[0]

    published = publish_during(monkeypatch, "_category_matrix", publish_elsewhere)
    index = facet_index.build("during")
    [pottery] = published
    assert pottery.pk not in index.position
    assert index.text.match("pottery").size == 0
    assert len(index.cards) == index.size == 1

    monkeypatch.undo()
    index = facet_index.build("after")
    assert index.cards[index.position[pottery.pk]].when == ["Every Monday, 10am to 11am"]
    assert index.text.match("pottery").tolist() == [index.position[pottery.pk]]


# -- the cards -----------------------------------------------------------------------------------------


def card_from_page(page: ActivityPage) -> ActivityCard:
    """What a card showed before issue 16, worked out from the page object."""
    row = {field: getattr(page, field) for field in ("delivery", "venue_name", "postcode")}
    where = (
        "Online"
        if row["delivery"] == ActivityPage.Delivery.ONLINE
        else f"{', '.join(p for p in (page.venue_name, page.postcode) if p)} ({page.locality.name})"
    )
    return ActivityCard(
        pk=page.pk,
        title=page.title,
        url=page.url,
        summary=page.summary,
        partner_title=page.partner.title,
        where=where,
        cost=page.cost_label,
        how_to_join=page.get_how_to_join_display(),
        latitude=page.latitude,
        longitude=page.longitude,
        when=[
            describe_session(
                weekday=s.weekday,
                start_time=s.start_time,
                end_time=s.end_time,
                frequency=s.frequency,
                week_of_month=s.week_of_month,
            )
            for s in page.sessions.order_by("sort_order", "pk")
        ],
        needs=badges(page.__dict__),
        paused=page.listing_status == ActivityPage.ListingStatus.PAUSED,
        paused_until=page.paused_until,
    )


@pytest.mark.django_db
def test_each_card_has_the_values_its_page_has(make_activity):
    pages = [
        make_activity(
            "Harmony choir",
            sessions=[
                session("sat", "19:00", "21:00"),
                session("tue", "10:00", frequency=Frequency.FORTNIGHTLY),
                session("wed", "13:30", frequency=Frequency.MONTHLY, week_of_month=2),
            ],
            step_free_access=True,
            hearing_loop=True,
            peer_led=True,
            how_to_join=ActivityPage.HowToJoin.BOOK,
        ),
        make_activity("Zoom poetry", delivery=ActivityPage.Delivery.ONLINE, postcode="", venue_name=""),
        make_activity("Pottery wheel", cost_type=ActivityPage.CostType.PAID, categories=["crafts", "arts"]),
        make_activity(
            "Closed for winter",
            listing_status=ActivityPage.ListingStatus.PAUSED,
            paused_until=datetime.date(2027, 1, 4),
        ),
        make_activity("Paused for now", listing_status=ActivityPage.ListingStatus.PAUSED),
    ]
    index = facet_index.current()
    for page in pages:
        page = ActivityPage.objects.get(pk=page.pk)
        assert index.cards[index.position[page.pk]] == card_from_page(page)
    assert [index.cards[row].pk for row in range(len(index.cards))] == index.ids.tolist()


@pytest.mark.django_db
def test_a_failed_rebuild_after_a_commit_is_logged_and_the_commit_stands(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(facet_index, "_copies", [])
    versions = iter(["first"])

    def build(version):
        if next(versions, None) is None:
            raise ConnectionError("database gone away")
        return SimpleNamespace(version=version)

    copies = facet_index.PerProcessCopy(build)
    publish_version("first")
    copies.get()
    with django_capture_on_commit_callbacks(execute=True):
        facet_index.bump()  # on commit: a new version, and this process rebuilds its copy
    assert "could not be rebuilt after a change" in caplog.text
    assert cache.get(facet_index.VERSION_KEY) != "first"
    assert copies._copy.version == "first"
