"""Putting the test database back as a fresh run has it, for tests that empty it (the browser tests'
flushes, the app move's migration test)."""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from creative_minds.geo.loader import load_postcodes


def reset_to_migrated_state() -> None:
    """Empty every table, then restore the migrations' rows and the postcode tables.

    Needs the rows setup_databases() serialized: some test in the run must be marked
    `django_db(serialized_rollback=True)`.
    """
    # As pytest-django's own flush: sequences are not reset, so they stay past every serialized id.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False)
    ContentType.objects.clear_cache()
    rows = json.loads(connection._test_serialized_contents)
    # Content types first: creating a Wagtail page object looks up its content type, and on a
    # cache miss creates the row, under an id that a serialized content type would then clash with.
    first = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    rest = [row for row in rows if row["model"] != "contenttypes.contenttype"]
    connection.creation.deserialize_db_from_string(json.dumps(first))
    connection.creation.deserialize_db_from_string(json.dumps(rest))
    # In case an earlier test did reset them (PostgreSQL): move sequences past the restored ids.
    restored = {apps.get_model(row["model"]) for row in rows}
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)
    load_postcodes()
    cache.clear()
