import pytest
from django.db import DatabaseError, connection

from openita.core.prepared import run_prepared

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_runs_with_its_values_and_is_prepared_once(django_assert_num_queries) -> None:
    sql = "SELECT %s::int + %s::int AS total, 'openita-prepared-test'"
    with django_assert_num_queries(2):
        assert run_prepared(sql, [2, 3]).fetchall() == [(5, "openita-prepared-test")]
        assert run_prepared(sql, [4, 5]).fetchall() == [(9, "openita-prepared-test")]
    assert sum("openita-prepared-test" in statement for statement in prepared_statements()) == 1


def test_its_errors_are_django_errors() -> None:
    with pytest.raises(DatabaseError):
        run_prepared("SELECT no_such_column FROM no_such_table WHERE 1 = %s", [1])
