"""Station admin: 市南 staff cannot list, open, choose or change a 崂山 station by any admin URL."""

import pytest
from django.urls import reverse

from stations.models import Station
from tests import factories
from tests.admin_forms import autocomplete_texts, form_data, inline_row

CHANGELIST = reverse("admin:stations_station_changelist")
ADD = reverse("admin:stations_station_add")


def url(view: str, station: Station) -> str:
    return reverse(f"admin:stations_station_{view}", args=[station.pk])


def changelist(client, **params):
    return client.get(CHANGELIST, params)


def listed(response) -> set[Station]:
    return set(response.context["cl"].result_list)


def filter_choices(response, parameter: str) -> list[str]:
    """The labels the changelist filter on `parameter` offers (apart from "All")."""
    cl = response.context["cl"]
    spec = next(
        spec
        for spec in cl.filter_specs
        if parameter in (getattr(spec, "parameter_name", None), getattr(spec, "field_path", None))
    )
    return [str(choice["display"]) for choice in spec.choices(cl)][1:]


# Changelist


def test_changelist_lists_own_district_station(staff_client, shinan_station, laoshan_station):
    assert listed(changelist(staff_client)) == {shinan_station}


def test_changelist_never_names_other_district_station(
    staff_client, shinan_station, laoshan_station
):
    assert laoshan_station.name not in changelist(staff_client).text


def test_superuser_changelist_lists_both_districts(admin_client, shinan_station, laoshan_station):
    assert listed(changelist(admin_client)) == {shinan_station, laoshan_station}


# Object pages


def test_district_staff_can_open_own_station(staff_client, shinan_station):
    assert staff_client.get(url("change", shinan_station)).status_code == 200


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_district_staff_cannot_open_other_district_station(
    staff_client, laoshan_station, view, method
):
    response = getattr(staff_client, method)(url(view, laoshan_station))
    assert response.status_code == 404


def test_post_to_other_district_station_changes_nothing(
    staff_client, admin_client, laoshan_station
):
    data = form_data(admin_client, url("change", laoshan_station))
    staff_client.post(url("change", laoshan_station), {**data, "name": "被改名的站"})
    laoshan_station.refresh_from_db()
    assert laoshan_station.name == "沙子口代表联络站"


def test_delete_post_leaves_other_district_station(staff_client, laoshan_station):
    staff_client.post(url("delete", laoshan_station), {"post": "yes"})
    assert Station.objects.filter(pk=laoshan_station.pk).exists()


def test_unknown_station_id_answers_404(staff_client, db):
    assert staff_client.get("/admin/stations/station/999999/change/").status_code == 404


# Form choices


def test_own_station_saves_unchanged(staff_client, shinan_station):
    data = form_data(staff_client, url("change", shinan_station))
    response = staff_client.post(url("change", shinan_station), data)
    assert response.status_code == 302


def test_district_staff_cannot_move_own_station_into_other_district(
    staff_client, shinan_station, laoshan_station
):
    data = form_data(staff_client, url("change", shinan_station))
    response = staff_client.post(
        url("change", shinan_station), {**data, "area": laoshan_station.area_id}
    )
    assert "area" in response.context["adminform"].form.errors
    assert Station.objects.get(pk=shinan_station.pk).area_id == shinan_station.area_id


def test_district_staff_cannot_add_station_in_other_district_area(staff_client, laoshan_station):
    data = form_data(staff_client, ADD)
    data |= {
        "name": "越界站",
        "kind": Station.Kind.LIAISON,
        "area": laoshan_station.area_id,
        "address": "某路1号",
    }
    response = staff_client.post(ADD, data)
    assert "area" in response.context["adminform"].form.errors
    assert not Station.objects.filter(name="越界站").exists()


def test_district_staff_can_register_own_district_deputy_at_own_station(
    staff_client, shinan_station, shinan_deputy
):
    data = form_data(staff_client, url("change", shinan_station))
    data = inline_row(data, "assignments", deputy=shinan_deputy.pk, role="resident")
    staff_client.post(url("change", shinan_station), data)
    assert shinan_station.assignments.filter(deputy=shinan_deputy).exists()


def test_district_staff_cannot_register_other_district_deputy_at_own_station(
    staff_client, shinan_station, laoshan_deputy
):
    data = form_data(staff_client, url("change", shinan_station))
    data = inline_row(data, "assignments", deputy=laoshan_deputy.pk, role="resident")
    response = staff_client.post(url("change", shinan_station), data)
    inline_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "deputy" in inline_errors[0]
    assert not shinan_station.assignments.exists()


def test_superuser_cannot_register_deputy_at_other_district_station_while_adding_it(
    admin_client, shinan, laoshan_deputy
):
    street = factories.SubdistrictFactory(parent=shinan)
    data = form_data(admin_client, ADD)
    data |= {"name": "新站", "kind": Station.Kind.LIAISON, "area": street.pk, "address": "某路1号"}
    data = inline_row(data, "assignments", deputy=laoshan_deputy.pk, role="resident")
    response = admin_client.post(ADD, data)
    inline_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "__all__" in inline_errors[0]
    assert not Station.objects.filter(name="新站").exists()


def test_superuser_can_add_station_with_a_deputy_of_its_district(
    admin_client, shinan, shinan_deputy
):
    street = factories.SubdistrictFactory(parent=shinan)
    data = form_data(admin_client, ADD)
    data |= {"name": "新站", "kind": Station.Kind.LIAISON, "area": street.pk, "address": "某路1号"}
    data = inline_row(data, "assignments", deputy=shinan_deputy.pk, role="resident")
    admin_client.post(ADD, data)
    assert Station.objects.get(name="新站").assignments.get().deputy == shinan_deputy


# Autocomplete


def test_area_autocomplete_offers_own_district_areas(staff_client, shinan_station, laoshan_station):
    texts = autocomplete_texts(
        staff_client, app_label="stations", model_name="station", field_name="area", term="街道"
    )
    assert texts == [str(shinan_station.area)]


def test_area_autocomplete_finds_nothing_by_other_district_area_name(staff_client, laoshan_station):
    texts = autocomplete_texts(
        staff_client, app_label="stations", model_name="station", field_name="area", term="沙子口"
    )
    assert texts == []


def test_station_autocomplete_offers_only_own_district_stations(
    staff_client, shinan_station, laoshan_station
):
    texts = autocomplete_texts(
        staff_client,
        app_label="stations",
        model_name="dutyshift",
        field_name="station",
        term="联络站",
    )
    assert texts == [shinan_station.name]


def test_station_autocomplete_for_assignments_hides_other_district_station(
    staff_client, laoshan_station
):
    texts = autocomplete_texts(
        staff_client,
        app_label="representatives",
        model_name="stationassignment",
        field_name="station",
        term="沙子口",
    )
    assert texts == []


# Filters


def test_district_filter_offers_only_own_district(staff_client, shinan_station, laoshan_station):
    assert filter_choices(changelist(staff_client), "district") == ["市南区"]


def test_superuser_district_filter_offers_both_districts(
    admin_client, shinan_station, laoshan_station
):
    assert set(filter_choices(changelist(admin_client), "district")) == {"市南区", "崂山区"}


def test_crafted_district_filter_shows_nothing_of_other_district(
    staff_client, laoshan, laoshan_station
):
    assert listed(changelist(staff_client, district=laoshan.pk)) == set()


def test_crafted_related_lookup_shows_nothing_of_other_district(
    staff_client, laoshan, laoshan_station
):
    response = changelist(staff_client, area__district__id__exact=laoshan.pk)
    assert laoshan_station.name not in response.text


def test_focus_filter_hides_focus_used_only_by_other_district(
    staff_client, shinan_station, laoshan_station
):
    shinan_station.focus = factories.StationFocusFactory(name="新就业群体")
    shinan_station.save()
    laoshan_station.focus = factories.StationFocusFactory(name="特色渔业")
    laoshan_station.save()
    assert "特色渔业" not in filter_choices(changelist(staff_client), "focus")


def test_focus_filter_on_other_district_focus_shows_nothing(staff_client, laoshan_station):
    laoshan_station.focus = factories.StationFocusFactory(name="特色渔业")
    laoshan_station.save()
    response = changelist(staff_client, focus__id__exact=laoshan_station.focus_id)
    assert laoshan_station.name not in response.text


# Search


def test_search_finds_own_station_by_name(staff_client, shinan_station):
    assert listed(changelist(staff_client, q="新就业")) == {shinan_station}


def test_search_by_other_district_station_name_finds_nothing(staff_client, laoshan_station):
    assert listed(changelist(staff_client, q="沙子口")) == set()


def test_search_by_other_district_station_code_finds_nothing(staff_client, laoshan_station):
    assert listed(changelist(staff_client, q=laoshan_station.code)) == set()


# Actions


def run_action(client, action: str, *stations: Station, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in stations], **extra}
    return client.post(CHANGELIST, data)


def test_mark_inactive_marks_own_station(staff_client, shinan_station):
    run_action(staff_client, "mark_inactive", shinan_station)
    shinan_station.refresh_from_db()
    assert not shinan_station.is_active


def test_mark_inactive_leaves_other_district_station(staff_client, laoshan_station):
    run_action(staff_client, "mark_inactive", laoshan_station)
    laoshan_station.refresh_from_db()
    assert laoshan_station.is_active


def test_mark_inactive_on_mixed_selection_touches_only_own_station(
    staff_client, shinan_station, laoshan_station
):
    run_action(staff_client, "mark_inactive", shinan_station, laoshan_station)
    assert set(Station.objects.filter(is_active=False)) == {shinan_station}


def test_mark_inactive_across_all_pages_touches_only_own_district(
    staff_client, shinan_station, laoshan_station
):
    run_action(staff_client, "mark_inactive", shinan_station, select_across="1")
    laoshan_station.refresh_from_db()
    assert laoshan_station.is_active


def test_delete_selected_leaves_other_district_station(staff_client, laoshan_station):
    run_action(staff_client, "delete_selected", laoshan_station, post="yes")
    assert Station.objects.filter(pk=laoshan_station.pk).exists()


def test_delete_selected_confirmation_never_names_other_district_station(
    staff_client, shinan_station, laoshan_station
):
    response = run_action(staff_client, "delete_selected", shinan_station, laoshan_station)
    assert laoshan_station.name not in response.text


def test_delete_selected_deletes_own_station(staff_client, shinan_station):
    run_action(staff_client, "delete_selected", shinan_station, post="yes")
    assert not Station.objects.filter(pk=shinan_station.pk).exists()
