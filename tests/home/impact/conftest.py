"""Fixtures shared by the /impact/ page and its admin report tests."""

import pytest

from tests.builders import ActivityMaker

POSTCODES = {"kirklees": "HD1 2TA", "calderdale": "HX1 1UJ", "wakefield": "WF1 1AA", "barnsley": "S70 1AA"}


@pytest.fixture
def activity(db):
    """activity("kirklees", "singing"): one activity per locality and category, made once."""
    maker, made = ActivityMaker(), {}

    def make(locality: str, category: str = "singing"):
        if (locality, category) not in made:
            made[locality, category] = maker(
                f"{category} in {locality}",
                locality=locality,
                postcode=POSTCODES[locality],
                categories=[category],
            )
        return made[locality, category]

    return make
