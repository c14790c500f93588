"""The shipped openapi.json, run against the live test server by schemathesis: no server error,
every answer in the documented schema, status and content type. Bounded in examples; no network
(the bundled openapi.json has every schema inside it)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from creative_minds.geo.loader import load_postcodes
from tests.builders import ActivityMaker
from tests.database import reset_to_migrated_state

# live_server needs transactions; the serialized rollback restores the migrations' rows (page tree,
# localities, categories) that the test's flush removes, and the module's end the postcodes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture(scope="module", autouse=True)
def _fresh_database_afterwards(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        reset_to_migrated_state()


def test_the_openapi_holds_for_the_live_feed(live_server, transactional_db):
    load_postcodes()
    make = ActivityMaker()
    make("Huddersfield choir", categories=["singing"])
    make("Halifax wander", locality="calderdale", postcode="HX1 1QE", categories=["walking"])
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/oruk/openapi.json")
    assert "openreferraluk.org/specifications/3.0/schema" not in str(schema.raw_schema)
    calls = []
    for operation in schema.get_all_operations():
        operation = operation.ok()

        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def run(case):
            calls.append(case.call_and_validate(checks=CHECKS).status_code)

        run()
    assert len(calls) >= 11, "every operation was called"
    assert {200, 400, 404} <= set(calls)
