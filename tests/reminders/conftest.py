"""Fixtures for the reminders: issues at points of their timeline, people to tell, a real worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from issues.models import State
from portal.notifications import sms
from tests import factories

BASE_DIR = Path(settings.BASE_DIR)
CELERY = Path(sys.executable).with_name("celery")


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "portal.notifications.sms.LocmemSmsBackend"
    settings.GROUP_WEBHOOK_URL = ""
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def open_issue(district, *, deadline, state=State.REGISTERED, **fields):
    """An issue already registered (挂号) with `deadline`, as if through issues.services."""
    fields.setdefault("registered_at", deadline - timedelta(days=10))
    return factories.IssueFactory(district=district, state=state, deadline=deadline, **fields)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def shinan_street(shinan):
    return factories.SubdistrictFactory(name="香港中路街道", parent=shinan)


@pytest.fixture
def station(shinan_street):
    return factories.StationFactory(name="香港中路代表联络站", area=shinan_street)


@pytest.fixture
def assignee(shinan):
    return factories.StaffFactory(username="zeren", district=shinan, email="zeren@example.cn")


@pytest.fixture
def group_leader(shinan, shinan_street):
    """The 市南 street's deputies' group leader (组长), with a login."""
    user = factories.DeputyUserFactory(username="zuzhang", email="")
    leader = factories.DeputyFactory(name="组长代表", district=shinan, user=user)
    group = factories.DeputyGroupFactory(
        name="香港中路街道代表组", area=shinan_street, leader=leader
    )
    group.members.add(leader)
    return user


# ----- PostgreSQL and a real Celery worker -----------------------------------------------------


def worker_database_url() -> str:
    """The URL of the database this test is using, for a worker process to open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path, queue: str, mail_dir: Path):
        self.process = process
        self.log = log
        self.queue = queue
        self.mail_dir = mail_dir

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def succeeded(self, task_name: str) -> int:
        return sum(
            1
            for line in self.output().splitlines()
            if f"Task {task_name}[" in line and "succeeded" in line
        )

    def emails(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.log"))


@contextmanager
def celery_worker(tmp_path: Path):
    """A real worker (`celery -A portal worker`) on a queue of its own, on this test's database
    and on the real broker (Redis when REDIS_URL is set, else the filesystem broker)."""
    from portal.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "LOG_LEVEL": "INFO",
    }
    command = [
        str(CELERY),
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # what this test queues goes to this worker only
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    worker = Worker(process, log, queue, mail_dir)
    try:
        wait_for(
            lambda: " ready." in worker.output(),
            timeout=30,
            what="the worker to start",
            worker=worker,
        )
        yield worker
    finally:
        app.conf.task_default_queue = previous_queue
        # The test's work is done and checked by now: a warm shutdown that lingers (the
        # filesystem transport's takes seconds) is cut short.
        process.terminate()
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)


def wait_for(condition, *, timeout: float = 20, what: str = "", worker: Worker | None = None):
    """Poll `condition` until it is true; fail with the worker's log if it never is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.process.poll() is not None:
            break
        time.sleep(0.1)
    log = worker.output()[-4000:] if worker is not None else ""
    pytest.fail(f"timed out waiting for {what}\n--- worker log ---\n{log}")
