"""A form that failed on our side (500, 503) says that what was sent was NOT saved, that the
text is kept on this phone, and leads back to the form; a failed page load offers a retry."""

import pytest
from django.conf import settings
from django.test import Client

from issues.models import Issue
from tests import factories
from tests.issues.intake import intake_data

pytestmark = pytest.mark.urls("tests.portal.urls_errors")

NOT_SAVED = "您刚才提交的内容没有保存成功。"
KEPT_ON_PHONE = "您填写的文字仍保存在这部手机上"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施", sort_order=1)


@pytest.fixture
def form_url(shinan_station) -> str:
    return f"/s/{shinan_station.code}/submit/"


@pytest.fixture
def submit_fails(monkeypatch):
    def fault(**submission):
        raise RuntimeError("a bug while storing the issue")

    monkeypatch.setattr("issues.public_views.issue_submit", fault)


def test_a_citizen_whose_submission_hit_a_fault_is_told_it_was_not_saved(
    client, form_url, category, submit_fails
):
    response = client.post(form_url, intake_data(category))
    assert response.status_code == 500
    assert NOT_SAVED in response.text and KEPT_ON_PHONE in response.text


@pytest.mark.django_db(transaction=True)
def test_a_citizen_whose_submission_met_an_outage_is_told_it_was_not_saved(
    client, form_url, category, database_outage
):
    client.get(form_url)  # the form was opened before the outage
    with database_outage():
        response = client.post(form_url, intake_data(category))
    assert response.status_code == 503
    assert NOT_SAVED in response.text and KEPT_ON_PHONE in response.text
    assert not Issue.objects.exists()


def test_the_message_leads_back_to_the_form(client, form_url, category, submit_fails):
    response = client.post(
        form_url, intake_data(category), HTTP_REFERER=f"http://testserver{form_url}"
    )
    assert f'<a class="cta" href="http://testserver{form_url}" data-go-back>' in response.text


def test_another_sites_address_is_not_offered_as_the_way_back(
    client, form_url, category, submit_fails
):
    response = client.post(form_url, intake_data(category), HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.text and NOT_SAVED in response.text


def test_a_failed_workbench_form_gets_the_same_message(staff_client):
    staff_client.raise_request_exception = False
    response = staff_client.post("/test/fault/", {"note": "内部：交给李工"})
    assert NOT_SAVED in response.text


def test_a_failed_page_load_offers_a_retry_instead(client):
    response = client.get("/test/fault/?page=2")
    assert NOT_SAVED not in response.text
    assert '<a class="cta" href="/test/fault/?page=2">重试</a>' in response.text


def test_the_message_is_english_when_chosen(client, form_url, category, submit_fails):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(form_url, intake_data(category))
    assert "What you sent has NOT been saved." in response.text
