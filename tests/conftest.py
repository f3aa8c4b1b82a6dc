"""Role fixtures shared by the suite: two districts (市南, 崂山) with staff and data in each."""

import contextlib
import time
import warnings

import pytest
from django.conf import settings

from tests import factories


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `postgresql` or `redis` need that server: on the embedded default they
    are skipped with the reason shown (`-ra`); `.ci/run`'s second run has both."""
    if item.get_closest_marker("postgresql") and not settings.DATABASES["default"][
        "ENGINE"
    ].endswith("postgresql"):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (.ci/run's second run does)")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://… (.ci/run's second run does)")


@pytest.fixture
def shinan(db):
    return factories.DistrictFactory(name="市南区")


@pytest.fixture
def laoshan(db):
    return factories.DistrictFactory(name="崂山区")


@pytest.fixture
def shinan_staff(shinan):
    return factories.StaffFactory(username="shinan_staff", district=shinan)


@pytest.fixture
def laoshan_staff(laoshan):
    return factories.StaffFactory(username="laoshan_staff", district=laoshan)


@pytest.fixture
def superuser(db):
    return factories.SuperuserFactory(username="root")


@pytest.fixture
def shinan_station(shinan):
    street = factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    return factories.StationFactory(name="新就业群体专业化代表联络站", area=street)


@pytest.fixture
def laoshan_station(laoshan):
    street = factories.SubdistrictFactory(name="沙子口街道", parent=laoshan)
    return factories.StationFactory(name="沙子口代表联络站", area=street)


@pytest.fixture
def shinan_deputy(shinan):
    return factories.DeputyFactory(name="张市南", district=shinan, phone="13800001111")


@pytest.fixture
def laoshan_deputy(laoshan):
    return factories.DeputyFactory(name="李崂山", district=laoshan, phone="13900002222")


@pytest.fixture
def session_reads(settings) -> int:
    """Queries a signed-in request spends on its session: none when sessions are read from
    Redis (portal.sessions, with REDIS_URL), one when they are read from the database."""
    return 0 if settings.SESSION_ENGINE == "portal.sessions" else 1


@pytest.fixture
def staff_client(client, shinan_staff):
    client.force_login(shinan_staff)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories set a password on every user: a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own key space in the real cache (Redis in CI): no shared counters."""
    import uuid

    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def redis_pauses_forgotten():
    """A Redis or broker failure in one test pauses calls to it (portal/breaker.py) for the
    process: not for the tests after it."""
    from portal import breaker

    yield
    breaker.resume_all()


# ----- the workbench: issues, departments and accounts in 市南 and 崂山 ---------------------


@pytest.fixture
def shinan_department(shinan):
    return factories.DepartmentFactory(name="市南区城市管理局", district=shinan)


@pytest.fixture
def laoshan_department(laoshan):
    return factories.DepartmentFactory(name="崂山区城市管理局", district=laoshan)


@pytest.fixture
def shinan_department_user(shinan_department):
    return factories.DepartmentUserFactory(username="shinan_cg", department=shinan_department)


@pytest.fixture
def shinan_deputy_user(shinan_deputy, shinan_station):
    """The 市南 deputy's login, resident at the 市南 station."""
    shinan_deputy.user = factories.DeputyUserFactory(username="deputy_zhang")
    shinan_deputy.save()
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    return shinan_deputy.user


@pytest.fixture
def shinan_issue(shinan, shinan_station):
    return factories.issue_in_state(
        "submitted",
        district=shinan,
        station=shinan_station,
        tracking_number="SN-2026-000001",
        citizen_name="王小明",
        citizen_phone="13712345678",
    )


@pytest.fixture
def laoshan_issue(laoshan, laoshan_station):
    return factories.issue_in_state(
        "submitted",
        district=laoshan,
        station=laoshan_station,
        tracking_number="LS-2026-000001",
        citizen_phone="13787654321",
    )


# ----- citizen intake ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated_media_root(settings, tmp_path):
    """Uploaded photos land in the test's own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# ----- reminders: Celery tasks queued by the code under test ---------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, and before the test database is dropped (PostgreSQL), no other
    session may hold it.

    The live server answers each browser connection in a thread of its own, which closes its
    database connection only when the browser closes the HTTP connection; at the end of a run
    one of them could still hold the database as it was dropped ("is being accessed by other
    users"), leaving it behind. They get a few seconds to finish; any still there are ended,
    and named in a warning, so a session left open by the code under test is still seen.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    others = (
        "SELECT pid, state, left(query, 120) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(others)
            left = cursor.fetchall()
            if not left:
                return
            time.sleep(0.1)
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    warnings.warn(f"sessions still on the test database were ended: {left}", stacklevel=1)


@pytest.fixture(autouse=True, scope="session")
def celery_test_queue():
    """Tasks queued by the code under test (after commit) go to a queue of this run's own,
    emptied at the end: no running worker (`make run`'s, say) takes them, none are left over.
    The real-worker tests in tests/reminders/ switch to a queue of their own."""
    import uuid

    from portal.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    except Exception:  # the broker may be down at the end of a run: nothing to clean then
        pass


# ----- a deputy's phone pages ----------------------------------------------------------------


@pytest.fixture
def deputy_client(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    return client


@pytest.fixture
def laoshan_deputy_user(laoshan_deputy, laoshan_station):
    laoshan_deputy.user = factories.DeputyUserFactory(username="deputy_li")
    laoshan_deputy.save()
    factories.StationAssignmentFactory(deputy=laoshan_deputy, station=laoshan_station)
    return laoshan_deputy.user


@pytest.fixture
def badge_counted_every_request(monkeypatch):
    """The nav's unread badge counted on every request, as before it was kept: for query
    budgets that compare a first request with a later one."""
    monkeypatch.setattr("portal.notifications.selectors.BADGE_SECONDS", 0)


# Nothing listens on port 1: every cache call fails at once, as with Redis down.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_down(settings):
    """The cache unreachable, as when Redis is down."""
    settings.CACHES = DEAD_REDIS


@pytest.fixture
def hung_redis():
    """A Redis that accepts connections and never answers (tests/hung_redis.py)."""
    from tests.hung_redis import HungRedis

    server = HungRedis()
    yield server
    server.close()


# ----- outages and the log: the error pages' tests -------------------------------------------


@pytest.fixture
def database_outage(django_db_blocker):
    """`with database_outage():` the database is unreachable for real, not mocked.

    The connection settings point where nothing is: PostgreSQL at a port where nothing listens
    (refused at once), SQLite at a file in a folder that does not exist. They are one dict
    for every thread's connection, so the live server's requests fail to connect too. On
    PostgreSQL the server first ends the other connections to the test database, as a
    restart would: the live server keeps one open per browser connection (CONN_MAX_AGE),
    which would otherwise carry on. The test's own connection is closed: use this without
    the `db` fixture (whose transaction would be lost with it), with no database mark or
    with `transactional_db`.
    """
    from django.db import connections

    @contextlib.contextmanager
    def outage():
        connection = connections["default"]
        settings_dict = connection.settings_dict
        saved = dict(settings_dict)
        with django_db_blocker.unblock():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
            connection.close()
            if connection.vendor == "postgresql":
                settings_dict.update(HOST="127.0.0.1", PORT="1")
            else:
                settings_dict["NAME"] = "/nonexistent-portal-folder/db.sqlite3"
            try:
                yield
            finally:
                connection.close()
                settings_dict.clear()
                settings_dict.update(saved)

    return outage


@pytest.fixture
def console_log():
    """What the portal's console log handler (settings.LOGGING) writes during the test."""
    import io
    import logging

    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
