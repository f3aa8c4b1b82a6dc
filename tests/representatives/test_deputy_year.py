"""双报到 confirmation, the year's progress against targets, and the my-QR page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from representatives.deputy_selectors import year_progress
from representatives.models import StationAssignment
from representatives.services import assignment_confirm
from tests import factories

pytestmark = pytest.mark.django_db


def test_deputy_confirms_own_registration(deputy_client, shinan_deputy_user):
    assignment = StationAssignment.objects.get(deputy__user=shinan_deputy_user)
    deputy_client.post(reverse("deputy:confirm", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.confirmed_at is not None


def test_deputy_cannot_confirm_anothers_registration(shinan_deputy_user, laoshan_deputy_user):
    assignment = StationAssignment.objects.get(deputy__user=laoshan_deputy_user)
    with pytest.raises(PermissionDenied):
        assignment_confirm(assignment.pk, actor=shinan_deputy_user)


def test_year_progress_counts_by_type(shinan_deputy_user, shinan):
    deputy = shinan_deputy_user.deputy
    year = timezone.localdate().year
    factories.AnnualTargetFactory(district=shinan, year=year, receptions=3)
    # get_or_create: the migration seeds them, but a transactional test may have flushed them.
    reception = factories.ActivityTypeFactory(name="接待选民", counts_as="reception")
    training = factories.ActivityTypeFactory(name="培训", counts_as="training")
    report = factories.ActivityTypeFactory(name="述职", counts_as="report")
    factories.ActivityFactory.create_batch(2, deputy=deputy, type=reception)
    factories.ActivityFactory(deputy=deputy, type=training)
    factories.ActivityFactory(deputy=deputy, type=report)
    factories.ActivityFactory(
        deputy=deputy, type=reception, date=timezone.localdate().replace(year=year - 1)
    )
    progress = year_progress(shinan_deputy_user, deputy, year)
    assert (progress.activities, progress.receptions, progress.trainings, progress.report_done) == (
        4,
        2,
        1,
        True,
    )


def test_fellow_deputy_counts_the_activity_too(shinan_deputy_user, shinan):
    logger = factories.DeputyFactory(district=shinan)
    activity = factories.ActivityFactory(deputy=logger)
    activity.fellow_deputies.add(shinan_deputy_user.deputy)
    progress = year_progress(shinan_deputy_user, shinan_deputy_user.deputy, activity.date.year)
    assert progress.activities == 1


def test_my_year_page_shows_target(deputy_client, shinan):
    factories.AnnualTargetFactory(district=shinan, year=timezone.localdate().year, receptions=7)
    response = deputy_client.get(reverse("deputy:year"))
    assert response.status_code == 200 and response.context["progress"].target.receptions == 7


def test_my_qr_page_links_to_the_public_deputy_page(deputy_client, shinan_deputy_user):
    response = deputy_client.get(reverse("deputy:qr"))
    assert (
        reverse("deputy-public", args=[shinan_deputy_user.deputy.code]) in response.content.decode()
    )
    assert "<svg" in response.content.decode()


def test_deputy_home_lists_todays_duty(deputy_client, shinan_deputy_user, shinan_station):
    factories.DutyShiftFactory(
        deputy=shinan_deputy_user.deputy, station=shinan_station, date=timezone.localdate()
    )
    response = deputy_client.get(reverse("workbench:home"))
    assert len(response.context["todays_shifts"]) == 1


def test_staff_issue_a_login_with_a_temporary_password(staff_client, shinan_deputy):
    response = staff_client.post(
        reverse("admin:representatives_deputy_changelist"),
        {"action": "issue_logins", "_selected_action": [shinan_deputy.pk]},
    )
    shinan_deputy.refresh_from_db()
    password = response.context["issued"][0]["password"]
    assert shinan_deputy.user.role == "deputy" and shinan_deputy.user.check_password(password)
    assert "no-store" in response["Cache-Control"]


def test_deputy_home_queries_stay_flat(
    deputy_client, shinan_deputy_user, shinan_station, django_assert_max_num_queries
):
    deputy = shinan_deputy_user.deputy
    for days in range(5):
        factories.DutyShiftFactory(
            deputy=deputy,
            station=shinan_station,
            date=timezone.localdate() + timezone.timedelta(days=days),
        )
    for _ in range(5):
        factories.issue_in_state(
            "registered", district=deputy.district, station=shinan_station, deputy=deputy
        )
    with django_assert_max_num_queries(12):
        deputy_client.get(reverse("workbench:home"))


def test_my_year_page_reads_the_activities_in_two_queries(
    deputy_client, shinan_deputy_user, shinan, shinan_station, django_assert_max_num_queries
):
    deputy = shinan_deputy_user.deputy
    today = timezone.localdate()
    reception = factories.ActivityTypeFactory(name="接待选民", counts_as="reception")
    training = factories.ActivityTypeFactory(name="培训", counts_as="training")
    visit = factories.ActivityTypeFactory(name="走访")
    factories.ActivityFactory.create_batch(2, deputy=deputy, type=reception, date=today)
    factories.ActivityFactory(deputy=deputy, type=visit, date=today)
    at_station = factories.ActivityFactory(
        deputy=deputy, type=training, date=today, station=shinan_station
    )
    elsewhere = factories.ActivityFactory(
        deputy=deputy, type=training, date=today, station=None, place="区委党校"
    )
    url = reverse("deputy:year")
    deputy_client.get(url)  # the kept target and deputy record
    with django_assert_max_num_queries(4) as captured:
        response = deputy_client.get(url)
    activity_queries = [q for q in captured.captured_queries if "_activity" in q["sql"]]
    assert len(activity_queries) == 2
    progress = response.context["progress"]
    assert (progress.activities, progress.receptions, progress.trainings) == (5, 2, 2)
    assert [(row["type__name"], row["count"]) for row in progress.by_type] == [
        ("培训", 2),
        ("接待选民", 2),
        ("走访", 1),
    ]
    html = response.text
    for activity, venue in ((at_station, shinan_station.name), (elsewhere, "区委党校")):
        link = reverse("deputy:activity", args=[activity.pk])
        assert f'<a href="{link}">{today:%Y-%m-%d} · {venue}</a>' in html
