"""Area admin: staff keep their district's subdistricts and communities, never the district."""

from django.urls import reverse

from portal.models import Area
from tests import factories
from tests.admin_forms import autocomplete_texts, form_data

ADD = reverse("admin:portal_area_add")


def url(view: str, area: Area) -> str:
    return reverse(f"admin:portal_area_{view}", args=[area.pk])


def test_district_staff_may_view_own_district(staff_client, shinan):
    assert staff_client.get(url("change", shinan)).status_code == 200


def test_district_staff_may_not_rename_own_district(staff_client, shinan):
    response = staff_client.post(url("change", shinan), {"name": "改名区", "level": "district"})
    assert response.status_code == 403


def test_district_staff_may_not_delete_own_district(staff_client, shinan):
    assert staff_client.post(url("delete", shinan), {"post": "yes"}).status_code == 403


def test_district_staff_may_not_delete_own_subdistrict(staff_client, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    assert staff_client.post(url("delete", street), {"post": "yes"}).status_code == 403


def test_district_staff_may_rename_own_subdistrict(staff_client, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    staff_client.post(
        url("change", street), form_data(staff_client, url("change", street)) | {"name": "新名街道"}
    )
    street.refresh_from_db()
    assert street.name == "新名街道"


def test_district_staff_are_not_offered_the_district_level(staff_client, shinan):
    form = staff_client.get(ADD).context["adminform"].form
    assert Area.Level.DISTRICT not in dict(form.fields["level"].choices)


def test_district_staff_cannot_create_a_district(staff_client, shinan):
    data = form_data(staff_client, ADD) | {"name": "新区", "level": "district"}
    response = staff_client.post(ADD, data)
    assert "level" in response.context["adminform"].form.errors


def test_district_staff_cannot_move_own_subdistrict_to_other_district(
    staff_client, shinan, laoshan
):
    street = factories.SubdistrictFactory(parent=shinan)
    data = form_data(staff_client, url("change", street)) | {"parent": laoshan.pk}
    response = staff_client.post(url("change", street), data)
    assert "parent" in response.context["adminform"].form.errors


def test_parent_autocomplete_offers_only_own_district_areas(staff_client, shinan, laoshan):
    factories.SubdistrictFactory(name="八大关街道", parent=shinan)
    factories.SubdistrictFactory(name="沙子口街道", parent=laoshan)
    texts = autocomplete_texts(
        staff_client, app_label="portal", model_name="area", field_name="parent", term=""
    )
    assert set(texts) == {"市南区", "市南区·八大关街道"}


def test_station_area_autocomplete_finds_no_other_district_community(staff_client, laoshan):
    street = factories.SubdistrictFactory(name="王哥庄街道", parent=laoshan)
    factories.CommunityFactory(name="港东社区", parent=street)
    texts = autocomplete_texts(
        staff_client, app_label="stations", model_name="station", field_name="area", term="港东"
    )
    assert texts == []
