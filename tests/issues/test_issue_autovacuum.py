"""The issue table is vacuumed after 0.5 % of its rows changed (issues/migrations/0008)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

EXPECTED = {
    "autovacuum_vacuum_scale_factor=0.005",
    "autovacuum_vacuum_insert_scale_factor=0.005",
}


def table_options() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'issues_issue'")
        (options,) = cursor.fetchone()
    return set(options or [])


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def test_the_issue_table_carries_its_vacuum_settings():
    assert table_options() == EXPECTED


def test_migrating_back_restores_postgresqls_defaults_and_forward_sets_them_again():
    migrate(("issues", "0007_issue_station_unfinished_index"))
    assert table_options() == set()
    migrate(("issues", "0008_issue_autovacuum"))
    assert table_options() == EXPECTED
