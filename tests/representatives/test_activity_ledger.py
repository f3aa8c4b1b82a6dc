"""The activity ledger (履职台账) at /work/stats/activities/: filters, totals, paging, choices."""

from datetime import date

import pytest
from django.urls import reverse

from tests import factories

LEDGER = reverse("dashboard:activities")


def ledger(client, **params):
    response = client.get(LEDGER, params)
    assert response.status_code == 200
    return response.context["ledger"]


def summaries(client, **params) -> set[str]:
    return {activity.summary for activity in ledger(client, **params).activities}


@pytest.fixture
def street(shinan_station):
    return shinan_station.area


def test_subdistrict_filter_takes_stations_on_the_subdistrict_and_in_its_communities(
    staff_client, shinan, shinan_deputy, street
):
    in_community = factories.StationFactory(area=factories.CommunityFactory(parent=street))
    elsewhere = factories.StationFactory(area=factories.SubdistrictFactory(parent=shinan))
    on_street = factories.StationFactory(area=street)
    factories.ActivityFactory(deputy=shinan_deputy, station=on_street, summary="街道")
    factories.ActivityFactory(deputy=shinan_deputy, station=in_community, summary="社区")
    factories.ActivityFactory(deputy=shinan_deputy, station=elsewhere, summary="别处")

    assert summaries(staff_client, subdistrict=street.pk) == {"街道", "社区"}


def test_station_filter(staff_client, shinan_deputy, shinan_station):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station, summary="站内")
    factories.ActivityFactory(deputy=shinan_deputy, summary="站外")

    assert summaries(staff_client, station=shinan_station.pk) == {"站内"}


def test_deputy_filter(staff_client, shinan, shinan_deputy):
    other = factories.DeputyFactory(district=shinan)
    factories.ActivityFactory(deputy=shinan_deputy, summary="张")
    factories.ActivityFactory(deputy=other, summary="别人")

    assert summaries(staff_client, deputy=shinan_deputy.pk) == {"张"}


def test_type_and_counts_as_filters(staff_client, shinan_deputy):
    reception = factories.ActivityTypeFactory(name="测试接待", counts_as="reception")
    talk = factories.ActivityTypeFactory(name="测试恳谈", counts_as="")
    factories.ActivityFactory(deputy=shinan_deputy, type=reception, summary="接待")
    factories.ActivityFactory(deputy=shinan_deputy, type=talk, summary="恳谈")

    assert summaries(staff_client, type=talk.pk) == {"恳谈"}
    assert summaries(staff_client, counts_as="reception") == {"接待"}
    assert summaries(staff_client, counts_as="none") == {"恳谈"}


def test_date_range_includes_both_ends(staff_client, shinan_deputy):
    for day in (date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 1)):
        factories.ActivityFactory(deputy=shinan_deputy, date=day, summary=day.isoformat())

    assert summaries(staff_client, date_from="2025-01-01", date_to="2025-01-31") == {
        "2025-01-01",
        "2025-01-31",
    }


def test_search_finds_words_of_the_summary_and_of_the_venue(staff_client, shinan, shinan_deputy):
    home = factories.StationFactory(
        area=factories.SubdistrictFactory(parent=shinan), name="非遗新课堂专业代表之家"
    )
    factories.ActivityFactory(deputy=shinan_deputy, summary="剪纸课堂", station=home)
    factories.ActivityFactory(deputy=shinan_deputy, summary="调解邻里纠纷")
    factories.ActivityFactory(deputy=shinan_deputy, summary="走访", place="邻里中心")

    assert summaries(staff_client, q="专业代表之家") == {"剪纸课堂"}
    assert summaries(staff_client, q="邻里") == {"调解邻里纠纷", "走访"}


def test_totals_cover_the_whole_filtered_set_not_the_page(staff_client, shinan_deputy):
    for _ in range(60):
        factories.ActivityFactory(deputy=shinan_deputy, participants=3, households=1)
    factories.ActivityFactory(deputy=shinan_deputy, participants=100, date=date(2020, 1, 1))

    result = ledger(staff_client, date_from="2021-01-01")

    assert (result.count, result.participants, result.households) == (60, 180, 60)
    assert len(result.activities) == 50


def test_second_page_holds_the_rest(staff_client, shinan_deputy):
    for _ in range(55):
        factories.ActivityFactory(deputy=shinan_deputy)

    assert len(ledger(staff_client, page=2).activities) == 5


def test_district_staff_get_no_district_filter(staff_client):
    response = staff_client.get(LEDGER)

    assert "district" not in response.context["ledger"].filterset.form.fields


def test_superuser_filters_by_district(client, superuser, shinan_deputy, laoshan_deputy):
    client.force_login(superuser)
    factories.ActivityFactory(deputy=shinan_deputy, summary="市南")
    factories.ActivityFactory(deputy=laoshan_deputy, summary="崂山")

    assert summaries(client, district=laoshan_deputy.district_id) == {"崂山"}


def test_choices_come_from_the_users_district_only(
    staff_client, shinan_station, laoshan_station, shinan_deputy, laoshan_deputy
):
    chosen = {"station": shinan_station.pk, "deputy": shinan_deputy.pk}
    fields = ledger(staff_client, **chosen).filterset.form.fields

    assert list(fields["station"].queryset) == [shinan_station]
    assert list(fields["deputy"].queryset) == [shinan_deputy]
    assert list(fields["subdistrict"].queryset) == [shinan_station.area]


def test_ledger_never_prints_a_deputys_phone(staff_client, shinan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy)

    content = staff_client.get(LEDGER).content.decode()

    assert shinan_deputy.name in content
    assert shinan_deputy.phone not in content


def test_long_summaries_are_truncated(staff_client, shinan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy, summary="长" * 100 + "尾巴")

    content = staff_client.get(LEDGER).content.decode()

    assert "长" * 50 in content
    assert "尾巴" not in content


# ----- no thousand-option selects: the chosen station/deputy only, and name searches ---------


def test_station_and_deputy_selects_are_left_out_when_nothing_is_chosen(staff_client):
    fields = ledger(staff_client).filterset.form.fields

    assert "station" not in fields and "deputy" not in fields
    assert "station_name" in fields and "deputy_name" in fields


def test_a_chosen_deputy_is_the_only_option_rendered(staff_client, shinan, shinan_deputy):
    others = [factories.DeputyFactory(district=shinan, name=f"别人{n}") for n in range(3)]

    content = staff_client.get(LEDGER, {"deputy": shinan_deputy.pk}).content.decode()

    assert f'<option value="{shinan_deputy.pk}" selected>' in content
    assert not any(other.name in content for other in others)


def test_another_districts_deputy_id_is_refused(staff_client, shinan_deputy, laoshan_deputy):
    factories.ActivityFactory(deputy=laoshan_deputy)
    result = ledger(staff_client, deputy=laoshan_deputy.pk)

    assert "deputy" in result.filterset.errors


def test_deputy_name_search(staff_client, shinan, shinan_deputy):
    factories.ActivityFactory(deputy=shinan_deputy, summary="张")
    factories.ActivityFactory(deputy=factories.DeputyFactory(district=shinan, name="王五"))

    assert summaries(staff_client, deputy_name="市南") == {"张"}


def test_station_name_search(staff_client, shinan_deputy, shinan_station):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station, summary="站内")
    factories.ActivityFactory(deputy=shinan_deputy, summary="站外")

    assert summaries(staff_client, station_name="新就业") == {"站内"}


# ----- by kind of station; specialised homes (专业代表之家) -------------------------------


@pytest.fixture
def venues(shinan, shinan_deputy, street):
    farming = factories.StationFocusFactory(name="特色农业")
    specialised = factories.StationFactory(area=street, kind="home", focus=farming)
    plain_home = factories.StationFactory(area=street, kind="home")
    liaison = factories.StationFactory(area=street, kind="liaison", focus=farming)
    factories.ActivityFactory(deputy=shinan_deputy, station=specialised, summary="专业")
    factories.ActivityFactory(deputy=shinan_deputy, station=plain_home, summary="家")
    factories.ActivityFactory(deputy=shinan_deputy, station=liaison, summary="站")
    factories.ActivityFactory(deputy=shinan_deputy, summary="无站")


def test_kind_filter_takes_activities_at_stations_of_that_kind(staff_client, venues):
    assert summaries(staff_client, kind="home") == {"专业", "家"}
    assert summaries(staff_client, kind="liaison") == {"站"}


def test_specialised_filter_takes_homes_with_a_focus_only(staff_client, venues):
    assert summaries(staff_client, specialised="yes") == {"专业"}


def test_not_specialised_keeps_activities_without_a_station(staff_client, venues):
    assert summaries(staff_client, specialised="no") == {"家", "站", "无站"}


def test_each_row_links_to_its_entry_and_labels_its_cells(staff_client, shinan_deputy):
    activities = factories.ActivityFactory.create_batch(2, deputy=shinan_deputy)
    html = staff_client.get(LEDGER).text
    for activity in activities:
        url = reverse("admin:representatives_activity_change", args=[activity.pk])
        assert f'<a href="{url}">' in html
    # The mobile layout shows each cell's column name from data-label.
    assert html.count('data-label="日期"') == 2


def test_a_page_of_fifty_costs_the_same_queries_as_a_page_of_two(
    staff_client, shinan_deputy, django_assert_max_num_queries
):
    factories.ActivityFactory(deputy=shinan_deputy)
    staff_client.get(LEDGER)  # the kept filter lists and form
    # Both pages measured come after a new activity: each sums its totals again.
    factories.ActivityFactory(deputy=shinan_deputy)
    with django_assert_max_num_queries(12) as two:
        staff_client.get(LEDGER)
    factories.ActivityFactory.create_batch(48, deputy=shinan_deputy)
    with django_assert_max_num_queries(len(two)):
        staff_client.get(LEDGER)


def test_the_rows_load_only_the_columns_they_show(
    staff_client, shinan_deputy, shinan_station, django_assert_max_num_queries
):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station, summary="只取所需")
    with django_assert_max_num_queries(12) as queries:
        html = staff_client.get(LEDGER).text
    assert "只取所需" in html and shinan_deputy.name in html and shinan_station.name in html
    # The page's rows: one statement joining the type, the deputy and the station.
    (rows,) = [q["sql"] for q in queries.captured_queries if '_activity"."summary"' in q["sql"]]
    for unused in ("phone", "created_at", "address", "counts_as"):
        assert unused not in rows, unused


def test_a_row_names_its_station_else_its_place_else_a_dash(
    staff_client, shinan_deputy, shinan_station
):
    factories.ActivityFactory(deputy=shinan_deputy, station=shinan_station, place="")
    factories.ActivityFactory(deputy=shinan_deputy, station=None, place="社区广场")
    factories.ActivityFactory(deputy=shinan_deputy, station=None, place="")
    rows = ledger(staff_client).activities
    assert sorted(row.venue for row in rows) == sorted([shinan_station.name, "社区广场", ""])
    html = staff_client.get(LEDGER).text
    for shown in (shinan_station.name, "社区广场", '<span class="cell">–</span>'):
        assert shown in html
