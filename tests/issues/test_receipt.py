"""The receipt reaches its page in a signed, short-lived cookie: no session row is written."""

import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from issues.models import Issue
from issues.public_views import RECEIPT_COOKIE, RECEIPT_SECONDS
from tests import factories
from tests.issues.intake import intake_data

pytestmark = pytest.mark.django_db

RECEIPT = "/submitted/"


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施")


def submit(client, station, category, **overrides):
    return client.post(
        reverse("station-intake", args=[station.code]), intake_data(category, **overrides)
    )


def test_the_receipt_url_is_stable():
    assert reverse("issue-receipt") == RECEIPT


def test_the_receipt_shows_the_number_and_the_status_link(client, shinan_station, category):
    submit(client, shinan_station, category)
    issue = Issue.objects.get()

    page = client.get(RECEIPT).content.decode()

    assert issue.tracking_number in page
    assert f"/t/{issue.token}" in page


def test_a_submission_writes_no_session_row(client, shinan_station, category):
    submit(client, shinan_station, category)

    assert Session.objects.count() == 0


def test_the_cookie_is_signed_short_lived_and_sent_to_the_receipt_alone(
    client, shinan_station, category
):
    cookie = submit(client, shinan_station, category).cookies[RECEIPT_COOKIE]

    assert (cookie["path"], cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (
        RECEIPT,
        RECEIPT_SECONDS,
        True,
        "Lax",
    )
    assert Issue.objects.get().tracking_number in cookie.value  # signed, not hidden


def test_a_tampered_cookie_shows_no_receipt(client, shinan_station, category):
    submit(client, shinan_station, category)
    value = client.cookies[RECEIPT_COOKIE].value
    number = Issue.objects.get().tracking_number
    another = number[:-1] + str((int(number[-1]) + 1) % 10)
    client.cookies[RECEIPT_COOKIE] = value.replace(number, another)

    response = client.get(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, reverse("issue-lookup"))


def test_an_hour_later_the_receipt_is_gone(client, shinan_station, category):
    an_hour_ago = time.time() - RECEIPT_SECONDS - 5
    with mock.patch("django.core.signing.time.time", return_value=an_hour_ago):
        submit(client, shinan_station, category)

    response = client.get(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, reverse("issue-lookup"))


def test_without_a_cookie_the_receipt_sends_to_the_lookup(client):
    response = client.get(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, reverse("issue-lookup"))


def test_a_bots_decoy_receipt_also_writes_no_session_row(client, shinan_station, category):
    submit(client, shinan_station, category, homepage="http://spam.example")

    assert Issue.objects.count() == 0
    assert Session.objects.count() == 0
    assert client.get(RECEIPT).status_code == 200
