"""Deputy admin: 市南 staff cannot list, open, choose or change a 崂山 deputy by any admin URL."""

import pytest
from django.urls import reverse

from representatives.models import Deputy
from tests import factories
from tests.admin_forms import autocomplete_texts, form_data, inline_row

CHANGELIST = reverse("admin:representatives_deputy_changelist")
ADD = reverse("admin:representatives_deputy_add")


def url(view: str, deputy: Deputy) -> str:
    return reverse(f"admin:representatives_deputy_{view}", args=[deputy.pk])


def changelist(client, **params):
    return client.get(CHANGELIST, params)


def listed(response) -> set[Deputy]:
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


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


# Changelist


def test_changelist_lists_own_district_deputy(staff_client, shinan_deputy, laoshan_deputy):
    assert listed(changelist(staff_client)) == {shinan_deputy}


def test_changelist_never_names_other_district_deputy(staff_client, shinan_deputy, laoshan_deputy):
    assert laoshan_deputy.name not in changelist(staff_client).text


def test_superuser_changelist_lists_both_districts(admin_client, shinan_deputy, laoshan_deputy):
    assert listed(changelist(admin_client)) == {shinan_deputy, laoshan_deputy}


# Object pages


def test_district_staff_can_open_own_deputy(staff_client, shinan_deputy):
    assert staff_client.get(url("change", shinan_deputy)).status_code == 200


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_district_staff_cannot_open_other_district_deputy(
    staff_client, laoshan_deputy, view, method
):
    response = getattr(staff_client, method)(url(view, laoshan_deputy))
    assert response.status_code == 404


def test_post_to_other_district_deputy_changes_nothing(staff_client, admin_client, laoshan_deputy):
    data = form_data(admin_client, url("change", laoshan_deputy))
    staff_client.post(url("change", laoshan_deputy), {**data, "name": "被改名的代表"})
    laoshan_deputy.refresh_from_db()
    assert laoshan_deputy.name == "李崂山"


def test_delete_post_leaves_other_district_deputy(staff_client, laoshan_deputy):
    staff_client.post(url("delete", laoshan_deputy), {"post": "yes"})
    assert Deputy.objects.filter(pk=laoshan_deputy.pk).exists()


# Form choices


def test_own_deputy_saves_unchanged(staff_client, shinan_deputy):
    data = form_data(staff_client, url("change", shinan_deputy))
    assert staff_client.post(url("change", shinan_deputy), data).status_code == 302


def test_district_staff_cannot_move_own_deputy_to_other_district(
    staff_client, shinan_deputy, laoshan
):
    data = form_data(staff_client, url("change", shinan_deputy))
    response = staff_client.post(url("change", shinan_deputy), {**data, "district": laoshan.pk})
    assert "district" in form_errors(response)
    assert Deputy.objects.get(pk=shinan_deputy.pk).district_id == shinan_deputy.district_id


def test_district_staff_cannot_add_deputy_to_other_district(staff_client, laoshan):
    data = form_data(staff_client, ADD) | {"name": "越界代表", "district": laoshan.pk}
    response = staff_client.post(ADD, data)
    assert "district" in form_errors(response)
    assert not Deputy.objects.filter(name="越界代表").exists()


def test_district_staff_can_add_deputy_to_own_district(staff_client, shinan):
    data = form_data(staff_client, ADD) | {"name": "王新", "district": shinan.pk}
    staff_client.post(ADD, data)
    assert Deputy.objects.get(name="王新").district == shinan


def test_district_staff_can_register_own_deputy_at_own_station(
    staff_client, shinan_deputy, shinan_station
):
    data = form_data(staff_client, url("change", shinan_deputy))
    data = inline_row(data, "assignments", station=shinan_station.pk, role="home")
    staff_client.post(url("change", shinan_deputy), data)
    assert shinan_deputy.assignments.get().station == shinan_station


def test_district_staff_cannot_register_own_deputy_at_other_district_station(
    staff_client, shinan_deputy, laoshan_station
):
    data = form_data(staff_client, url("change", shinan_deputy))
    data = inline_row(data, "assignments", station=laoshan_station.pk, role="home")
    response = staff_client.post(url("change", shinan_deputy), data)
    assignments = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "assignments"
    )
    assert "station" in assignments.errors[0]
    assert not shinan_deputy.assignments.exists()


def test_district_staff_cannot_link_a_login_account(staff_client, shinan_deputy, laoshan_staff):
    """Accounts are kept by superusers: the field is shown, but a submitted choice is ignored."""
    data = form_data(staff_client, url("change", shinan_deputy))
    staff_client.post(url("change", shinan_deputy), {**data, "user": laoshan_staff.pk})
    shinan_deputy.refresh_from_db()
    assert shinan_deputy.user is None


def test_superuser_can_link_a_login_account(admin_client, shinan_deputy):
    account = factories.DeputyUserFactory()
    data = form_data(admin_client, url("change", shinan_deputy))
    admin_client.post(url("change", shinan_deputy), {**data, "user": account.pk})
    shinan_deputy.refresh_from_db()
    assert shinan_deputy.user == account


# Autocomplete


def deputy_autocomplete(
    client, term: str, source: tuple[str, str] = ("representatives", "stationassignment")
) -> list[str]:
    app_label, model_name = source
    return autocomplete_texts(
        client, app_label=app_label, model_name=model_name, field_name="deputy", term=term
    )


def test_deputy_autocomplete_offers_own_district_deputy(
    staff_client, shinan_deputy, laoshan_deputy
):
    assert deputy_autocomplete(staff_client, "") == ["张市南"]


def test_deputy_autocomplete_finds_nothing_by_other_district_deputy_name(
    staff_client, laoshan_deputy
):
    assert deputy_autocomplete(staff_client, "李崂山") == []


def test_deputy_autocomplete_finds_nothing_by_other_district_phone_tail(
    staff_client, laoshan_deputy
):
    assert deputy_autocomplete(staff_client, "2222") == []


def test_duty_roster_deputy_autocomplete_hides_other_district_deputy(staff_client, laoshan_deputy):
    assert deputy_autocomplete(staff_client, "李", source=("stations", "dutyshift")) == []


def test_group_leader_autocomplete_hides_other_district_deputy(staff_client, laoshan_deputy):
    texts = autocomplete_texts(
        staff_client,
        app_label="representatives",
        model_name="deputygroup",
        field_name="leader",
        term="李",
    )
    assert texts == []


def test_group_members_autocomplete_hides_other_district_deputy(staff_client, laoshan_deputy):
    texts = autocomplete_texts(
        staff_client,
        app_label="representatives",
        model_name="deputygroup",
        field_name="members",
        term="李",
    )
    assert texts == []


def test_district_autocomplete_offers_only_own_district(staff_client, shinan, laoshan):
    texts = autocomplete_texts(
        staff_client,
        app_label="representatives",
        model_name="deputy",
        field_name="district",
        term="区",
    )
    assert texts == ["市南区"]


def test_login_account_autocomplete_is_forbidden_to_district_staff(staff_client, laoshan_staff):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "representatives", "model_name": "deputy", "field_name": "user"},
    )
    assert response.status_code == 403


# Filters


def test_district_filter_offers_only_own_district(staff_client, shinan_deputy, laoshan_deputy):
    assert filter_choices(changelist(staff_client), "district") == ["市南区"]


def test_crafted_district_filter_shows_nothing_of_other_district(
    staff_client, laoshan, laoshan_deputy
):
    assert listed(changelist(staff_client, district=laoshan.pk)) == set()


def test_crafted_district_lookup_shows_nothing_of_other_district(
    staff_client, laoshan, laoshan_deputy
):
    response = changelist(staff_client, district__id__exact=laoshan.pk)
    assert laoshan_deputy.name not in response.text


def test_specialty_filter_hides_specialty_held_only_in_other_district(
    staff_client, shinan_deputy, laoshan_deputy
):
    shinan_deputy.specialties.add(factories.SpecialtyFactory(name="法律"))
    laoshan_deputy.specialties.add(factories.SpecialtyFactory(name="海洋科学"))
    assert "海洋科学" not in filter_choices(changelist(staff_client), "specialties")


def test_ambassador_filter_hides_role_held_only_in_other_district(
    staff_client, shinan_deputy, laoshan_deputy
):
    shinan_deputy.ambassador_roles.add(factories.AmbassadorRoleFactory(name="健康大使"))
    laoshan_deputy.ambassador_roles.add(factories.AmbassadorRoleFactory(name="法援大使"))
    assert "法援大使" not in filter_choices(changelist(staff_client), "ambassador_roles")


def test_specialty_filter_on_other_district_specialty_shows_nothing(staff_client, laoshan_deputy):
    specialty = factories.SpecialtyFactory(name="海洋科学")
    laoshan_deputy.specialties.add(specialty)
    assert listed(changelist(staff_client, specialties__id__exact=specialty.pk)) == set()


# Search


def test_search_finds_own_deputy_by_name(staff_client, shinan_deputy):
    assert listed(changelist(staff_client, q="张市南")) == {shinan_deputy}


def test_search_by_other_district_deputy_name_finds_nothing(staff_client, laoshan_deputy):
    assert listed(changelist(staff_client, q="李崂山")) == set()


def test_search_by_other_district_deputy_code_finds_nothing(staff_client, laoshan_deputy):
    assert listed(changelist(staff_client, q=laoshan_deputy.code)) == set()


def test_search_by_other_district_phone_tail_finds_nothing(staff_client, laoshan_deputy):
    assert listed(changelist(staff_client, q="2222")) == set()


# Actions


def test_delete_selected_leaves_other_district_deputy(staff_client, laoshan_deputy):
    staff_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [laoshan_deputy.pk], "post": "yes"},
    )
    assert Deputy.objects.filter(pk=laoshan_deputy.pk).exists()


def test_delete_selected_on_mixed_selection_deletes_only_own_deputy(
    staff_client, shinan_deputy, laoshan_deputy
):
    staff_client.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [shinan_deputy.pk, laoshan_deputy.pk],
            "post": "yes",
        },
    )
    assert set(Deputy.objects.all()) == {laoshan_deputy}
