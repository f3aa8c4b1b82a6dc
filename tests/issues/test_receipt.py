"""The receipt reaches its page in a signed cookie that lives a day: the page can be reloaded
meanwhile, and no session row is written."""

import re
import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.urls import reverse

from issues.models import Issue
from issues.public_views import RECEIPT_COOKIE, RECEIPT_SALT, RECEIPT_SECONDS
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
    receipt = signing.loads(cookie.value, salt=RECEIPT_SALT)  # signed, not hidden
    assert receipt["number"] == Issue.objects.get().tracking_number


def test_the_cookie_value_needs_no_quoting(client, shinan_station, category):
    cookie = submit(client, shinan_station, category).cookies[RECEIPT_COOKIE]

    # RFC 6265's cookie-octets: no quotes, commas, spaces or backslashes to escape.
    assert re.fullmatch(r"[A-Za-z0-9_\-.:]+", cookie.value)
    assert cookie.OutputString().startswith(f"{RECEIPT_COOKIE}={cookie.value};")


def test_the_receipt_can_be_reloaded(client, shinan_station, category):
    submit(client, shinan_station, category)
    token = Issue.objects.get().token

    first, again = client.get(RECEIPT), client.get(RECEIPT)

    assert f"/t/{token}" in first.text and f"/t/{token}" in again.text


def test_the_receipt_reloads_hours_later(client, shinan_station, category):
    three_hours_ago = time.time() - 3 * 3600
    with mock.patch("django.core.signing.time.time", return_value=three_hours_ago):
        submit(client, shinan_station, category)

    response = client.get(RECEIPT)

    assert f"/t/{Issue.objects.get().token}" in response.text


def test_a_reloaded_receipt_is_never_stored(client, shinan_station, category):
    submit(client, shinan_station, category)
    client.get(RECEIPT)

    assert client.get(RECEIPT)["Cache-Control"] == "no-store"


def test_a_tampered_cookie_shows_no_receipt(client, shinan_station, category):
    submit(client, shinan_station, category)
    _payload, stamp, signature = client.cookies[RECEIPT_COOKIE].value.rsplit(":", 2)
    forged = signing.dumps({"number": "SN-2026-999999", "token": "x" * 22, "anonymous": True})
    client.cookies[RECEIPT_COOKIE] = f"{forged.split(':')[0]}:{stamp}:{signature}"

    response = client.get(RECEIPT)

    assert (response.status_code, response["Location"]) == (302, reverse("issue-lookup"))


def test_a_day_later_the_receipt_is_gone(client, shinan_station, category):
    a_day_ago = time.time() - RECEIPT_SECONDS - 5
    with mock.patch("django.core.signing.time.time", return_value=a_day_ago):
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
