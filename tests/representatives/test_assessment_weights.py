"""Assessment weights (考核权重): kept in the admin by each district's own staff, never below 0."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from representatives.models import AssessmentWeights

CHANGELIST = reverse("admin:representatives_assessmentweights_changelist")
ADD = reverse("admin:representatives_assessmentweights_add")

WEIGHTS = {
    "activities": 30,
    "receptions": 20,
    "trainings": 10,
    "report": 10,
    "issues_on_time": 20,
    "duty_attendance": 10,
}


def change_url(weights: AssessmentWeights) -> str:
    return reverse("admin:representatives_assessmentweights_change", args=[weights.pk])


@pytest.fixture
def shinan_weights(shinan):
    return AssessmentWeights.objects.create(district=shinan, year=2026)


@pytest.fixture
def laoshan_weights(laoshan):
    return AssessmentWeights.objects.create(district=laoshan, year=2026)


def test_defaults_add_up_to_one_hundred(shinan):
    assert AssessmentWeights(district=shinan, year=2026).total == 100


def test_a_negative_weight_is_refused_by_the_database(shinan):
    with pytest.raises(IntegrityError):
        AssessmentWeights.objects.create(district=shinan, year=2026, activities=-1)


def test_all_weights_zero_is_refused(shinan):
    weights = AssessmentWeights(district=shinan, year=2026, **dict.fromkeys(WEIGHTS, 0))
    with pytest.raises(ValidationError):
        weights.full_clean()


def test_one_row_per_district_and_year(shinan, shinan_weights):
    with pytest.raises(IntegrityError):
        AssessmentWeights.objects.create(district=shinan, year=2026)


def test_for_user_gives_staff_their_district_only(shinan_staff, shinan_weights, laoshan_weights):
    assert list(AssessmentWeights.objects.for_user(shinan_staff)) == [shinan_weights]


def test_deputies_see_no_weights_through_for_user(shinan_deputy_user, shinan_weights):
    assert not AssessmentWeights.objects.for_user(shinan_deputy_user).exists()


def test_staff_changelist_lists_own_district_only(staff_client, shinan_weights, laoshan_weights):
    listed = set(staff_client.get(CHANGELIST).context["cl"].result_list)
    assert listed == {shinan_weights}


def test_staff_edit_their_districts_weights(staff_client, shinan, shinan_weights):
    response = staff_client.post(
        change_url(shinan_weights), {"district": shinan.pk, "year": 2026, **WEIGHTS}
    )
    shinan_weights.refresh_from_db()
    assert (response.status_code, shinan_weights.activities) == (302, 30)


def test_staff_cannot_open_other_district_weights(staff_client, laoshan_weights):
    assert staff_client.get(change_url(laoshan_weights)).status_code == 404


def test_staff_cannot_change_other_district_weights(staff_client, laoshan, laoshan_weights):
    staff_client.post(
        change_url(laoshan_weights), {"district": laoshan.pk, "year": 2026, **WEIGHTS}
    )
    laoshan_weights.refresh_from_db()
    assert laoshan_weights.activities == 25


def test_staff_add_weights_for_their_district(staff_client, shinan):
    staff_client.post(ADD, {"district": shinan.pk, "year": 2027, **WEIGHTS})
    assert AssessmentWeights.objects.filter(district=shinan, year=2027).exists()


def test_staff_cannot_add_weights_for_another_district(staff_client, laoshan):
    staff_client.post(ADD, {"district": laoshan.pk, "year": 2027, **WEIGHTS})
    assert not AssessmentWeights.objects.filter(district=laoshan).exists()


def test_add_form_starts_on_the_staff_members_district(staff_client, shinan):
    form = staff_client.get(ADD).context["adminform"].form
    assert form.initial["district"] == shinan.pk


def test_staff_cannot_delete_weights(staff_client, shinan_weights):
    url = reverse("admin:representatives_assessmentweights_delete", args=[shinan_weights.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403


def test_a_negative_weight_is_an_error_in_the_admin_form(staff_client, shinan, shinan_weights):
    response = staff_client.post(
        change_url(shinan_weights),
        {"district": shinan.pk, "year": 2026, **WEIGHTS, "activities": -5},
    )
    assert "activities" in response.context["adminform"].form.errors


def test_deputy_cannot_reach_the_weights_admin(client, shinan_deputy_user):
    client.force_login(shinan_deputy_user)
    assert client.get(CHANGELIST).status_code in (302, 403)
