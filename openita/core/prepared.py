"""PostgreSQL statements prepared once per connection, for the few paths where planning is most of the cost.

Django's cursors bind values on the client and are never prepared (prepared statements and some connection
poolers do not mix). A hot statement run through `run_prepared` has its values bound by the server and is
planned once per connection (persistent connections: CONN_MAX_AGE) instead of once per request. It is logged
like any other query (Django's query log, ``django_assert_num_queries``) and its errors are Django's.

Settings: prepared statements are on unless OPENITA_DB_PREPARED_STATEMENTS=false (for a pooler in transaction
mode that cannot keep them, such as PgBouncer before 1.21); off, the statements still run, unprepared.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection


def run_prepared(sql: str, params: list[Any]) -> Any:
    """Run one statement (``%s`` placeholders) on PostgreSQL, prepared; the psycopg cursor, to read its rows
    (``fetchall``) or ``rowcount``."""
    import psycopg  # PostgreSQL only: SQLite never comes here

    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(connection.connection)
        cursor.execute(sql, params, prepare=True)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return cursor
