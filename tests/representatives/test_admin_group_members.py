"""The group admin checks the submitted leader and members, on add as well as on change."""

from django.urls import reverse

from representatives.models import DeputyGroup
from tests import factories
from tests.admin_forms import form_data

ADD = reverse("admin:representatives_deputygroup_add")


def change_url(group: DeputyGroup) -> str:
    return reverse("admin:representatives_deputygroup_change", args=[group.pk])


def post(client, url: str, **changes):
    return client.post(url, form_data(client, url) | changes)


def members_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("members", [])


def test_new_group_with_leader_among_members_is_saved(staff_client, shinan_station, shinan):
    leader, member = factories.DeputyFactory.create_batch(2, district=shinan)
    post(
        staff_client,
        ADD,
        name="八大关代表组",
        kind="group",
        area=shinan_station.area_id,
        leader=leader.pk,
        members=[leader.pk, member.pk],
    )
    assert DeputyGroup.objects.get(name="八大关代表组").leader == leader


def test_new_group_with_leader_outside_members_is_rejected(staff_client, shinan_station, shinan):
    leader, member = factories.DeputyFactory.create_batch(2, district=shinan)
    response = post(
        staff_client,
        ADD,
        name="八大关代表组",
        kind="group",
        area=shinan_station.area_id,
        leader=leader.pk,
        members=[member.pk],
    )
    assert members_errors(response)


def test_new_leader_outside_members_is_rejected(staff_client, shinan_station, shinan):
    old_leader, new_leader = factories.DeputyFactory.create_batch(2, district=shinan)
    group = factories.DeputyGroupFactory(area=shinan_station.area, leader=old_leader)
    group.members.set([old_leader])
    response = post(staff_client, change_url(group), leader=new_leader.pk)
    assert members_errors(response)


def test_superuser_cannot_add_group_with_members_of_another_district(
    admin_client, shinan_station, laoshan_deputy
):
    response = post(
        admin_client,
        ADD,
        name="混合组",
        kind="group",
        area=shinan_station.area_id,
        members=[laoshan_deputy.pk],
    )
    assert members_errors(response)


def test_superuser_cannot_move_group_away_from_its_members(
    admin_client, shinan_deputy, laoshan_station
):
    group = factories.DeputyGroupFactory(
        area=factories.SubdistrictFactory(parent=shinan_deputy.district)
    )
    group.members.set([shinan_deputy])
    response = post(admin_client, change_url(group), area=laoshan_station.area_id)
    assert members_errors(response)
