"""Staff and deputies enter issues heard at receptions, on the hotline or at monthly talks."""

import pytest
from django.urls import reverse

from issues.models import Issue, IssueEvent, Source, State
from tests import factories

pytestmark = pytest.mark.django_db

NEW = "/work/issues/new/"


@pytest.fixture
def category(db):
    return factories.CategoryFactory(name="道路交通")


def form_data(category, **fields) -> dict:
    return {
        "source": Source.HOTLINE,
        "category": category.pk,
        "text": "夜间渣土车噪音扰民。",
        "place": "香港中路",
        "citizen_name": "刘女士",
        "citizen_phone": "13698765432",
        **fields,
    }


def test_url_is_stable():
    assert reverse("workbench:issue-create") == NEW


def test_staff_record_a_hotline_call_without_a_station(staff_client, shinan, category):
    staff_client.post(NEW, form_data(category))
    issue = Issue.objects.get()
    assert (issue.district, issue.station, issue.state) == (shinan, None, State.SUBMITTED)


def test_the_source_channel_is_recorded(staff_client, category):
    staff_client.post(NEW, form_data(category, source=Source.MONTHLY_TALK))
    assert Issue.objects.get().source == Source.MONTHLY_TALK


def test_the_submit_event_names_who_entered_it(staff_client, shinan_staff, category):
    staff_client.post(NEW, form_data(category))
    assert IssueEvent.objects.get(action="submit").actor == shinan_staff


def test_after_entering_the_user_sees_the_new_issue(staff_client, category):
    response = staff_client.post(NEW, form_data(category))
    assert response["Location"] == reverse("workbench:issue-detail", args=[Issue.objects.get().pk])


def test_the_district_comes_from_the_station(admin_client, laoshan, laoshan_station, category):
    admin_client.post(NEW, form_data(category, station=laoshan_station.pk))
    assert Issue.objects.get().district == laoshan


def test_superuser_without_a_station_must_name_the_district(admin_client, category):
    response = admin_client.post(NEW, form_data(category))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_source_must_be_a_channel_of_staff_or_deputies(staff_client, category):
    response = staff_client.post(NEW, form_data(category, source=Source.STATION_QR))
    assert response.status_code == 400


def test_source_is_required(staff_client, category):
    assert staff_client.post(NEW, form_data(category, source="")).status_code == 400


def test_staff_may_not_choose_a_station_of_another_district(
    staff_client, laoshan_station, category
):
    response = staff_client.post(NEW, form_data(category, station=laoshan_station.pk))
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_deputy_of_another_district_is_refused(staff_client, laoshan_deputy, category):
    response = staff_client.post(NEW, form_data(category, deputy=laoshan_deputy.pk))
    assert response.status_code == 400


def test_phone_must_be_a_mobile_number(staff_client, category):
    response = staff_client.post(NEW, form_data(category, citizen_phone="12345"))
    assert response.status_code == 400


def test_citizen_contact_is_optional(staff_client, category):
    staff_client.post(NEW, form_data(category, citizen_name="", citizen_phone=""))
    assert Issue.objects.get().is_anonymous


def test_deputy_records_a_reception_at_their_station(
    client, shinan_deputy_user, shinan_station, category
):
    client.force_login(shinan_deputy_user)
    client.post(
        NEW,
        form_data(
            category,
            source=Source.RECEPTION,
            station=shinan_station.pk,
            deputy=shinan_deputy_user.deputy.pk,
        ),
    )
    issue = Issue.objects.get()
    assert (issue.station, issue.deputy.user, issue.source) == (
        shinan_station,
        shinan_deputy_user,
        Source.RECEPTION,
    )


def test_deputy_must_choose_one_of_their_stations(client, shinan_deputy_user, category):
    client.force_login(shinan_deputy_user)
    assert client.post(NEW, form_data(category)).status_code == 400


def test_deputy_is_offered_only_their_stations(client, shinan_deputy_user, shinan_station, shinan):
    factories.StationFactory(area=factories.SubdistrictFactory(parent=shinan))
    client.force_login(shinan_deputy_user)
    stations = client.get(NEW).context["form"].fields["station"].queryset
    assert list(stations) == [shinan_station]


def test_deputys_own_record_is_preselected(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    form = client.get(NEW).context["form"]
    assert form.fields["deputy"].initial == shinan_deputy_user.deputy.pk


def test_blocklisted_phone_is_stored_but_flagged(staff_client, shinan_staff, category):
    factories.BlockedPhoneFactory(phone="13698765432", created_by=shinan_staff)
    staff_client.post(NEW, form_data(category))
    assert Issue.objects.get().is_flagged
