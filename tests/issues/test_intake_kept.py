"""The QR form's station, deputy and categories are kept in the cache, and forgotten at once."""

import pickle

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import Category, Issue
from issues.public_selectors import intake_deputy
from portal.choices import kept_value
from stations.models import Station
from tests import factories
from tests.issues.intake import intake_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="市政设施", sort_order=1)


def form_url(station) -> str:
    return reverse("station-intake", args=[station.code])


def tables_read(captured) -> list[str]:
    """The tables each captured query names first after FROM, INTO or UPDATE."""
    tables = []
    for query in captured.captured_queries:
        sql = query["sql"].replace('"', "")
        for word in ("FROM ", "INTO ", "UPDATE "):
            if word in sql:
                tables.append(sql.split(word, 1)[1].split()[0])
                break
    return tables


def offered(response) -> list[str]:
    return [label for _value, label in response.context["form"].fields["category"].choices][1:]


def test_a_warm_form_reads_nothing(client, shinan_station, category):
    client.get(form_url(shinan_station))

    with CaptureQueriesContext(connection) as captured:
        response = client.get(form_url(shinan_station))

    assert response.status_code == 200
    assert offered(response) == ["市政设施"]
    assert len(captured) == 0


def test_a_warm_submission_only_writes(client, shinan_station, category):
    client.post(form_url(shinan_station), intake_data(category))  # the year's first number

    with CaptureQueriesContext(connection) as captured:
        response = client.post(form_url(shinan_station), intake_data(category))

    assert response.status_code == 302
    # The tracking counter (one UPDATE … RETURNING), the issue and its first event.
    assert tables_read(captured) == [
        "issues_trackingcounter",
        "issues_issue",
        "issues_issueevent",
    ]
    issue = Issue.objects.latest("pk")
    assert (issue.station_id, issue.district_id, issue.category_id) == (
        shinan_station.pk,
        shinan_station.area.district_id,
        category.pk,
    )
    assert issue.tracking_number.endswith("-000002")


def test_a_closed_station_refuses_at_once(client, shinan_station, category):
    client.get(form_url(shinan_station))
    shinan_station.is_active = False
    shinan_station.save()

    assert client.get(form_url(shinan_station)).status_code == 404
    assert client.post(form_url(shinan_station), intake_data(category)).status_code == 404
    assert not Issue.objects.exists()


def test_stations_closed_and_opened_in_bulk_follow_at_once(client, shinan_station, category):
    client.get(form_url(shinan_station))
    Station.objects.filter(pk=shinan_station.pk).set_active(False)
    assert client.get(form_url(shinan_station)).status_code == 404

    Station.objects.filter(pk=shinan_station.pk).set_active(True)
    assert client.get(form_url(shinan_station)).status_code == 200


def test_the_admins_bulk_action_closes_the_form(client, shinan_station, superuser):
    client.get(form_url(shinan_station))
    client.force_login(superuser)
    changelist = reverse("admin:stations_station_changelist")
    client.post(changelist, {"action": "mark_inactive", "_selected_action": [shinan_station.pk]})
    client.logout()

    assert client.get(form_url(shinan_station)).status_code == 404


def test_a_renamed_station_shows_its_new_name(client, shinan_station):
    client.get(form_url(shinan_station))
    shinan_station.name = "八大关代表联络站"
    shinan_station.save()

    assert "八大关代表联络站" in client.get(form_url(shinan_station)).text


def test_a_retired_category_is_neither_offered_nor_accepted(client, shinan_station, category):
    factories.CategoryFactory(name="环境卫生", sort_order=0)
    client.get(form_url(shinan_station))
    category.is_active = False
    category.save()

    assert offered(client.get(form_url(shinan_station))) == ["环境卫生"]
    response = client.post(form_url(shinan_station), intake_data(category))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["category"]] == [
        "invalid_choice"
    ]
    assert not Issue.objects.exists()


def test_a_new_category_is_offered_at_once(client, shinan_station, category):
    client.get(form_url(shinan_station))
    Category.objects.create(name="交通出行", sort_order=2)

    assert offered(client.get(form_url(shinan_station))) == ["市政设施", "交通出行"]


def test_an_unknown_category_is_refused(client, shinan_station, category):
    data = {**intake_data(category), "category": "999999"}
    response = client.post(form_url(shinan_station), data)
    assert [e.code for e in response.context["form"].errors.as_data()["category"]] == [
        "invalid_choice"
    ]


def test_the_kept_deputy_carries_no_phone(client, shinan_deputy, category):
    shinan_deputy.phone = "13912345678"
    shinan_deputy.save()
    url = reverse("deputy-intake", args=[shinan_deputy.code])

    assert client.get(url).status_code == 200
    kept = intake_deputy(shinan_deputy.code)
    assert b"13912345678" not in pickle.dumps(kept)
    assert client.post(url, intake_data(category)).status_code == 302
    assert Issue.objects.get().deputy_id == shinan_deputy.pk


def test_codes_that_cannot_be_a_code_are_not_found(client):
    assert client.get("/s/%20A%3AB/submit/").status_code == 404


@pytest.mark.usefixtures("cache_down")
def test_the_form_works_without_the_cache(client, shinan_station, category):
    assert offered(client.get(form_url(shinan_station))) == ["市政设施"]
    assert client.post(form_url(shinan_station), intake_data(category)).status_code == 302
    assert Issue.objects.count() == 1


def test_what_was_read_before_a_commit_is_forgotten_after_it(
    shinan_station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        shinan_station.name = "新名字"
        shinan_station.save()
        # Another request, not seeing the uncommitted name, keeps the old one meanwhile.
        kept_value("probe", lambda: "旧名字")

    assert kept_value("probe", lambda: "新名字") == "新名字"
