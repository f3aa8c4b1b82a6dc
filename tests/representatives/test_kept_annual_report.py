"""An annual report, opened again, reads from the cache, and never shows a stale head.

The report's head (the deputy's levels, resident stations and groups) is kept
(`portal.choices.kept_value`) until a deputy, mandate, registration, station or group, or a
group's members, change: the next opening shows the change. The activities by type and the
trainings are kept with the score's figures (`assessment.deputy_standing`): the report is one
snapshot as of the time it states, until a refresh.
"""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from representatives.assessment import ReportFacts
from representatives.models import Level, StationAssignment
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = date.today().year
# The tables an opened report's head and activities are read from.
HEAD_AND_ACTIVITY_TABLES = (
    '"representatives_mandate"',
    '"representatives_stationassignment"',
    '"representatives_deputygroup',  # the group and its members' table
    '"representatives_activity"',
)


def report_url(deputy) -> str:
    return reverse("assessment:report", args=[deputy.pk, YEAR])


def without_csrf(html: str) -> str:
    """The page without its CSRF token (the sign-out form's), which each response masks anew."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def facts_of(client, deputy):
    return client.get(report_url(deputy)).context["facts"]


@pytest.fixture
def training(db):
    return factories.ActivityTypeFactory(name="履职培训", counts_as="training")


def test_an_opened_report_reads_neither_its_head_nor_its_activities_again(
    staff_client, shinan_deputy, shinan_station, training, django_assert_max_num_queries
):
    factories.MandateFactory(deputy=shinan_deputy)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    factories.DeputyGroupFactory(area=shinan_station.area).members.add(shinan_deputy)
    factories.ActivityFactory(deputy=shinan_deputy, type=training, date=date(YEAR, 1, 2))
    first = staff_client.get(report_url(shinan_deputy))
    # The session's user and the deputy (the scope check) are all that is read.
    with django_assert_max_num_queries(3) as captured:
        again = staff_client.get(report_url(shinan_deputy))
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert not [table for table in HEAD_AND_ACTIVITY_TABLES if table in read]
    assert without_csrf(again.text) == without_csrf(first.text)


def test_a_new_mandate_heads_the_report_at_once(staff_client, shinan_deputy):
    factories.MandateFactory(deputy=shinan_deputy, level=Level.COUNTY, electoral_unit="第一选区")
    assert facts_of(staff_client, shinan_deputy).mandates == [("county", "第一选区")]
    factories.MandateFactory(deputy=shinan_deputy, level=Level.CITY, electoral_unit="市南团")
    assert facts_of(staff_client, shinan_deputy).mandates == [
        ("city", "市南团"),
        ("county", "第一选区"),
    ]


def test_joining_and_leaving_a_group_show_at_once(staff_client, shinan_deputy, shinan_station):
    group = factories.DeputyGroupFactory(name="八大关代表组", area=shinan_station.area)
    assert facts_of(staff_client, shinan_deputy).groups == []
    group.members.add(shinan_deputy)
    assert facts_of(staff_client, shinan_deputy).groups == ["八大关代表组"]
    shinan_deputy.deputy_groups.remove(group)
    assert facts_of(staff_client, shinan_deputy).groups == []


def test_a_renamed_group_or_station_shows_at_once(staff_client, shinan_deputy, shinan_station):
    group = factories.DeputyGroupFactory(name="八大关代表组", area=shinan_station.area)
    group.members.add(shinan_deputy)
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    assert facts_of(staff_client, shinan_deputy).groups == ["八大关代表组"]
    group.name = "金门路代表组"
    group.save()
    assert facts_of(staff_client, shinan_deputy).groups == ["金门路代表组"]
    shinan_station.name = "金门路代表联络站"
    shinan_station.save()
    assert facts_of(staff_client, shinan_deputy).stations == ["金门路代表联络站"]


def test_a_registration_turned_home_community_leaves_the_report_at_once(
    staff_client, shinan_deputy, shinan_station
):
    assignment = factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    assert shinan_station.name in staff_client.get(report_url(shinan_deputy)).text
    assignment.role = StationAssignment.Role.HOME
    assignment.save()
    assert shinan_station.name not in staff_client.get(report_url(shinan_deputy)).text


def test_the_kept_levels_are_written_in_the_readers_language(staff_client, shinan_deputy):
    factories.MandateFactory(deputy=shinan_deputy, level=Level.COUNTY, electoral_unit="第一选区")
    assert "区（县）人大代表 (第一选区)" in staff_client.get(report_url(shinan_deputy)).text
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "district/county (区县) (第一选区)" in staff_client.get(report_url(shinan_deputy)).text


def test_the_head_is_read_with_the_cache_down(
    cache_down, staff_client, shinan_deputy, shinan_station
):
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=shinan_station)
    assert facts_of(staff_client, shinan_deputy).stations == [shinan_station.name]


def test_a_training_shows_with_its_count_after_a_refresh(staff_client, shinan_deputy, training):
    factories.ActivityFactory(
        deputy=shinan_deputy, type=training, date=date(YEAR, 1, 2), place="区委党校"
    )

    def trainings(**params) -> tuple[list[str], int]:
        context = staff_client.get(report_url(shinan_deputy), params).context
        return [t.venue for t in context["details"].trainings], context["row"].n_trainings

    assert trainings() == (["区委党校"], 1)
    factories.ActivityFactory(
        deputy=shinan_deputy, type=training, date=date(YEAR, 1, 3), place="市人大"
    )
    # Kept as one snapshot: the list and the count the score used agree until a refresh.
    assert trainings() == (["区委党校"], 1)
    assert trainings(refresh="1") == (["区委党校", "市人大"], 2)


def test_a_level_code_no_longer_known_shows_as_stored():
    # As get_level_display does: a stray code is shown, not a server error.
    facts = ReportFacts(mandates=[("county", "第一选区"), ("ward", "")], stations=[], groups=[])
    with translation.override("en"):
        assert [(str(level), unit) for level, unit in facts.levels] == [
            ("district/county (区县)", "第一选区"),
            ("ward", ""),
        ]
