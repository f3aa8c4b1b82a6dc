"""Sessions read from the cache, kept in the database, and working through a cache outage."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import DEAD_REDIS

pytestmark = pytest.mark.django_db

LIST = "/work/issues/"


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "portal.sessions"


def sign_in(client: Client, user) -> None:
    response = client.post(
        reverse("workbench:login"), {"username": user.username, "password": "pass-1234-word"}
    )
    assert response.status_code == 302


def test_a_signed_in_page_reads_its_session_from_the_cache(client, shinan_staff):
    sign_in(client, shinan_staff)
    assert Session.objects.count() == 1  # written through to the database

    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200

    assert not [q for q in captured.captured_queries if "django_session" in q["sql"]]


def test_a_session_missing_from_the_cache_is_read_from_the_database(client, shinan_staff, settings):
    sign_in(client, shinan_staff)
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": "emptied"} for name, config in settings.CACHES.items()
    }

    assert client.get(LIST).status_code == 200


def test_signing_out_forgets_the_kept_session(client, shinan_staff):
    sign_in(client, shinan_staff)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("workbench:logout"))

    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get(LIST).status_code == 302
    assert Session.objects.count() == 0


@pytest.mark.usefixtures("cache_down")
def test_sign_in_pages_and_sign_out_work_with_the_cache_down(client, shinan_staff):
    sign_in(client, shinan_staff)
    assert client.get(LIST).status_code == 200
    client.post(reverse("workbench:logout"))
    assert client.get(LIST).status_code == 302


def test_a_session_made_while_the_cache_was_down_works_when_it_is_back(
    client, shinan_staff, settings
):
    working = settings.CACHES
    settings.CACHES = DEAD_REDIS
    sign_in(client, shinan_staff)
    settings.CACHES = working

    assert client.get(LIST).status_code == 200
