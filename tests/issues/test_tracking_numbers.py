"""Tracking numbers (挂号 numbers) run on per district and year, without gaps or repeats."""

import threading

import pytest
from django.db import connections

from issues.services import allocate_tracking_number
from tests import factories


@pytest.mark.django_db
def test_numbers_count_up_within_a_district_and_year():
    district = factories.DistrictFactory(name="市南区", code="SN")
    numbers = [allocate_tracking_number(district, year=2026) for _ in range(3)]
    assert numbers == ["SN-2026-000001", "SN-2026-000002", "SN-2026-000003"]


@pytest.mark.django_db
def test_each_district_and_year_has_its_own_sequence():
    shinan = factories.DistrictFactory(name="市南区", code="SN")
    laoshan = factories.DistrictFactory(name="崂山区", code="LS")
    allocate_tracking_number(shinan, year=2026)
    assert allocate_tracking_number(laoshan, year=2026) == "LS-2026-000001"
    assert allocate_tracking_number(shinan, year=2027) == "SN-2027-000001"


@pytest.mark.django_db(transaction=True)
def test_submissions_racing_for_the_years_first_number_get_distinct_numbers():
    district = factories.DistrictFactory(name="市南区", code="SN")
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def take() -> None:
        try:
            barrier.wait()
            numbers.append(allocate_tracking_number(district, year=2030))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(numbers) == [f"SN-2030-00000{n}" for n in range(1, 5)]
