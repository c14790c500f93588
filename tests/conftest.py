"""Shared fixtures. The test database is built once per run with the postcode tables loaded."""

import os

import factory.random
import pytest
from django.db import connection

from creative_minds.geo.loader import load_postcodes


def _required(variable: str) -> bool:
    return os.environ.get(variable) == "1"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_postcodes()


@pytest.fixture(autouse=True)
def _deterministic_factories():
    factory.random.reseed_random("creative-minds-tests")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests elsewhere, with the reason; in CI a skip would hide a failure."""
    for item in items:
        # An explicit django_db marker (say, with serialized_rollback) is kept as it is.
        if "postgres" in item.keywords and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        if _required("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES=1 but the tests are not running on PostgreSQL (set DATABASE_URL)")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... to run it")
