"""Queuing after commit never fails the caller: a broker error is a logged warning."""

import logging

import pytest
from kombu.exceptions import OperationalError

from portal.celery import app
from portal.notifications.queue import enqueue, enqueue_after_commit


def test_broker_error_is_logged_not_raised(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(app, "send_task", refuse)

    assert (
        enqueue("reminders.tasks.issue_submitted", 42),
        "sweep will send it" in caplog.text,
    ) == (
        False,
        True,
    )


def test_publishing_never_retries_in_the_caller(monkeypatch):
    seen = {}
    monkeypatch.setattr(app, "send_task", lambda name, **options: seen.update(options))

    enqueue("reminders.tasks.issue_submitted", 42)

    assert seen == {"args": [42], "retry": False}


@pytest.mark.django_db
def test_task_is_queued_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_after_commit("reminders.tasks.issue_submitted", 42)

    assert [(c.func, c.args) for c in callbacks] == [
        (enqueue, ("reminders.tasks.issue_submitted", 42))
    ]


def test_warning_is_logged_at_warning_level(monkeypatch, caplog):
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(app, "send_task", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))

    enqueue("portal.notifications.tasks.deliver", 7)

    assert [r.levelname for r in caplog.records] == ["WARNING"]
