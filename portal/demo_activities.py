"""Demo duty activities (履职活动), this year's targets, and a duty shift today for the demo deputy.

平度's nine 专业代表之家 held 70-odd activities with 1,300+ participants this year, 50-odd of
them the 凤台街道 "非遗新课堂"; the demo deputy gets a few activities and a shift today so that
check-in can be shown. Written in bulk: it is history, not something the services do today.
"""

from __future__ import annotations

import importlib
import random
from collections import Counter
from datetime import date, time, timedelta

from django.db.models import Q

from portal.models import Area
from representatives.models import Activity, ActivityType, AnnualTarget, StationAssignment
from stations.models import DutyShift, Station

PINGDU = "平度市"
HOMES_MARK = "专业代表之家"
HERITAGE_HOME = "非遗新课堂专业代表之家"
HERITAGE_SESSIONS = 52
OTHER_HOME_ACTIVITIES = 3
HERITAGE_SUMMARIES = ("草编技艺体验课", "剪纸非遗课堂", "面塑手工课", "非遗传承人讲座")
OTHER_SUMMARIES = ("听取种植户意见", "法律知识进村宣讲", "产业发展恳谈", "走访困难群众")


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

    Activity.objects.bulk_create(activities)
    created["履职活动"] += len(activities)
    return created


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
