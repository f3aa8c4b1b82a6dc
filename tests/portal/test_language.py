"""The portal speaks Simplified Chinese unless the user switches to English."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_pages_are_chinese_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "找到身边的人大代表家站点" in response.text


@pytest.mark.django_db
def test_language_switch_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert "Find your deputies' liaison station" in response.text
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get("/")
    assert response.headers["Content-Language"] == "zh-hans"
