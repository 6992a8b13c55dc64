"""PostgreSQL storage of the hot path's tables.

- Drop the pattern-matching ("_like") indexes Django adds beside a text primary key: used submission keys and
  counter keys are only ever looked up whole, and every answer inserts a random key (a random page write in
  an index that nothing reads).
- Leave nine tenths of each page of the counters empty (fillfactor 10): a counter is a row updated by every
  request it counts, so its new versions stay on its page (PostgreSQL's heap-only updates, pruned as the
  page is read) instead of spreading over new pages and index entries that every look-up must wade through.
  The table holds a few rows per source and campaign: the room costs nothing.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

PATTERN_INDEXED = (("surveys_usedsubmissionkey", "key"), ("surveys_ratecounter", "key"))
COUNTERS = "surveys_ratecounter"


def _pattern_index(schema_editor: BaseDatabaseSchemaEditor, table: str, column: str) -> str:
    return schema_editor.quote_name(
        schema_editor._create_index_name(table, [column], suffix="_like")
    )


def tune(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in PATTERN_INDEXED:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {_pattern_index(schema_editor, table, column)}"
        )
    schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(COUNTERS)} SET (fillfactor = 10)")


def untune(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in PATTERN_INDEXED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_pattern_index(schema_editor, table, column)} "
            f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(column)} "
            "varchar_pattern_ops)"
        )
    schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(COUNTERS)} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_response_campaign_indexed_with_day"),
    ]

    operations = [migrations.RunPython(tune, untune)]
