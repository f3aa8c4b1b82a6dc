"""load_demo: the report's Qingdao structure, the demo logins, idempotence and scale mode."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from portal.demo_data import DEMO_PASSWORD, DISTRICTS
from portal.models import Area, User
from portal.roles import Role
from representatives.models import (
    PHONE_PERMISSION,
    Deputy,
    DeputyGroup,
    Level,
    Mandate,
    StationAssignment,
)
from stations.models import BUILD_ITEMS, DutyShift, Station

DISTRICT_ORDER = [
    "市南区",
    "市北区",
    "李沧区",
    "崂山区",
    "黄岛区",
    "城阳区",
    "即墨区",
    "胶州市",
    "平度市",
    "莱西市",
]
JIAOZHOU_TOWNS = {
    "阜安街道",
    "中云街道",
    "三里河街道",
    "九龙街道",
    "胶东街道",
    "胶北街道",
    "胶西街道",
    "胶莱街道",
    "李哥庄镇",
    "铺集镇",
    "里岔镇",
    "洋河镇",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # The demo hashes its password once and the tests authenticate a dozen times: PBKDF2's
    # deliberate slowness would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    return load_demo()


def district_stations(name: str):
    return Station.objects.filter(area__district__name=name)


def row_counts() -> dict[str, int]:
    models = (Area, Station, Deputy, Mandate, StationAssignment, DeputyGroup, DutyShift, User)
    return {model.__name__: model.objects.count() for model in models}


def assert_links_are_sound() -> None:
    """Codes set and unique, the denormalised district right, nothing across districts."""
    for model in (Station, Deputy):
        codes = list(model.objects.values_list("code", flat=True))
        assert all(codes) and len(codes) == len(set(codes))
    assert not Area.objects.filter(district__isnull=True).exists()
    assert (
        not Area.objects.exclude(level=Area.Level.DISTRICT)
        .exclude(district=F("parent__district"))
        .exists()
    )
    assert not Station.objects.filter(area__level=Area.Level.DISTRICT).exists()
    assert not StationAssignment.objects.exclude(
        deputy__district=F("station__area__district")
    ).exists()
    assert not DutyShift.objects.exclude(deputy__district=F("station__area__district")).exists()
    phones = list(Deputy.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones))
    assert all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)


def test_the_ten_districts_come_in_the_citys_order(demo):
    districts = Area.objects.districts().order_by("sort_order")
    assert [d.name for d in districts] == DISTRICT_ORDER
    assert all(d.district_id == d.pk for d in districts)


def test_each_district_has_its_real_towns_with_communities(demo):
    for spec in DISTRICTS:
        towns = Area.objects.filter(parent__name=spec.name, level=Area.Level.SUBDISTRICT)
        assert set(towns.values_list("name", flat=True)) == set(spec.subdistricts)
        for town in towns:
            assert town.children.count() >= 3, town
    jiaozhou = Area.objects.filter(parent__name="胶州市").values_list("name", flat=True)
    assert set(jiaozhou) == JIAOZHOU_TOWNS
    pingdu = set(Area.objects.filter(parent__name="平度市").values_list("name", flat=True))
    assert {"东阁街道", "凤台街道", "李园街道", "崔家集镇"} <= pingdu
    chengyang = set(Area.objects.filter(parent__name="城阳区").values_list("name", flat=True))
    assert {"城阳街道", "流亭街道", "夏庄街道", "棘洪滩街道", "红岛街道"} <= chengyang
    assert Area.objects.filter(name="西黄埠社区", parent__name="城阳街道").exists()
    # Villages belong to towns (镇), communities to subdistricts (街道).
    assert all(
        name.endswith("村")
        for name in Area.objects.filter(parent__name__endswith="镇").values_list("name", flat=True)
    )


def test_the_reports_figures(demo):
    joint = DeputyGroup.objects.filter(kind=DeputyGroup.Kind.JOINT)
    assert joint.count() == 12
    assert set(joint.values_list("area__name", flat=True)) == JIAOZHOU_TOWNS
    assert set(joint.values_list("area__district__name", flat=True)) == {"胶州市"}

    specialised = district_stations("平度市").filter(name__endswith="专业代表之家")
    assert specialised.count() == 9
    assert set(specialised.values_list("kind", flat=True)) == {Station.Kind.HOME}
    assert set(specialised.values_list("focus__name", flat=True)) == {
        "特色农业",
        "文化教育",
        "法制宣传",
        "传统工艺",
    }
    assert {"东阁街道", "崔家集镇", "凤台街道"} <= set(
        specialised.values_list("area__name", flat=True)
    )

    chengyang = district_stations("城阳区")
    assert chengyang.count() == 76
    assert set(chengyang.values_list("kind", flat=True)) >= {
        Station.Kind.HOME,
        Station.Kind.LIAISON,
        Station.Kind.WORKSTATION,
        Station.Kind.CONTACT_POINT,
    }


NAMED_STATIONS = [
    ("市南区", "八大关街道", "新就业群体专业化代表联络站", "liaison", "新就业群体"),
    ("城阳区", "城阳街道", "城市管理代表工作站", "workstation", "城市管理"),
    ("平度市", "凤台街道", "非遗新课堂专业代表之家", "home", "传统工艺"),
    ("李沧区", "李村街道", "李沧区基层立法联系点", "legislative", "法制宣传"),
    ("崂山区", "金家岭街道", "崂山区基层立法联系点", "legislative", "法制宣传"),
]


def test_the_named_stations_exist(demo):
    for district, subdistrict, name, kind, focus in NAMED_STATIONS:
        station = Station.objects.get(name=name, area__district__name=district)
        assert (station.area.name, station.kind, station.focus.name) == (subdistrict, kind, focus)


def test_every_town_has_a_deputies_home_and_every_station_its_details(demo):
    towns = Area.objects.filter(level=Area.Level.SUBDISTRICT)
    homes = set(Station.objects.filter(kind=Station.Kind.HOME).values_list("area_id", flat=True))
    assert set(towns.values_list("pk", flat=True)) <= homes
    assert district_stations("崂山区").filter(kind=Station.Kind.LIAISON).exists()

    stations = list(Station.objects.all())
    for station in stations:
        assert station.address.startswith("青岛市"), station
        assert station.opening_hours and station.contact_name, station
        assert re.fullmatch(r"0532-8\d{7}", station.contact_phone), station
        assert (station.latitude is None) == (station.longitude is None)
        if station.latitude is not None:
            assert 35.9 <= station.latitude <= 36.95 and 119.8 <= station.longitude <= 120.75
    compliant = sum(s.is_build_compliant for s in stations)
    assert 0.5 * len(stations) < compliant < len(stations)  # most, not all, meet 六有
    assert all(s.build_score >= len(BUILD_ITEMS) - 2 for s in stations)


def test_deputies_mandates_and_registrations(demo):
    per_district = dict(
        Deputy.objects.values_list("district__name")
        .annotate(n=Count("pk"))
        .values_list("district__name", "n")
    )
    assert set(per_district) == set(DISTRICT_ORDER)
    assert all(40 <= n <= 120 for n in per_district.values())
    assert per_district["市北区"] >= 100

    deputies = Deputy.objects.annotate(
        mandates_n=Count("mandates", distinct=True),
        resident_n=Count("assignments", filter=Q(assignments__role="resident"), distinct=True),
        home_n=Count("assignments", filter=Q(assignments__role="home"), distinct=True),
    )
    assert {d.mandates_n for d in deputies} <= {1, 2}
    assert {d.home_n for d in deputies} <= {0, 1}
    both = sum(1 for d in deputies if d.resident_n and d.home_n)
    assert both > len(deputies) / 3  # 双报到 for many
    levels = Counter(Mandate.objects.values_list("level", flat=True))
    assert set(levels) <= set(Level.values)
    assert levels[Level.COUNTY] == max(levels.values())
    assert levels[Level.TOWNSHIP] and levels[Level.CITY] and levels[Level.PROVINCIAL]
    assert not Mandate.objects.filter(
        level=Level.TOWNSHIP, electoral_unit__contains="街道"
    ).exists()
    assert Mandate.objects.filter(electoral_unit__regex=r"街道第\d选区$").exists()
    party = Deputy.objects.filter(is_party_member=True).count() / Deputy.objects.count()
    assert 0.5 < party < 0.7
    huangdao = Deputy.objects.filter(district__name="黄岛区")
    assert huangdao.filter(ambassador_roles__isnull=False).distinct().count() > 20
    assert_links_are_sound()


def test_every_station_has_two_to_five_residents(demo):
    residents = Station.objects.annotate(
        n=Count("assignments", filter=Q(assignments__role=StationAssignment.Role.RESIDENT))
    ).values_list("n", flat=True)
    assert set(residents) <= {2, 3, 4, 5}


def test_groups_per_town_with_a_member_as_leader(demo):
    groups = DeputyGroup.objects.filter(kind=DeputyGroup.Kind.GROUP)
    assert groups.count() == Area.objects.filter(level=Area.Level.SUBDISTRICT).count()
    for group in DeputyGroup.objects.prefetch_related("members"):
        members = set(group.members.all())
        assert group.leader in members, group
        assert {m.district_id for m in members} == {group.area.district_id}


def test_the_duty_roster_covers_the_coming_weeks(demo):
    today = timezone.localdate()
    # Past shifts (kept or missed) are history for the statistics; the roster is what is ahead.
    shifts = DutyShift.objects.all()
    coming = shifts.filter(date__gte=today)
    assert coming.count() >= Station.objects.count()
    assert max(s.date for s in coming) <= today + timedelta(days=60)
    assert not shifts.filter(date__gte=today, checked_in_at__isnull=False).exclude(date=today)
    residents = set(
        StationAssignment.objects.filter(role=StationAssignment.Role.RESIDENT).values_list(
            "station_id", "deputy_id"
        )
    )
    assert set(shifts.values_list("station_id", "deputy_id")) <= residents


def test_demo_logins_have_their_roles_and_districts(demo):
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser
    for spec in DISTRICTS:
        staff = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert staff is not None, spec.username
        assert (staff.role, staff.district.name, staff.is_staff) == (
            Role.DISTRICT_STAFF,
            spec.name,
            True,
        )
    assert User.objects.get(username="shinan").has_perm(PHONE_PERMISSION)
    assert not User.objects.get(username="laoshan").has_perm(PHONE_PERMISSION)

    user = authenticate(username="deputy", password=DEMO_PASSWORD)
    assert user is not None and user.role == Role.DEPUTY
    deputy = user.deputy
    assert deputy.district.name == "市南区"
    roles = dict(deputy.assignments.values_list("role", "station__name"))
    assert roles[StationAssignment.Role.RESIDENT] == "新就业群体专业化代表联络站"
    assert roles[StationAssignment.Role.HOME] != roles[StationAssignment.Role.RESIDENT]
    assert deputy.duty_shifts.exists()


def test_the_command_prints_the_logins(demo):
    assert DEMO_PASSWORD in demo
    for username in ["admin", "shinan", "laoshan", "deputy", *(d.username for d in DISTRICTS)]:
        assert re.search(rf"^\s+{username}\s", demo, re.MULTILINE), username
    assert "市南区" in demo and "超级管理员" in demo


def test_running_it_again_changes_nothing(demo):
    before = row_counts()
    again = load_demo()
    once = load_demo("--once")
    assert row_counts() == before
    assert "未做改动" in again and "未做改动" in once
    assert "deputy" in again and DEMO_PASSWORD in once


def test_existing_accounts_keep_their_password():
    User.objects.create_user("admin", password="my-own-secret")
    load_demo()
    assert User.objects.get(username="admin").check_password("my-own-secret")
    assert User.objects.filter(username="shinan").exists()


def test_a_scale_run_on_an_empty_database():
    load_demo("--stations", "300", "--deputies", "200")
    assert Station.objects.count() >= 300
    assert Deputy.objects.count() >= 200
    assert Area.objects.districts().count() == 10
    assert Station.objects.get(name="新就业群体专业化代表联络站")
    assert_links_are_sound()
    # The synthetic stations get residents and duty days too.
    unstaffed = Station.objects.annotate(n=Count("assignments")).filter(n=0)
    assert not unstaffed.exists()


def test_a_scale_run_tops_up_the_demo_without_duplicating(demo):
    stations, deputies = Station.objects.count() + 40, Deputy.objects.count() + 150
    load_demo("--stations", str(stations), "--deputies", str(deputies))
    assert (Station.objects.count(), Deputy.objects.count()) == (stations, deputies)
    assert_links_are_sound()
    new_deputies = Deputy.objects.order_by("-pk")[:150]
    assert all(d.mandates.exists() for d in new_deputies)
    assert sum(d.deputy_groups.exists() for d in new_deputies) == 150
    before = row_counts()
    assert "未做改动" in load_demo("--stations", str(stations), "--deputies", str(deputies))
    assert "未做改动" in load_demo("--once", "--stations", str(stations + 100))
    assert row_counts() == before


def test_either_scale_flag_alone_works():
    load_demo("--deputies", "120")
    assert Deputy.objects.count() == 120
    load_demo("--stations", "300")
    assert Station.objects.count() == 300
    assert Deputy.objects.count() == 120
    assert_links_are_sound()
