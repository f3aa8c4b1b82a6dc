"""Every filter of the issue list narrows it as named; sorting and pages keep to a whitelist."""

from datetime import timedelta

import pytest
from django.utils import timezone

from issues.models import Source
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/work/issues/"


def listed(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [issue.tracking_number for issue in response.context["issues"]]


def make(district, state="registered", **fields):
    return factories.issue_in_state(state, district=district, **fields)


def test_state_filter_takes_several_states(staff_client, shinan):
    registered = make(shinan, "registered")
    answered = make(shinan, "answered")
    make(shinan, "closed")
    found = listed(staff_client, state=["registered", "answered"])
    assert sorted(found) == sorted([registered.tracking_number, answered.tracking_number])


def test_superuser_filters_by_district(admin_client, shinan, laoshan):
    make(shinan)
    ours = make(laoshan)
    assert listed(admin_client, district=laoshan.pk) == [ours.tracking_number]


def test_district_filter_is_not_offered_to_district_staff(staff_client):
    assert "district" not in staff_client.get(LIST).context["filterset"].form.fields


def test_subdistrict_filter_includes_stations_of_its_communities(staff_client, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    on_street = make(shinan, station=factories.StationFactory(area=street))
    community = factories.CommunityFactory(parent=street)
    in_community = make(shinan, station=factories.StationFactory(area=community))
    make(shinan, station=factories.StationFactory(area=factories.SubdistrictFactory(parent=shinan)))
    found = listed(staff_client, subdistrict=street.pk)
    assert sorted(found) == sorted([on_street.tracking_number, in_community.tracking_number])


def test_subdistrict_choices_are_the_users_district_only(staff_client, shinan, laoshan):
    factories.SubdistrictFactory(parent=laoshan, name="沙子口街道")
    ours = factories.SubdistrictFactory(parent=shinan, name="八大关街道")
    choices = staff_client.get(LIST).context["filterset"].form.fields["subdistrict"].queryset
    assert list(choices) == [ours]


def test_station_filter(staff_client, shinan, shinan_station, shinan_issue):
    make(shinan)
    assert listed(staff_client, station=shinan_station.pk) == [shinan_issue.tracking_number]


def test_station_choices_are_the_users_district_only(staff_client, shinan_station, laoshan_station):
    response = staff_client.get(LIST, {"station": shinan_station.pk})
    choices = response.context["filterset"].form.fields["station"].queryset
    assert list(choices) == [shinan_station]


def test_station_name_search_filter(staff_client, shinan, shinan_station, shinan_issue):
    make(shinan, station=factories.StationFactory(name="别的联络站"))
    assert listed(staff_client, station_name="新就业") == [shinan_issue.tracking_number]


def test_deputy_name_search_filter(staff_client, shinan, shinan_deputy):
    ours = make(shinan, deputy=shinan_deputy)
    make(shinan, deputy=factories.DeputyFactory(name="王其他", district=shinan))
    assert listed(staff_client, deputy_name="市南") == [ours.tracking_number]


def test_list_page_does_not_offer_every_deputy_and_station_as_an_option(staff_client, shinan):
    street = factories.SubdistrictFactory(parent=shinan)
    for number in range(5):
        factories.DeputyFactory(name=f"代表{number}号", district=shinan)
        factories.StationFactory(name=f"联络站{number}号", area=street)
    html = staff_client.get(LIST).content.decode()
    assert "代表3号" not in html
    assert "联络站3号" not in html


def test_a_chosen_deputy_is_the_one_option_beside_all(staff_client, shinan, shinan_deputy):
    factories.DeputyFactory(name="王其他", district=shinan)
    html = staff_client.get(LIST, {"deputy": shinan_deputy.pk}).content.decode()
    assert f'<option value="{shinan_deputy.pk}" selected>张市南</option>' in html
    assert "王其他" not in html


def test_category_filter(staff_client, shinan):
    roads = factories.CategoryFactory(name="道路交通")
    ours = make(shinan, category=roads)
    make(shinan)
    assert listed(staff_client, category=roads.pk) == [ours.tracking_number]


def test_deputy_filter(staff_client, shinan, shinan_deputy):
    ours = make(shinan, deputy=shinan_deputy)
    make(shinan)
    assert listed(staff_client, deputy=shinan_deputy.pk) == [ours.tracking_number]


def test_department_filter(staff_client, shinan, shinan_department):
    ours = make(shinan, "transferred", department=shinan_department)
    make(shinan, "transferred", department=factories.DepartmentFactory(district=shinan))
    assert listed(staff_client, department=shinan_department.pk) == [ours.tracking_number]


def test_overdue_filter_finds_open_issues_past_their_deadline(staff_client, shinan):
    past = timezone.now() - timedelta(days=1)
    late = make(shinan, "in_progress", deadline=past)
    make(shinan, "answered", deadline=past)  # answered: no longer overdue
    make(shinan, "in_progress")
    assert listed(staff_client, overdue="yes") == [late.tracking_number]


def test_not_overdue_filter_is_the_rest(staff_client, shinan):
    make(shinan, "in_progress", deadline=timezone.now() - timedelta(days=1))
    on_time = make(shinan, "in_progress")
    submitted = make(shinan, "submitted")
    found = listed(staff_client, overdue="no")
    assert sorted(found) == sorted([on_time.tracking_number, submitted.tracking_number])


def test_due_within_finds_open_issues_due_soon(staff_client, shinan):
    soon = make(shinan, deadline=timezone.now() + timedelta(days=2))
    make(shinan, deadline=timezone.now() + timedelta(days=10))
    make(shinan, deadline=timezone.now() - timedelta(days=1))  # already overdue
    assert listed(staff_client, due_within=3) == [soon.tracking_number]


def test_due_within_refuses_nonsense(staff_client, shinan):
    make(shinan)
    response = staff_client.get(LIST, {"due_within": "-4"})
    assert "due_within" in response.context["filterset"].errors


def test_source_filter(staff_client, shinan):
    hotline = make(shinan, source=Source.HOTLINE)
    make(shinan, source=Source.STATION_QR)
    assert listed(staff_client, source="hotline") == [hotline.tracking_number]


def test_submitted_date_range(staff_client, shinan):
    now = timezone.now()
    inside = make(shinan, submitted_at=now - timedelta(days=5))
    make(shinan, submitted_at=now - timedelta(days=20))
    make(shinan, submitted_at=now + timedelta(days=3))
    today = timezone.localdate()
    found = listed(
        staff_client,
        submitted_from=(today - timedelta(days=10)).isoformat(),
        submitted_to=today.isoformat(),
    )
    assert found == [inside.tracking_number]


def test_submitted_until_includes_that_whole_day(staff_client, shinan):
    today = timezone.localdate()
    late_today = make(shinan, submitted_at=timezone.now())
    assert listed(staff_client, submitted_to=today.isoformat()) == [late_today.tracking_number]


def test_search_by_tracking_number(staff_client, shinan):
    ours = make(shinan, tracking_number="SN-2026-000777")
    make(shinan)
    assert listed(staff_client, q="000777") == [ours.tracking_number]


def test_search_by_text(staff_client, shinan):
    ours = make(shinan, text="幼儿园门口违章停车严重")
    make(shinan)
    assert listed(staff_client, q="违章停车") == [ours.tracking_number]


def test_search_does_not_match_citizen_phones(staff_client, shinan):
    make(shinan, citizen_phone="13911112222")
    assert listed(staff_client, q="13911112222") == []


def test_sort_by_deadline_puts_issues_without_one_last(staff_client, shinan):
    later = make(shinan, deadline=timezone.now() + timedelta(days=9))
    sooner = make(shinan, deadline=timezone.now() + timedelta(days=1))
    unregistered = make(shinan, "submitted")
    assert listed(staff_client, sort="deadline") == [
        sooner.tracking_number,
        later.tracking_number,
        unregistered.tracking_number,
    ]


def test_sort_by_state_follows_the_lifecycle(staff_client, shinan):
    closed = make(shinan, "closed")
    submitted = make(shinan, "submitted")
    answered = make(shinan, "answered")
    assert listed(staff_client, sort="state") == [
        submitted.tracking_number,
        answered.tracking_number,
        closed.tracking_number,
    ]


def test_default_sort_is_newest_first(staff_client, shinan):
    old = make(shinan, submitted_at=timezone.now() - timedelta(days=3))
    new = make(shinan, submitted_at=timezone.now())
    assert listed(staff_client) == [new.tracking_number, old.tracking_number]


def test_unknown_sort_key_is_refused(staff_client, shinan):
    make(shinan)
    response = staff_client.get(LIST, {"sort": "citizen_phone"})
    assert response.status_code == 200
    assert "sort" in response.context["filterset"].errors


def test_pages_hold_twenty_five_issues(staff_client, shinan):
    for _ in range(27):
        make(shinan, "submitted")
    assert len(listed(staff_client)) == 25
    assert len(listed(staff_client, page=2)) == 2


def test_a_page_past_the_end_shows_the_last_page(staff_client, shinan):
    make(shinan, "submitted")
    assert len(listed(staff_client, page=99)) == 1


def test_page_links_keep_the_filters(staff_client, shinan):
    for _ in range(26):
        make(shinan, "submitted")
    content = staff_client.get(LIST, {"state": "submitted"}).content.decode()
    assert "?state=submitted&amp;page=2" in content


# ----- transferred (转办), rating, answered on time: the dashboard's figures as filters ------


def test_transferred_filter_takes_issues_with_a_department_or_a_transfer_event(
    staff_client, shinan
):
    from issues.models import IssueEvent

    department = factories.DepartmentFactory(district=shinan)
    with_department = make(shinan, "transferred", department=department)
    taken_back = make(shinan, "in_progress")
    IssueEvent.objects.create(
        issue=taken_back, action="transfer", from_state="registered", to_state="transferred"
    )
    never = make(shinan, "registered")

    assert sorted(listed(staff_client, transferred="yes")) == sorted(
        [with_department.tracking_number, taken_back.tracking_number]
    )
    assert listed(staff_client, transferred="no") == [never.tracking_number]


def test_rating_filter_takes_one_rating_or_any_or_none(staff_client, shinan):
    satisfied = make(shinan, "closed", rating="satisfied")
    basically = make(shinan, "closed", rating="basically")
    unsatisfied = make(shinan, "reopened", rating="unsatisfied")
    unrated = make(shinan, "answered")

    assert listed(staff_client, rating="satisfied") == [satisfied.tracking_number]
    assert listed(staff_client, rating="unsatisfied") == [unsatisfied.tracking_number]
    assert sorted(listed(staff_client, rating="rated")) == sorted(
        [satisfied.tracking_number, basically.tracking_number, unsatisfied.tracking_number]
    )
    assert listed(staff_client, rating="unrated") == [unrated.tracking_number]


def test_answered_on_time_filter_splits_the_answered_issues_that_had_a_deadline(
    staff_client, shinan
):
    now = timezone.now()
    on_time = make(shinan, "answered", deadline=now, answered_at=now - timedelta(hours=1))
    on_the_dot = make(shinan, "closed", deadline=now, answered_at=now)
    late = make(shinan, "answered", deadline=now, answered_at=now + timedelta(hours=1))
    make(shinan, "answered", answered_at=now)  # no deadline: in neither
    make(shinan, "registered", deadline=now - timedelta(days=1))  # not answered: in neither

    assert sorted(listed(staff_client, answered_on_time="yes")) == sorted(
        [on_time.tracking_number, on_the_dot.tracking_number]
    )
    assert listed(staff_client, answered_on_time="no") == [late.tracking_number]
