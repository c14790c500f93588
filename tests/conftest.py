"""Shared fixtures. The test database is built once per run with the postcode tables loaded."""

import os

import factory.random
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

from activities.search import facet_index
from creative_minds import page_cache, process_copies
from creative_minds.geo.loader import load_postcodes
from tests import email_queue
from tests.builders import ActivityMaker


@pytest.fixture
def two_factor_on(settings):
    """Two-factor sign-in required, as in production (the test settings turn it off)."""
    settings.TWO_FACTOR_REQUIRED = True


def _required(variable: str) -> bool:
    return os.environ.get(variable) == "1"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_postcodes()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test's rows are rolled back without signals, so no test may see another's cached
    search index or site settings."""
    cache.clear()
    facet_index.forget()
    process_copies.forget()
    page_cache.forget_local()
    yield
    cache.clear()
    facet_index.forget()
    process_copies.forget()
    page_cache.forget_local()


@pytest.fixture(autouse=True)
def _deterministic_factories():
    factory.random.reseed_random("creative-minds-tests")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_activity(db):
    """make_activity("Title", locality="kirklees", postcode="HD1 2TA", categories=["singing"], ...)."""
    return ActivityMaker()


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        if _required("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL (set DATABASE_URL)")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... to run it")


@pytest.fixture
def database_queue(monkeypatch):
    """Tasks wait in the database, as in dev and production, until tests.email_queue.run_worker()."""
    # The worker drops any connection that is not in autocommit mode before each task, and a test's
    # transaction is such a connection. Nothing here outlives the test, so there is nothing to drop.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with override_settings(TASKS=email_queue.DATABASE_QUEUE):
        yield


@pytest.fixture
def flaky_mail(settings):
    """flaky_mail(n): the next n sends fail as they would with the mail server down."""
    settings.EMAIL_BACKEND = "tests.email_queue.FlakyEmailBackend"
    yield email_queue.FlakyEmailBackend.fail_next
    email_queue.FlakyEmailBackend.failures = 0
