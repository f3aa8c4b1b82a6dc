"""Signing in with a mobile number, the throttle, and a deputy's working-day session."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("workbench:login"), {"username": username, "password": password})


def test_deputy_signs_in_with_phone_number(client, shinan_deputy_user):
    response = sign_in(client, "13800001111")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == shinan_deputy_user.pk


def test_staff_still_sign_in_with_username(client, shinan_staff):
    assert sign_in(client, "shinan_staff").status_code == 302


def test_deputy_session_lasts_a_working_day(client, shinan_deputy_user):
    sign_in(client, "13800001111")
    assert client.session.get_expiry_age() == settings.DEPUTY_SESSION_SECONDS


def test_same_message_for_unknown_number_and_wrong_password(client, shinan_deputy_user):
    unknown = sign_in(client, "13999999999").context["form"].non_field_errors()
    wrong = sign_in(client, "13800001111", "wrong").context["form"].non_field_errors()
    assert unknown == wrong


def test_failed_logins_are_throttled(client, shinan_deputy_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_identity": (3, 900)}
    for _ in range(3):
        sign_in(client, "13800001111", "wrong")
    response = sign_in(client, "13800001111")  # the right password, too late
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_throttle_message_same_for_unknown_number(client, shinan_deputy_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_identity": (1, 900)}
    sign_in(client, "13800001111", "wrong")
    sign_in(client, "13999999999", "wrong")
    known = sign_in(client, "13800001111", "wrong").context["form"].non_field_errors()
    unknown = sign_in(client, "13999999999", "wrong").context["form"].non_field_errors()
    assert known == unknown
