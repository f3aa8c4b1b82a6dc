"""Settings come from the environment, with working defaults and strict production rules."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "from portal.celery import app;"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'db': str(settings.DATABASES['default']['NAME']), 'broker': app.conf.broker_url,"
    " 'options': settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''),"
    " 'prepare': [settings.DATABASES['default'].get('OPTIONS', {}).get(k) for k in"
    " ('server_side_binding', 'prepare_threshold')]}))"
)


def load_settings(**env: str) -> subprocess.CompletedProcess:
    own = {"DATABASE_URL", "REDIS_URL", "DATABASE_PREPARE_AFTER"}
    clean = {k: v for k, v in os.environ.items() if k not in own}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
    )


def probe(**env: str) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_database_url_uses_sqlite(tmp_path):
    assert probe(VAR_DIR=str(tmp_path))["engine"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql(tmp_path):
    found = probe(VAR_DIR=str(tmp_path), DATABASE_URL="postgres://u@db.example:5432/portal")
    assert (found["engine"], found["db"]) == ("django.db.backends.postgresql", "portal")


def test_without_redis_url_uses_the_filesystem_broker(tmp_path):
    assert probe(VAR_DIR=str(tmp_path))["broker"].startswith("filesystem://")


def test_redis_url_selects_redis(tmp_path):
    found = probe(VAR_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/3")
    assert found["broker"] == "redis://127.0.0.1:6379/3"


def test_unsupported_database_url_is_refused(tmp_path):
    result = load_settings(VAR_DIR=str(tmp_path), DATABASE_URL="mysql://u@h/db")
    assert "DATABASE_URL must be" in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = load_settings(VAR_DIR=str(tmp_path), DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="x")
    assert "SECRET_KEY must be set" in result.stderr


def test_malformed_debug_value_is_refused(tmp_path):
    result = load_settings(VAR_DIR=str(tmp_path), DEBUG="maybe")
    assert "DEBUG must be a boolean" in result.stderr


def test_site_defaults_to_simplified_chinese_in_shanghai_time():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "zh-hans",
        "Asia/Shanghai",
        True,
    )


def test_postgresql_connections_turn_jit_off(tmp_path):
    found = probe(VAR_DIR=str(tmp_path), DATABASE_URL="postgres://u@db.example:5432/portal")
    assert found["options"] == "-c jit=off"


def test_postgresql_prepares_statements_after_five_runs_by_default(tmp_path):
    found = probe(VAR_DIR=str(tmp_path), DATABASE_URL="postgres://u@db.example:5432/portal")
    assert found["prepare"] == [True, 5]


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    found = probe(
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://u@db.example:5432/portal",
        DATABASE_PREPARE_AFTER="off",
    )
    assert found["prepare"] == [None, None]


@pytest.mark.parametrize("value", ["five", "0", "-1", ""])
def test_a_malformed_prepare_count_is_refused(tmp_path, value):
    result = load_settings(
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://u@db.example:5432/portal",
        DATABASE_PREPARE_AFTER=value,
    )
    assert "DATABASE_PREPARE_AFTER must be a count of at least 1" in result.stderr
