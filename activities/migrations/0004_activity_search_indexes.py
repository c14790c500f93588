"""Indexes for the activity search on PostgreSQL (elsewhere this migration does nothing).

- A GIN index on the search index's `title || body`. Wagtail's PostgreSQL search filters
  with `(title || body) @@ to_tsquery(...)`, which the separate GIN indexes on title and on
  body cannot serve, so every text search, and each facet count of it, read the whole table.
- A partial index on live pages' ids. Every search query keeps only live activities by
  joining wagtailcore_page; this lets PostgreSQL read the live ids from a small index
  instead of scanning the wide page table each time.

Both tables belong to Wagtail, hence SQL rather than Meta.indexes.
"""

from django.db import migrations

INDEXES = {
    "activities_indexentry_title_body_gin": "wagtailsearch_indexentry USING gin ((title || body))",
    "activities_page_live_id": "wagtailcore_page (id) WHERE live",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_create_categories"),
        ("wagtailcore", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
