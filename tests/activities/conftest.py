"""Fixtures for building exactly the activities a test needs."""

import pytest

from tests.builders import ActivityMaker


@pytest.fixture
def make_activity(db):
    """make_activity("Title", locality="kirklees", postcode="HD1 2TA", categories=["singing"], ...)."""
    return ActivityMaker()
