"""Demo duty activities (履职活动), targets, past duty, and a shift today for the demo deputy.

The report's figures: 平度's nine 专业代表之家 held 70-odd activities with 1,300+ participants this
year, 50-odd of them the 凤台街道 "非遗新课堂"; 莱西 held 15 "代表月月谈" since 2024 (each linked to
the six problems it took up); 市北 ran 20-odd trainings and ~100 of its deputies reported to their
voters (述职). Every other deputy gets a plausible year of receptions and visits, and past duty
shifts are checked in or missed, so that dashboards and the merit board have something to rank.
Written in bulk: it is history, not something the services do today.
"""

from __future__ import annotations

import importlib
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from issues.models import Issue, Source
from portal import demo_issues
from portal.models import Area
from representatives.models import (
    Activity,
    ActivityType,
    AnnualTarget,
    Deputy,
    StationAssignment,
)
from stations.models import DutyShift, Station

PINGDU = "平度市"
HOMES_MARK = "专业代表之家"
HERITAGE_HOME = "非遗新课堂专业代表之家"
HERITAGE_SESSIONS = 52
OTHER_HOME_ACTIVITIES = 3
HERITAGE_SUMMARIES = ("草编技艺体验课", "剪纸非遗课堂", "面塑手工课", "非遗传承人讲座")
OTHER_SUMMARIES = ("听取种植户意见", "法律知识进村宣讲", "产业发展恳谈", "走访困难群众")

LAIXI = "莱西市"
TALK_ROOM = "“代表月月谈”活动室"
TALK_TYPE = "代表月月谈"
SHIBEI = "市北区"
SHIBEI_TRAININGS = 22  # "20余场" training sessions (学)
SHIBEI_REPORTS = 100  # about 100 deputies reported to their voters (述职)
OTHER_TRAININGS = 4
OTHER_REPORT_SHARE = 0.3
# A deputy's own year, besides trainings and 述职: (type, weight).
ROUTINE_TYPES = (
    ("接待选民", 5),
    ("走访", 4),
    ("进小区见面会", 1),
    ("马扎议事", 1),
    ("咖啡议事", 1),
    ("恳谈会", 1),
    ("普法", 1),
    ("公益服务", 1),
    ("矛盾纠纷调解", 1),
)
ROUTINE_SUMMARIES = {
    "接待选民": ("接待居民反映停车难问题", "接待群众咨询社保政策", "听取居民对老旧小区改造的意见"),
    "走访": ("走访独居老人", "走访辖区企业了解用工需求", "入户走访困难家庭"),
    "进小区见面会": ("代表进小区见面会",),
    "马扎议事": ("楼道堆物清理议事",),
    "咖啡议事": ("青年创业咖啡议事",),
    "恳谈会": ("物业服务恳谈会",),
    "普法": ("以案释法进社区",),
    "公益服务": ("义诊志愿服务",),
    "矛盾纠纷调解": ("邻里漏水纠纷调解",),
}
CHECK_IN_RATE = 0.88


def ensure_activity_types() -> dict[str, ActivityType]:
    """The seeded types (a flushed test database may have lost them)."""
    seed = importlib.import_module("representatives.migrations.0004_seed_activity_types")
    for order, (name, counts_as) in enumerate(seed.TYPES):
        ActivityType.objects.get_or_create(
            name=name, defaults={"counts_as": counts_as, "sort_order": order}
        )
    return {t.name: t for t in ActivityType.objects.all()}


def ensure_targets(districts: list[Area], year: int) -> int:
    existing = set(
        AnnualTarget.objects.filter(year=year, district__in=districts).values_list(
            "district_id", flat=True
        )
    )
    targets = [
        AnnualTarget(
            district=d, year=year, receptions=4, activities=12, trainings=2, report_required=True
        )
        for d in districts
        if d.pk not in existing
    ]
    AnnualTarget.objects.bulk_create(targets)
    return len(targets)


def _day(rng: random.Random, today: date) -> date:
    start = date(today.year, 1, 1)
    return start + timedelta(days=rng.randrange((today - start).days + 1))


def _resident(station: Station) -> int | None:
    return (
        StationAssignment.objects.filter(station=station, role=StationAssignment.Role.RESIDENT)
        .values_list("deputy_id", flat=True)
        .first()
    )


def load_activities(
    districts: list[Area], *, rng: random.Random, today: date, login_deputy_id: int | None
) -> Counter[str]:
    created: Counter[str] = Counter()
    types = ensure_activity_types()
    created["年度履职目标"] += ensure_targets(districts, today.year)
    activities: list[Activity] = []

    pingdu = next((d for d in districts if d.name == PINGDU), None)
    if pingdu is not None and not Activity.objects.filter(district=pingdu).exists():
        homes = Station.objects.filter(area__district=pingdu, name__endswith=HOMES_MARK)
        for home in homes:
            deputy_id = _resident(home)
            if deputy_id is None:
                continue
            heritage = home.name == HERITAGE_HOME
            for _ in range(HERITAGE_SESSIONS if heritage else OTHER_HOME_ACTIVITIES):
                kind = (
                    "公益服务" if heritage else rng.choice(("走访", "恳谈会", "普法", "接待选民"))
                )
                summaries = HERITAGE_SUMMARIES if heritage else OTHER_SUMMARIES
                activities.append(
                    Activity(
                        district=pingdu,
                        deputy_id=deputy_id,
                        type=types[kind],
                        station=home,
                        date=_day(rng, today),
                        start_time=time(rng.choice((9, 14, 15)), 0),
                        duration_minutes=rng.choice((60, 90, 120)),
                        participants=rng.randint(15, 23),
                        households=rng.randint(3, 12),
                        summary=rng.choice(summaries),
                    )
                )

    if login_deputy_id is not None:
        created["今日排班"] += _login_deputy(login_deputy_id, types, activities, rng, today)

    fellows: list[tuple[Activity, list[int]]] = []
    talks: list[tuple[Activity, date]] = []
    if not Activity.objects.exclude(district=pingdu).exists():
        residents = _resident_stations(districts)
        for district in districts:
            deputy_ids = list(
                Deputy.objects.filter(district=district, is_active=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not deputy_ids:
                continue
            # The demo deputy's own year is written by _login_deputy.
            others = [d for d in deputy_ids if d != login_deputy_id]
            activities += _routine_year(district, others, residents, types, rng, today)
            fellows += _trainings(district, deputy_ids, types, rng, today)
            activities += _reports(district, deputy_ids, residents, types, rng, today)
            if district.name == LAIXI:
                talks = _monthly_talks(district, deputy_ids, types, rng)
        activities += [activity for activity, _ in fellows]
        activities += [activity for activity, _ in talks]
        created["履职活动"] += len(fellows) + len(talks)
        created["往期值班"] += _past_shifts(districts, rng, today)

    Activity.objects.bulk_create(activities)
    created["履职活动"] += len(activities) - len(fellows) - len(talks)
    Fellow = Activity.fellow_deputies.through
    Fellow.objects.bulk_create(
        [
            Fellow(activity_id=activity.pk, deputy_id=deputy_id)
            for activity, deputy_ids in fellows
            for deputy_id in deputy_ids
        ],
        batch_size=2000,
    )
    _link_talk_issues(talks)
    return created


def _resident_stations(districts: list[Area]) -> dict[int, Station]:
    """Each deputy's resident station (驻站), where their routine duty happens."""
    rows = StationAssignment.objects.filter(
        role=StationAssignment.Role.RESIDENT, station__area__district__in=districts
    ).select_related("station")
    return {row.deputy_id: row.station for row in rows}


def _routine_year(
    district: Area,
    deputy_ids: list[int],
    residents: dict[int, Station],
    types: dict[str, ActivityType],
    rng: random.Random,
    today: date,
) -> list[Activity]:
    """Receptions, visits and meetings: 2–9 per deputy so far this year, most at their station."""
    names = [name for name, _ in ROUTINE_TYPES]
    weights = [weight for _, weight in ROUTINE_TYPES]
    rows = []
    for deputy_id in deputy_ids:
        station = residents.get(deputy_id)
        if station is not None and station.name.endswith(HOMES_MARK):
            # 平度's professional homes keep exactly the report's figures.
            station = None
        for _ in range(rng.randint(2, 9)):
            kind = rng.choices(names, weights)[0]
            rows.append(
                Activity(
                    district=district,
                    deputy_id=deputy_id,
                    type=types[kind],
                    station=station,
                    place="" if station else "所在社区党群服务中心",
                    date=_day(rng, today),
                    start_time=time(rng.choice((9, 10, 14, 15, 19)), rng.choice((0, 30))),
                    duration_minutes=rng.choice((60, 90, 120)),
                    participants=rng.randint(5, 40),
                    households=rng.randint(1, 15),
                    summary=rng.choice(ROUTINE_SUMMARIES[kind]),
                )
            )
    return rows


def _trainings(
    district: Area,
    deputy_ids: list[int],
    types: dict[str, ActivityType],
    rng: random.Random,
    today: date,
) -> list[tuple[Activity, list[int]]]:
    """District training sessions (学): one organiser row, the attendees as fellow deputies."""
    sessions = SHIBEI_TRAININGS if district.name == SHIBEI else OTHER_TRAININGS
    topics = ("履职能力培训", "代表法专题学习", "议案建议撰写培训", "基层治理专题培训")
    rows = []
    for index in range(sessions):
        attendees = rng.sample(deputy_ids, min(len(deputy_ids), rng.randint(20, 45)))
        rows.append(
            (
                Activity(
                    district=district,
                    deputy_id=attendees[0],
                    type=types["培训"],
                    place="区人大常委会会议室",
                    date=_day(rng, today),
                    start_time=time(9, 0),
                    duration_minutes=180,
                    participants=len(attendees),
                    summary=topics[index % len(topics)],
                ),
                attendees[1:],
            )
        )
    return rows


def _reports(
    district: Area,
    deputy_ids: list[int],
    residents: dict[int, Station],
    types: dict[str, ActivityType],
    rng: random.Random,
    today: date,
) -> list[Activity]:
    """述职: 市北's hundred deputies, about a third elsewhere, report to their voters."""
    if district.name == SHIBEI:
        count = min(SHIBEI_REPORTS, len(deputy_ids))
    else:
        count = round(len(deputy_ids) * OTHER_REPORT_SHARE)
    rows = []
    for deputy_id in rng.sample(deputy_ids, count):
        station = residents.get(deputy_id)
        if station is not None and station.name.endswith(HOMES_MARK):
            station = None
        rows.append(
            Activity(
                district=district,
                deputy_id=deputy_id,
                type=types["述职"],
                station=station,
                place="" if station else "所在社区党群服务中心",
                date=_day(rng, today),
                start_time=time(15, 0),
                duration_minutes=90,
                participants=rng.randint(20, 60),
                summary="向选民报告年度履职情况",
            )
        )
    return rows


def _monthly_talks(
    district: Area, deputy_ids: list[int], types: dict[str, ActivityType], rng: random.Random
) -> list[tuple[Activity, date]]:
    """莱西 代表月月谈: the 15 talks the monthly-talk issues came from (same dates)."""
    room = Station.objects.filter(area__district=district, name=TALK_ROOM).first()
    rows = []
    for talk in range(demo_issues.MONTHLY_TALKS):
        held = demo_issues.monthly_talk_date(talk)
        rows.append(
            (
                Activity(
                    district=district,
                    deputy_id=rng.choice(deputy_ids),
                    type=types[TALK_TYPE],
                    station=room,
                    place="" if room else TALK_ROOM,
                    date=held,
                    start_time=time(9, 30),
                    duration_minutes=120,
                    participants=rng.randint(25, 45),
                    summary="代表与部门负责人面对面,现场交办群众急难愁盼问题",
                ),
                held,
            )
        )
    return rows


def _link_talk_issues(talks: list[tuple[Activity, date]]) -> None:
    """Each talk's activity lists the problems taken up at it (raised_issues)."""
    if not talks:
        return
    Raised = Activity.raised_issues.through
    links = []
    for activity, held in talks:
        issue_ids = Issue.objects.filter(
            district_id=activity.district_id,
            source=Source.MONTHLY_TALK,
            submitted_at__date=held,
        ).values_list("pk", flat=True)
        links += [Raised(activity_id=activity.pk, issue_id=pk) for pk in issue_ids]
    Raised.objects.bulk_create(links, ignore_conflicts=True)


def _past_shifts(districts: list[Area], rng: random.Random, today: date) -> int:
    """Duty kept so far this year: one or two days a month per station, most checked in."""
    residents: dict[int, list[int]] = {}
    for station_id, deputy_id in StationAssignment.objects.filter(
        role=StationAssignment.Role.RESIDENT, station__area__district__in=districts
    ).values_list("station_id", "deputy_id"):
        residents.setdefault(station_id, []).append(deputy_id)
    taken = set(
        DutyShift.objects.filter(station_id__in=residents, date__lt=today).values_list(
            "station_id", "deputy_id", "date"
        )
    )
    shifts = []
    for station_id, crew in residents.items():
        for month in range(1, today.month + 1):
            first = date(today.year, month, 1)
            for _ in range(rng.randint(1, 2)):
                day = first + timedelta(days=rng.randrange(28))
                deputy_id = rng.choice(crew)
                if day >= today or (station_id, deputy_id, day) in taken:
                    continue
                taken.add((station_id, deputy_id, day))
                checked_in = None
                if rng.random() < CHECK_IN_RATE:
                    checked_in = timezone.make_aware(
                        datetime.combine(day, time(8, rng.randint(30, 59)))
                    )
                shifts.append(
                    DutyShift(
                        station_id=station_id,
                        deputy_id=deputy_id,
                        date=day,
                        note="进站接待选民",
                        checked_in_at=checked_in,
                    )
                )
    DutyShift.objects.bulk_create(shifts, batch_size=2000)
    return len(shifts)


def _login_deputy(
    deputy_id: int,
    types: dict[str, ActivityType],
    activities: list[Activity],
    rng: random.Random,
    today: date,
) -> int:
    """A few activities for the demo `deputy` login, and a duty shift today."""
    # Duty is kept at the station the deputy is resident at, not in their home community.
    assignment = (
        StationAssignment.objects.filter(deputy_id=deputy_id, role=StationAssignment.Role.RESIDENT)
        .select_related("station__area", "deputy")
        .first()
    )
    if assignment is None:
        return 0
    station, deputy = assignment.station, assignment.deputy
    if not Activity.objects.filter(Q(deputy_id=deputy_id)).exists():
        for kind in ("接待选民", "接待选民", "走访", "培训", "马扎议事"):
            activities.append(
                Activity(
                    district_id=deputy.district_id,
                    deputy_id=deputy_id,
                    type=types[kind],
                    station=station,
                    date=_day(rng, today),
                    start_time=time(9, 30),
                    duration_minutes=90,
                    participants=rng.randint(6, 30),
                    households=rng.randint(2, 10),
                    summary=kind,
                )
            )
    _shift, made = DutyShift.objects.get_or_create(
        station=station, deputy_id=deputy_id, date=today, defaults={"note": "进站接待选民"}
    )
    return int(made)
