"""Guards on the open intake form: honeypot, minimum fill time, rate limits, blocklist."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from issues.models import BlockedPhone, Issue
from issues.public_forms import new_started_token
from tests import factories
from tests.issues.intake import TEXT, intake_data, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return factories.CategoryFactory()


@pytest.fixture
def form_url(shinan_station):
    return reverse("station-intake", args=[shinan_station.code])


def non_field_codes(response):
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


# ----- honeypot ---------------------------------------------------------------------------------


def test_a_filled_honeypot_stores_nothing(client, form_url, category):
    client.post(form_url, intake_data(category, homepage="http://spam.example"))
    assert not Issue.objects.exists()


def test_a_filled_honeypot_gets_what_looks_like_a_receipt(client, form_url, category):
    response = client.post(
        form_url, intake_data(category, homepage="http://spam.example"), follow=True
    )
    assert response.redirect_chain == [(reverse("issue-receipt"), 302)]
    assert re.fullmatch(r"[A-Z0-9]+-\d{4}-\d{6}", response.context["number"])
    assert re.fullmatch(r"http://testserver/t/[\w-]{22}", response.context["status_url"])


def test_the_decoy_receipt_link_opens_nothing(client, form_url, category):
    response = client.post(
        form_url, intake_data(category, homepage="http://spam.example"), follow=True
    )
    assert client.get(response.context["status_url"]).status_code == 404


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, form_url):
    text = client.get(form_url).text
    wrapper = text[text.index('<div class="visually-hidden" aria-hidden="true">') :]
    field = wrapper[: wrapper.index("</div>")]
    assert 'name="homepage"' in field
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


# ----- minimum fill time ------------------------------------------------------------------------


def test_a_form_sent_too_fast_is_refused(client, form_url, category, settings):
    settings.ISSUE_MIN_FILL_SECONDS = 5
    response = client.post(form_url, intake_data(category, started=started(seconds_ago=1)))
    assert non_field_codes(response) == ["too_fast"]
    assert not Issue.objects.exists()


def test_a_form_sent_too_fast_keeps_the_input_and_its_start_time(client, form_url, category):
    token = new_started_token()
    response = client.post(form_url, intake_data(category, started=token))
    assert TEXT in response.text
    assert f'name="started" value="{token}"' in response.text


def test_a_tampered_start_time_is_refused(client, form_url, category):
    token = started(seconds_ago=3600)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = client.post(form_url, intake_data(category, started=tampered))
    assert non_field_codes(response) == ["expired"]
    assert not Issue.objects.exists()


def test_a_missing_start_time_is_refused(client, form_url, category):
    response = client.post(form_url, intake_data(category, started=""))
    assert non_field_codes(response) == ["expired"]


def test_a_start_time_older_than_a_day_is_refused(client, form_url, category):
    response = client.post(form_url, intake_data(category, started=started(seconds_ago=90_000)))
    assert non_field_codes(response) == ["expired"]


def test_a_refused_start_time_is_replaced_by_a_fresh_one(client, form_url, category):
    response = client.post(form_url, intake_data(category, started="forged"))
    assert 'name="started" value="forged"' not in response.text


# ----- rate limits ------------------------------------------------------------------------------


def test_too_many_submissions_from_one_address_get_429(client, form_url, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (2, 3600)}
    for _ in range(2):
        client.post(form_url, intake_data(category))
    response = client.post(form_url, intake_data(category))
    assert response.status_code == 429
    assert Issue.objects.count() == 2


def test_the_429_page_says_when_to_try_again(client, form_url, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (0, 3600)}
    response = client.post(form_url, intake_data(category))
    assert 0 < int(response["Retry-After"]) <= 3600
    assert response.templates[0].name == "429.html"
    assert 'lang="zh-hans"' in response.text


def test_another_address_is_not_limited(client, form_url, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (1, 3600)}
    client.post(form_url, intake_data(category), REMOTE_ADDR="10.0.0.1")
    response = client.post(form_url, intake_data(category), REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_a_forwarded_for_header_does_not_escape_the_address_limit(
    client, form_url, category, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (1, 3600)}
    client.post(form_url, intake_data(category), HTTP_X_FORWARDED_FOR="10.9.9.1")
    response = client.post(form_url, intake_data(category), HTTP_X_FORWARDED_FOR="10.9.9.2")
    assert response.status_code == 429


def test_too_many_submissions_with_one_phone_get_429_from_any_address(
    client, form_url, category, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_phone": (2, 86400)}
    data = {"citizen_phone": "13712345678", "consent": "on"}
    for address in ("10.0.0.1", "10.0.0.2"):
        client.post(form_url, intake_data(category, **data), REMOTE_ADDR=address)
    response = client.post(form_url, intake_data(category, **data), REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert Issue.objects.count() == 2


def test_the_phone_number_appears_in_no_cache_key(client, form_url, category, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    client.post(form_url, intake_data(category, citizen_phone="13712345678", consent="on"))
    keys = list(cache._cache)
    assert keys and not any("13712345678" in key or "5678" in key for key in keys)


def test_limits_can_be_lifted(client, form_url, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit_ip": (0, 3600)}
    settings.RATE_LIMITS_ENABLED = False
    assert client.post(form_url, intake_data(category)).status_code == 302


# ----- blocklist --------------------------------------------------------------------------------


def test_a_blocklisted_phone_is_stored_flagged(client, form_url, category, shinan_staff):
    BlockedPhone.objects.create(phone="13712345678", reason="骚扰", created_by=shinan_staff)
    client.post(form_url, intake_data(category, citizen_phone="13712345678", consent="on"))
    assert Issue.objects.get().is_flagged


def test_a_blocklisted_phone_sees_a_normal_receipt(client, form_url, category, shinan_staff):
    BlockedPhone.objects.create(phone="13712345678", reason="骚扰", created_by=shinan_staff)
    data = intake_data(category, citizen_phone="13712345678", consent="on")
    response = client.post(form_url, data, follow=True)
    assert response.context["number"] == Issue.objects.get().tracking_number
