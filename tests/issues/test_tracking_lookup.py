"""Finding an issue by tracking number and the phone's last four digits, and the receipt."""

import re

import pytest
from django.urls import reverse

from issues.models import Issue
from tests import factories
from tests.issues.intake import intake_data

pytestmark = pytest.mark.django_db

LOOKUP = "/t/"


@pytest.fixture
def issue(shinan):
    return factories.IssueFactory(
        district=shinan, tracking_number="SN-2026-000777", citizen_phone="13712345678"
    )


def without_csrf(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_number_and_last_four_digits_open_the_status_page(client, issue):
    response = client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": "5678"})
    assert response.status_code == 302
    assert response["Location"] == reverse("issue-status", args=[issue.token])


def test_the_number_may_be_typed_in_lower_case_with_spaces(client, issue):
    response = client.post(LOOKUP, {"tracking_number": " sn-2026-000777 ", "phone_tail": "5678"})
    assert response["Location"] == reverse("issue-status", args=[issue.token])


def test_wrong_digits_and_an_unknown_number_get_the_same_answer(client, issue):
    wrong_digits = client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": "0000"})
    unknown = client.post(LOOKUP, {"tracking_number": "SN-2026-000778", "phone_tail": "0000"})
    assert wrong_digits.status_code == unknown.status_code == 200
    assert without_csrf(wrong_digits.text).replace("000777", "000778") == without_csrf(unknown.text)


def test_a_failed_lookup_says_what_to_check(client, issue):
    response = client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": "0000"})
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [None]
    assert "SN-2026-000777" in response.text  # the input is kept


def test_an_anonymous_issue_cannot_be_looked_up(client, shinan):
    anonymous = factories.IssueFactory(
        district=shinan, tracking_number="SN-2026-000050", citizen_phone=""
    )
    response = client.post(
        LOOKUP, {"tracking_number": anonymous.tracking_number, "phone_tail": "0000"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_last_digits_must_be_four_digits(client, issue):
    response = client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": "56a8"})
    assert "phone_tail" in response.context["form"].errors


def test_lookups_from_one_address_are_limited(client, issue, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup_ip": (3, 3600)}
    for tail in ("0001", "0002", "0003"):
        client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": tail})
    response = client.post(LOOKUP, {"tracking_number": "SN-2026-000777", "phone_tail": "5678"})
    assert response.status_code == 429 and "Retry-After" in response


def test_lookups_of_one_number_are_limited_from_any_address(client, issue, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup_number": (2, 3600)}
    for address in ("10.0.0.1", "10.0.0.2"):
        client.post(
            LOOKUP,
            {"tracking_number": "SN-2026-000777", "phone_tail": "0000"},
            REMOTE_ADDR=address,
        )
    response = client.post(
        LOOKUP,
        {"tracking_number": "SN-2026-000777", "phone_tail": "5678"},
        REMOTE_ADDR="10.0.0.3",
    )
    assert response.status_code == 429


def test_the_lookup_page_is_not_cached(client):
    assert client.get(LOOKUP)["Cache-Control"] == "no-store"


# ----- the receipt after sending ------------------------------------------------------------


@pytest.fixture
def sent(client, shinan_station):
    """Send an issue with a phone; return the response to following the redirect."""
    data = intake_data(factories.CategoryFactory(), citizen_phone="13712345678", consent="on")
    return client.post(reverse("station-intake", args=[shinan_station.code]), data, follow=True)


def test_the_receipt_shows_the_tracking_number_and_the_private_link(sent):
    issue = Issue.objects.get()
    assert issue.tracking_number in sent.text
    assert f"http://testserver/t/{issue.token}" in sent.text


def test_the_receipt_url_does_not_carry_the_token(sent):
    [(url, _status)] = sent.redirect_chain
    assert Issue.objects.get().token not in url


def test_the_receipt_is_never_cached_nor_sent_on_as_referrer(sent):
    assert sent["Cache-Control"] == "no-store"
    assert sent["Referrer-Policy"] == "strict-origin"


def test_the_receipt_has_a_copy_button_from_our_own_static_files(sent):
    assert "data-copy=" in sent.text
    assert re.search(r'<script src="/static/js/copy-link\.js" defer>', sent.text)


def test_the_receipt_without_a_submission_goes_to_the_lookup(client, db):
    response = client.get(reverse("issue-receipt"))
    assert response["Location"] == LOOKUP
