"""Filter options and forms are kept in the cache, per user, and renewed when a row changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues.models import Category
from portal.models import Area
from tests import factories

# The kept badge would make a second page one query cheaper too: not what is counted here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("badge_counted_every_request")]

LIST = "/work/issues/"
LEDGER = "/work/stats/activities/"


def page(client, url: str = LIST, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def options_of(html: str, name: str) -> list[str]:
    """The labels of the <select name=…>'s options, "All" left out."""
    start = html.index(f'<select name="{name}"')
    block = html[start : html.index("</select>", start)]
    labels = [part.split(">", 1)[1].split("<", 1)[0] for part in block.split("<option")[1:]]
    return labels[1:]


@pytest.fixture
def places(shinan, laoshan):
    factories.SubdistrictFactory(parent=shinan, name="八大关街道")
    factories.SubdistrictFactory(parent=laoshan, name="沙子口街道")
    factories.DepartmentFactory(district=shinan, name="市南区城管局")
    factories.DepartmentFactory(district=laoshan, name="崂山区城管局")


def test_the_second_page_reads_the_kept_options(staff_client, places):
    first, cold = page(staff_client)
    second, warm = page(staff_client)

    assert warm == cold - 3  # subdistricts, departments, categories
    for name in ("subdistrict", "department", "category"):
        assert options_of(second, name) == options_of(first, name)


def test_each_user_gets_their_own_scope(staff_client, client, laoshan_staff, places):
    page(staff_client)  # 市南's lists are kept first
    client.force_login(laoshan_staff)
    html, _count = page(client)

    assert options_of(html, "subdistrict") == ["崂山区·沙子口街道"]
    assert options_of(html, "department") == ["崂山区城管局"]


def test_a_new_department_shows_at_once(staff_client, shinan, places):
    page(staff_client)
    factories.DepartmentFactory(district=shinan, name="市南区住建局")

    html, _count = page(staff_client)

    assert "市南区住建局" in options_of(html, "department")


def test_a_renamed_category_and_a_deleted_subdistrict_show_at_once(staff_client, places):
    category = factories.CategoryFactory(name="环境卫生")
    page(staff_client)
    category.name = "市容环境"
    category.save()
    Area.objects.get(name="八大关街道").delete()

    html, _count = page(staff_client)

    assert "市容环境" in options_of(html, "category")
    assert "环境卫生" not in options_of(html, "category")
    assert options_of(html, "subdistrict") == []


def test_a_kept_list_lets_no_other_districts_value_through(
    staff_client, shinan, laoshan, shinan_issue
):
    other = factories.DepartmentFactory(district=laoshan, name="崂山区城管局")
    page(staff_client)  # kept

    response = staff_client.get(LIST, {"department": other.pk})

    assert response.context["filterset"].errors
    assert "崂山区城管局" not in response.content.decode()


def test_the_ledger_keeps_its_activity_types(staff_client, places):
    factories.ActivityTypeFactory(name="进站接待")
    _first, cold = page(staff_client, LEDGER)
    second, warm = page(staff_client, LEDGER)

    assert warm < cold
    assert "进站接待" in options_of(second, "type")


@pytest.mark.usefixtures("cache_down")
def test_pages_and_saves_work_without_the_cache(staff_client, shinan, places):
    Category.objects.create(name="交通出行")  # the signal's renewal fails quietly

    html, _count = page(staff_client)

    assert "交通出行" in options_of(html, "category")
    assert options_of(html, "subdistrict") == ["市南区·八大关街道"]


def filter_form(html: str) -> str:
    return html[html.index('<details class="filters"') : html.index("</details>") + 10]


def test_the_filter_form_is_kept_per_query_string(staff_client, places):
    first, cold = page(staff_client, state="registered")
    second, warm = page(staff_client, state="registered", page="1")
    other, _count = page(staff_client, state="closed")

    assert warm < cold
    assert filter_form(second) == filter_form(first)
    assert 'value="registered" id="id_state_1" checked>' in filter_form(first)
    assert 'value="registered" id="id_state_1">' in filter_form(other)
    assert re.search(r'value="closed" id="id_state_\d" checked>', filter_form(other))


def test_a_kept_form_is_never_another_users(staff_client, client, laoshan_staff, places):
    page(staff_client, state="registered")
    client.force_login(laoshan_staff)
    html, _count = page(client, state="registered")

    assert options_of(html, "subdistrict") == ["崂山区·沙子口街道"]


def test_a_kept_form_follows_the_language(staff_client, places):
    chinese, _count = page(staff_client)
    staff_client.cookies["django_language"] = "en"
    english, _count = page(staff_client)

    assert "筛选和排序" in filter_form(chinese)
    assert "Filter and sort" in filter_form(english)


def test_a_renamed_station_shows_at_once_in_a_kept_form(staff_client, shinan_station):
    page(staff_client, station=shinan_station.pk)
    shinan_station.name = "八大关代表联络站"
    shinan_station.save()

    html, _count = page(staff_client, station=shinan_station.pk)

    assert options_of(html, "station") == ["八大关代表联络站"]


def test_a_user_moved_to_another_district_gets_its_options_at_once(
    staff_client, shinan_staff, laoshan, places
):
    page(staff_client)  # 市南's lists and form kept for this account
    shinan_staff.district = laoshan
    shinan_staff.save()

    html, _count = page(staff_client)

    assert options_of(html, "subdistrict") == ["崂山区·沙子口街道"]


def test_a_kept_form_clears_to_the_page_it_is_on(
    client, shinan, shinan_department, shinan_department_user
):
    client.force_login(shinan_department_user)
    page(client)  # the form kept for /work/issues/
    home, _count = page(client, "/work/")  # a department's home is the same list

    assert '<a class="button" href="/work/">' in filter_form(home)


def test_the_ledger_keeps_its_form_and_renews_it_when_a_type_is_renamed(staff_client, places):
    kind = factories.ActivityTypeFactory(name="进站接待")
    first, _count = page(staff_client, LEDGER, q="路灯")
    second, _count = page(staff_client, LEDGER, q="路灯", page="2")
    kind.name = "接待群众"
    kind.save()
    third, _count = page(staff_client, LEDGER, q="路灯")

    assert filter_form(second) == filter_form(first)
    assert 'value="路灯"' in filter_form(first)
    assert "接待群众" in options_of(third, "type")
