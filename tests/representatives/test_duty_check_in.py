"""进站签到: a deputy checks in for their own shift, today, once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from representatives.services import duty_check_in
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(shinan_deputy_user, shinan_deputy, shinan_station):
    return factories.DutyShiftFactory(
        deputy=shinan_deputy, station=shinan_station, date=timezone.localdate()
    )


def test_deputy_checks_in_for_todays_shift(shift, shinan_deputy_user):
    checked = duty_check_in(shift.pk, actor=shinan_deputy_user)
    shift.refresh_from_db()
    assert shift.checked_in_at == checked.checked_in_at is not None


def test_second_check_in_is_refused(shift, shinan_deputy_user):
    duty_check_in(shift.pk, actor=shinan_deputy_user)
    with pytest.raises(ValidationError):
        duty_check_in(shift.pk, actor=shinan_deputy_user)


def test_check_in_for_another_day_is_refused(shift, shinan_deputy_user):
    shift.date = timezone.localdate() + timedelta(days=1)
    shift.save()
    with pytest.raises(ValidationError):
        duty_check_in(shift.pk, actor=shinan_deputy_user)


def test_another_deputys_shift_is_refused(shift, laoshan_deputy_user):
    with pytest.raises(PermissionDenied):
        duty_check_in(shift.pk, actor=laoshan_deputy_user)


def test_another_deputys_shift_is_404_over_http(shift, client, laoshan_deputy_user):
    client.force_login(laoshan_deputy_user)
    response = client.post(reverse("deputy:check-in", args=[shift.pk]))
    assert response.status_code == 404


def test_station_page_offers_check_in_to_the_deputy_on_duty(shift, deputy_client):
    response = deputy_client.get(reverse("station-public", args=[shift.station.code]))
    assert reverse("deputy:check-in", args=[shift.pk]) in response.content.decode()


def test_station_page_offers_no_check_in_to_the_public(shift, client):
    response = client.get(reverse("station-public", args=[shift.station.code]))
    assert reverse("deputy:check-in", args=[shift.pk]) not in response.content.decode()


def test_home_check_in_records_the_time(shift, deputy_client):
    deputy_client.post(reverse("deputy:check-in", args=[shift.pk]))
    shift.refresh_from_db()
    assert shift.checked_in_at is not None
