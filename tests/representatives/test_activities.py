"""履职活动: logging with raised issues, idempotent resubmission, scoping and corrections."""

import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from issues.models import Issue, Source
from representatives.models import Activity, ActivityCorrection
from representatives.services import activity_correct
from tests import factories

pytestmark = pytest.mark.django_db


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def post_data(station, key, **extra):
    category = factories.CategoryFactory()
    data = {
        "key": str(key),
        "type": factories.ActivityTypeFactory(name="接待选民", counts_as="reception").pk,
        "station": station.pk,
        "place": "",
        "date": timezone.localdate().isoformat(),
        "start_time": "09:00",
        "duration_minutes": "60",
        "participants": "12",
        "households": "5",
        "summary": "接待选民十二人次",
        "issue-TOTAL_FORMS": "1",
        "issue-INITIAL_FORMS": "0",
        "issue-MIN_NUM_FORMS": "0",
        "issue-MAX_NUM_FORMS": "10",
        "issue-0-category": category.pk,
        "issue-0-text": "小区路灯坏了",
        "issue-0-citizen_name": "王大妈",
        "issue-0-citizen_phone": "13712340000",
    }
    data.update(extra)
    return data


def test_activity_is_logged_with_its_raised_issue(deputy_client, shinan_station):
    response = deputy_client.post(
        reverse("deputy:activity-new"), post_data(shinan_station, uuid.uuid4())
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert list(activity.raised_issues.values_list("source", "station")) == [
        (Source.RECEPTION, shinan_station.pk)
    ]


def test_photo_is_stored_and_served_to_the_deputy(deputy_client, shinan_station):
    data = post_data(shinan_station, uuid.uuid4(), photos=jpeg())
    deputy_client.post(reverse("deputy:activity-new"), data)
    photo = Activity.objects.get().photos.get()
    response = deputy_client.get(reverse("deputy:photo", args=[photo.activity_id, photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_form_sent_back_with_photos_says_they_must_be_chosen_again(deputy_client, shinan_station):
    data = post_data(shinan_station, uuid.uuid4(), photos=jpeg(), participants="")
    response = deputy_client.post(reverse("deputy:activity-new"), data)
    assert response.status_code == 400 and response.context["photos_dropped"]
    assert 'role="status">出于安全考虑，浏览器不会保留已选择的照片' in response.text


def test_same_submission_twice_stores_one_activity_and_one_issue(deputy_client, shinan_station):
    data = post_data(shinan_station, uuid.uuid4())
    first = deputy_client.post(reverse("deputy:activity-new"), data)
    second = deputy_client.post(reverse("deputy:activity-new"), data)
    assert (Activity.objects.count(), Issue.objects.count()) == (1, 1)
    assert first["Location"] == second["Location"]


def test_other_district_activity_is_404(client, laoshan_staff, shinan_deputy_user):
    activity = factories.ActivityFactory(deputy=shinan_deputy_user.deputy)
    client.force_login(laoshan_staff)
    response = client.get(reverse("admin:representatives_activity_change", args=[activity.pk]))
    assert response.status_code == 404


def test_other_deputys_activity_is_404_to_a_deputy(deputy_client, laoshan_deputy_user):
    activity = factories.ActivityFactory(deputy=laoshan_deputy_user.deputy)
    response = deputy_client.get(reverse("deputy:activity", args=[activity.pk]))
    assert response.status_code == 404


def test_deputy_cannot_correct_an_activity(shinan_deputy_user):
    activity = factories.ActivityFactory(deputy=shinan_deputy_user.deputy)
    with pytest.raises(PermissionDenied):
        activity_correct(activity.pk, actor=shinan_deputy_user, participants=99)


def test_other_deputys_key_cannot_read_their_activity(deputy_client, shinan_station, shinan):
    other = factories.DeputyFactory(district=shinan)
    other.user = factories.DeputyUserFactory()
    other.save()
    stored = factories.ActivityFactory(deputy=other)
    data = post_data(shinan_station, stored.idempotency_key)
    response = deputy_client.post(reverse("deputy:activity-new"), data)
    assert response.status_code == 403


def test_staff_correction_is_logged_with_old_and_new_values(shinan_staff, shinan_deputy_user):
    activity = factories.ActivityFactory(deputy=shinan_deputy_user.deputy, participants=10)
    activity_correct(activity.pk, actor=shinan_staff, participants=12)
    correction = ActivityCorrection.objects.get()
    assert (correction.actor, correction.changes) == (shinan_staff, {"participants": ["10", "12"]})


def test_staff_correction_in_the_admin_is_logged(staff_client, shinan_deputy_user):
    activity = factories.ActivityFactory(deputy=shinan_deputy_user.deputy, participants=10)
    url = reverse("admin:representatives_activity_change", args=[activity.pk])
    staff_client.post(
        url,
        {
            "type": activity.type_id,
            "station": "",
            "place": "社区广场",
            "date": activity.date.isoformat(),
            "start_time": "",
            "duration_minutes": "",
            "participants": "15",
            "households": "0",
            "summary": "",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        },
    )
    assert ActivityCorrection.objects.get().changes == {"participants": ["10", "15"]}
