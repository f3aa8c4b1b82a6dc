"""A deputy's record and what they may see are kept between requests, and never go stale.

Every page of a deputy's phone looks up their deputy record and, for the issues, the
stations they are registered at. Both are kept in the cache (`portal.choices.kept_value`)
and forgotten when a deputy or a registration is saved or deleted, so that a deputy
moved off a station stops seeing its issues on their next request.
"""

import pytest
from django.urls import reverse

from issues.models import Issue
from representatives import deputy_selectors as selectors
from representatives.models import StationAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def detail(issue: Issue) -> str:
    return reverse("workbench:issue-detail", args=[issue.pk])


@pytest.fixture
def station_issue(shinan, shinan_station):
    return factories.issue_in_state("in_progress", district=shinan, station=shinan_station)


def test_leaving_a_station_hides_its_issues_at_once(deputy_client, shinan_deputy, station_issue):
    assert deputy_client.get(detail(station_issue)).status_code == 200
    assert deputy_client.get(detail(station_issue)).status_code == 200  # from the kept scope
    StationAssignment.objects.filter(deputy=shinan_deputy).delete()
    assert deputy_client.get(detail(station_issue)).status_code == 404
    listed = [issue.pk for issue in deputy_client.get("/work/mine/").context["issues"]]
    assert station_issue.pk not in listed


def test_joining_a_station_shows_its_issues_at_once(deputy_client, shinan, shinan_deputy):
    other = factories.StationFactory(area=shinan)
    issue = factories.issue_in_state("in_progress", district=shinan, station=other)
    assert deputy_client.get(detail(issue)).status_code == 404
    factories.StationAssignmentFactory(deputy=shinan_deputy, station=other)
    assert deputy_client.get(detail(issue)).status_code == 200


def test_an_unlinked_login_loses_the_deputy_pages_at_once(deputy_client, shinan_deputy):
    home = reverse("deputy:year")
    assert deputy_client.get(home).status_code == 200
    shinan_deputy.user = None
    shinan_deputy.save()
    assert deputy_client.get(home).status_code == 403


def test_a_login_linked_to_another_deputy_is_that_deputy(shinan, shinan_deputy_user):
    first = selectors.deputy_for(shinan_deputy_user)
    other = factories.DeputyFactory(name="王新", district=shinan)
    first.user = None
    first.save()
    other.user = shinan_deputy_user
    other.save()
    found = selectors.deputy_for(shinan_deputy_user)
    assert found == other and found.user is shinan_deputy_user


def test_the_kept_record_holds_no_phone_number(shinan_deputy, shinan_deputy_user):
    selectors.deputy_for(shinan_deputy_user)
    kept = selectors.deputy_for(shinan_deputy_user)
    assert kept == shinan_deputy and kept.district.name == shinan_deputy.district.name
    assert "phone" in kept.get_deferred_fields()
    assert kept.phone == "13800001111"  # read from the database when asked for


def test_without_the_cache_both_are_read_each_time(
    cache_down, deputy_client, shinan_deputy, station_issue
):
    assert deputy_client.get(detail(station_issue)).status_code == 200
    StationAssignment.objects.filter(deputy=shinan_deputy).delete()
    assert deputy_client.get(detail(station_issue)).status_code == 404
