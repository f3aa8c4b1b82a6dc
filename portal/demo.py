"""Demo-data generation behind `manage.py load_demo`: the report's structure plus synthetic bulk."""

from __future__ import annotations

import heapq
import math
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import cycle

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import models, transaction
from django.utils import timezone

from portal import choices, demo_activities, demo_issues
from portal import demo_data as data
from portal.codes import new_public_code
from portal.models import Area, Department, User
from portal.roles import Role
from representatives.models import (
    AmbassadorRole,
    Deputy,
    DeputyGroup,
    Mandate,
    Specialty,
    StationAssignment,
)
from stations.models import BUILD_ITEMS, DutyShift, Station, StationFocus

BATCH_SIZE = 500
# A station opens on duty days within each of these windows (平度: 1–2 times a month).
DUTY_WINDOWS = 2
DUTY_WINDOW_DAYS = 30
# Every district keeps at least this many deputies, so each station can get two residents.
MIN_DEPUTIES_PER_DISTRICT = 3
# A community hosts about this many stations before scale mode adds new communities.
STATIONS_PER_COMMUNITY = 2

SUBDISTRICT = Area.Level.SUBDISTRICT
COMMUNITY = Area.Level.COMMUNITY
RESIDENT = StationAssignment.Role.RESIDENT
HOME = StationAssignment.Role.HOME

# Kinds of the generated community-level stations, with their shares.
FILLER_KINDS = {
    Station.Kind.LIAISON: 50,
    Station.Kind.CONTACT_POINT: 30,
    Station.Kind.WORKSTATION: 10,
    Station.Kind.HOME: 7,
    Station.Kind.LEGISLATIVE: 3,
}
RESIDENTS_PER_STATION = {2: 35, 3: 35, 4: 20, 5: 10}
# Items a station most often lacks when it does not meet the whole 六有 standard.
MISSABLE_ITEMS = ("has_ledger", "has_plan", "has_facilities", "has_public_info", "has_rules")
MISSABLE_WEIGHTS = (4, 3, 3, 2, 1)

ROLE_LABELS = {
    "superuser": "超级管理员",
    "district_staff": "区市人大工作人员",
    "deputy": "人大代表",
    "department": "职能部门",
}

SpecialtyLink = Deputy.specialties.through
AmbassadorLink = Deputy.ambassador_roles.through
GroupMembership = DeputyGroup.members.through


@dataclass
class LoadResult:
    """What one run of the loader did."""

    created: Counter[str] = field(default_factory=Counter)
    loaded_base: bool = False  # the report's structure was loaded in this run
    skipped: bool = False  # demo data was there and nothing was asked of the run


@dataclass
class DistrictState:
    """A district with its towns and communities, as loaded or created."""

    spec: data.DistrictSpec
    area: Area
    subdistricts: list[Area]
    communities: dict[int, list[Area]]  # subdistrict pk → its communities

    def all_communities(self) -> list[Area]:
        return [c for sub in self.subdistricts for c in self.communities.get(sub.pk, [])]


@dataclass
class PlannedDeputy:
    """A deputy before it is saved, with the town it lives and was elected in."""

    deputy: Deputy
    subdistrict: Area


def demo_exists() -> bool:
    """Whether the report's structure has been loaded (its first named station exists)."""
    return Station.objects.filter(
        name=data.MARKER_STATION, area__district__name=data.MARKER_DISTRICT
    ).exists()


def load_demo(
    *,
    stations: int | None = None,
    deputies: int | None = None,
    once: bool = False,
    seed: int = 2026,
    today: date | None = None,
) -> LoadResult:
    """Load the report's structure unless present, then top up to `stations`/`deputies` in total.

    Without targets an existing demo is left alone; with `once` it is left alone even with them,
    so `make run` can call this on every start.
    """
    with transaction.atomic():
        exists = demo_exists()
        if exists and (once or not (stations or deputies)):
            return LoadResult(skipped=True)
        builder = DemoBuilder(seed=seed, today=today)
        if not exists:
            builder.load_base(deputies=deputies)
        builder.top_up(stations=stations, deputies=deputies)
        # Areas and departments went in by bulk_create, which sends no signals.
        transaction.on_commit(choices.new_generation)
        return LoadResult(created=builder.created, loaded_base=not exists)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (largest remainder)."""
    weight_sum = sum(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def bulk_create(
    model: type[models.Model], objs: list[models.Model], key: tuple[str, ...] = ()
) -> None:
    """bulk_create in batches; where the backend cannot return ids, fetch them by `key`."""
    if not objs:
        return
    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    if not key or objs[0].pk is not None:
        return
    # SQLite before 3.35 has no RETURNING; chunks keep the IN lists under its variable limit.
    for start in range(0, len(objs), BATCH_SIZE):
        chunk = objs[start : start + BATCH_SIZE]
        rows = model._default_manager.filter(
            **{f"{key[0]}__in": {getattr(o, key[0]) for o in chunk}}
        ).values_list(*key, "pk")
        pks = {tuple(row[:-1]): row[-1] for row in rows}
        for obj in chunk:
            obj.pk = pks[tuple(getattr(obj, k) for k in key)]


class DemoBuilder:
    """Builds the demo rows in memory and writes them with bulk_create (save() is bypassed)."""

    def __init__(self, *, seed: int = 2026, today: date | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.created: Counter[str] = Counter()
        self.districts: dict[str, DistrictState] = {}
        self.area_by_id: dict[int, Area] = {}
        # bulk_create skips save(), so codes are drawn here and kept unique in memory.
        self.station_codes = set(Station.objects.values_list("code", flat=True))
        self.deputy_codes = set(Deputy.objects.values_list("code", flat=True))
        self.phones = set(Deputy.objects.exclude(phone="").values_list("phone", flat=True))
        self.station_weekday: dict[str, int | None] = {}  # station code → its duty weekday
        self.foci: dict[str, StationFocus] = {}
        self.specialties: dict[str, Specialty] = {}
        self.ambassadors: dict[str, AmbassadorRole] = {}
        self.login_deputy_id: int | None = None

    # ----- the report's structure -------------------------------------------------------

    def load_base(self, *, deputies: int | None = None) -> None:
        """The ten districts with their towns, stations, deputies, groups, roster and logins."""
        self._ensure_vocabularies()
        self._ensure_areas()
        states = list(self.districts.values())

        taken = set(
            Station.objects.filter(area__district__in=[s.area for s in states]).values_list(
                "area_id", "name"
            )
        )
        load: Counter[int] = Counter()
        stations_by_district: dict[str, list[Station]] = {}
        for state in states:
            stations_by_district[state.spec.name] = self._plan_base_stations(state, taken, load)
        all_stations = [s for group in stations_by_district.values() for s in group]
        bulk_create(Station, all_stations, key=("code",))
        self.created["站点"] += len(all_stations)

        if deputies:
            counts = apportion(deputies, [s.spec.deputies for s in states])
        else:
            counts = [s.spec.deputies for s in states]
        planned_by_district: dict[str, list[PlannedDeputy]] = {}
        for state, count in zip(states, counts, strict=True):
            planned = self._plan_deputies(state, max(count, MIN_DEPUTIES_PER_DISTRICT))
            planned_by_district[state.spec.name] = planned
        self._create_deputies([p for group in planned_by_district.values() for p in group])

        assignments: list[StationAssignment] = []
        residents: dict[int, list[int]] = {}
        for state in states:
            district_stations = stations_by_district[state.spec.name]
            planned = planned_by_district[state.spec.name]
            by_station = self._pick_residents(district_stations, [p.deputy.pk for p in planned])
            homes = self._pick_homes(state, planned, district_stations, by_station)
            if state.spec.name == data.MARKER_DISTRICT:
                self._choose_login_deputy(district_stations, by_station, homes)
            residents.update(by_station)
            assignments += self._assignments(by_station, homes)
            self._plan_groups(state, planned)
        bulk_create(StationAssignment, assignments)
        self.created["驻站/生活社区登记"] += len(assignments)
        self._create_shifts(all_stations, residents)
        district_areas = [state.area for state in states]
        demo_issues.ensure_district_codes()
        demo_issues.ensure_departments(district_areas)
        self._ensure_logins()
        self.created.update(demo_issues.load_issues(district_areas, rng=self.rng, today=self.today))
        self.created.update(
            demo_activities.load_activities(
                district_areas,
                rng=self.rng,
                today=self.today,
                login_deputy_id=self.login_deputy_id,
            )
        )

    def _ensure_vocabularies(self) -> None:
        self.foci = self._vocabulary(StationFocus, data.STATION_FOCI, "站点领域词表")
        self.specialties = self._vocabulary(Specialty, data.SPECIALTIES, "专长词表")
        self.ambassadors = self._vocabulary(AmbassadorRole, data.AMBASSADOR_ROLES, "大使角色词表")

    def _vocabulary(self, model: type[models.Model], names: Iterable[str], label: str) -> dict:
        names = list(names)
        existing = set(model._default_manager.filter(name__in=names).values_list("name", flat=True))
        missing = [model(name=name) for name in names if name not in existing]
        model._default_manager.bulk_create(missing)
        self.created[label] += len(missing)
        return {obj.name: obj for obj in model._default_manager.filter(name__in=names)}

    def _ensure_areas(self) -> None:
        """Create whatever part of the ten districts' tree is missing; keep what exists."""
        districts: list[Area] = []
        for order, spec in enumerate(data.DISTRICTS, start=1):
            district = Area.objects.filter(level=Area.Level.DISTRICT, name=spec.name).first()
            if district is None:
                district = Area(
                    name=spec.name,
                    level=Area.Level.DISTRICT,
                    sort_order=order,
                    code=data.DISTRICT_CODES.get(spec.name, ""),
                )
                district.save()  # save() points a district's `district` at itself
                self.created["区域"] += 1
            elif district.sort_order != order:
                district.sort_order = order
                district.save(update_fields=["sort_order"])
            districts.append(district)

        existing = {(a.parent_id, a.name) for a in Area.objects.filter(parent__in=districts)}
        new_subdistricts = [
            Area(
                name=name,
                level=SUBDISTRICT,
                parent=district,
                district_id=district.pk,
                sort_order=order,
            )
            for spec, district in zip(data.DISTRICTS, districts, strict=True)
            for order, name in enumerate(spec.subdistricts, start=1)
            if (district.pk, name) not in existing
        ]
        bulk_create(Area, new_subdistricts, key=("parent_id", "name"))
        self.created["区域"] += len(new_subdistricts)
        self._load_tree()

        new_communities: list[Area] = []
        for state in self.districts.values():
            for sub in state.subdistricts:
                have = state.communities[sub.pk]
                taken = {c.name for c in have}
                wanted = [n for n in data.COMMUNITIES.get(sub.name, ()) if n not in taken]
                missing = state.spec.communities_per_subdistrict - len(have) - len(wanted)
                taken.update(wanted)
                for _ in range(max(missing, 0)):
                    wanted.append(self._community_name(state.spec, sub, taken))
                new_communities += self._new_communities(sub, wanted, start=len(have) + 1)
        bulk_create(Area, new_communities, key=("parent_id", "name"))
        self.created["区域"] += len(new_communities)
        self._load_tree()

    def _new_communities(self, sub: Area, names: list[str], start: int) -> list[Area]:
        return [
            Area(
                name=name,
                level=COMMUNITY,
                parent_id=sub.pk,
                district_id=sub.district_id,
                sort_order=order,
            )
            for order, name in enumerate(names, start=start)
        ]

    def _load_tree(self) -> None:
        names = [spec.name for spec in data.DISTRICTS]
        areas = list(Area.objects.filter(district__name__in=names).order_by("sort_order", "pk"))
        self.area_by_id = {a.pk: a for a in areas}
        subs: dict[int, list[Area]] = defaultdict(list)
        communities: dict[int, list[Area]] = defaultdict(list)
        for area in areas:
            if area.level == SUBDISTRICT:
                subs[area.district_id].append(area)
            elif area.level == COMMUNITY:
                communities[area.parent_id].append(area)
        districts = {a.name: a for a in areas if a.level == Area.Level.DISTRICT}
        self.districts = {}
        for spec in data.DISTRICTS:
            district = districts[spec.name]
            district_subs = subs[district.pk]
            self.districts[spec.name] = DistrictState(
                spec=spec,
                area=district,
                subdistricts=district_subs,
                communities={sub.pk: communities[sub.pk] for sub in district_subs},
            )

    def _plan_base_stations(
        self, state: DistrictState, taken: set[tuple[int, str]], load: Counter[int]
    ) -> list[Station]:
        """The district's named stations, a 代表之家 per town, then community stations."""
        subs = {sub.name: sub for sub in state.subdistricts}
        planned: list[Station] = []

        def add(area: Area, name: str, kind: str, focus: str = "", description: str = "") -> None:
            if (area.pk, name) in taken:
                return
            taken.add((area.pk, name))
            if area.level == COMMUNITY:
                load[area.pk] += 1
            planned.append(self._station(state, area, name, kind, focus, description))

        for named in data.NAMED_STATIONS:
            if named.district != state.spec.name:
                continue
            area = subs[named.subdistrict]
            if named.community:
                area = next(c for c in state.communities[area.pk] if c.name == named.community)
            add(area, named.name, named.kind, named.focus, named.description)
        for sub in state.subdistricts:
            add(sub, f"{sub.name}代表之家", Station.Kind.HOME)
        fill = state.spec.stations - len(planned)
        planned += self._fill_stations(state, fill, taken, load)
        return planned

    # ----- scale mode ---------------------------------------------------------------------

    def top_up(self, *, stations: int | None = None, deputies: int | None = None) -> None:
        """Add synthetic deputies and stations until the totals reach the targets."""
        if not (stations or deputies):
            return
        if not self.foci:
            self._ensure_vocabularies()
        if not self.districts:
            self._load_tree()
        if deputies and (missing := deputies - Deputy.objects.count()) > 0:
            self._add_deputies(missing)
        if stations and (missing := stations - Station.objects.count()) > 0:
            self._add_stations(missing)

    def _add_deputies(self, count: int) -> None:
        states = list(self.districts.values())
        planned: list[PlannedDeputy] = []
        for state, share in zip(
            states, apportion(count, [s.spec.deputies for s in states]), strict=True
        ):
            planned += self._plan_deputies(state, share)
        self._create_deputies(planned)

        # New deputies register in their home community (生活社区) and join their town's group.
        stations_by_sub: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pk, area_id, kind in Station.objects.filter(
            area__district__in=[s.area for s in states]
        ).values_list("pk", "area_id", "kind"):
            stations_by_sub[self._subdistrict_id(area_id)].append((pk, kind))
        groups = dict(
            DeputyGroup.objects.filter(kind=DeputyGroup.Kind.GROUP).values_list("area_id", "pk")
        )
        homes, memberships = [], []
        for p in planned:
            candidates = stations_by_sub.get(p.subdistrict.pk)
            if candidates and self.rng.random() < 0.6:
                station_id = self._prefer_home_kinds(candidates)
                homes.append(self._assignment(p.deputy.pk, station_id, HOME))
            if group_id := groups.get(p.subdistrict.pk):
                memberships.append(GroupMembership(deputygroup_id=group_id, deputy_id=p.deputy.pk))
        bulk_create(StationAssignment, homes)
        bulk_create(GroupMembership, memberships)
        self.created["驻站/生活社区登记"] += len(homes)
        self.created["代表组成员"] += len(memberships)

    def _add_stations(self, count: int) -> None:
        states = list(self.districts.values())
        district_areas = [s.area for s in states]
        taken = set(
            Station.objects.filter(area__district__in=district_areas).values_list("area_id", "name")
        )
        load = Counter(
            Station.objects.filter(area__level=COMMUNITY, area__district__in=district_areas)
            .values_list("area_id", flat=True)
            .iterator()
        )
        new_by_state: list[tuple[DistrictState, list[Station]]] = []
        for state, share in zip(
            states, apportion(count, [len(s.subdistricts) for s in states]), strict=True
        ):
            self._grow_communities(state, share, load)
            new_by_state.append((state, self._fill_stations(state, share, taken, load)))
        new_stations = [s for _, group in new_by_state for s in group]
        bulk_create(Station, new_stations, key=("code",))
        self.created["站点"] += len(new_stations)

        # New stations take residents first from deputies not yet resident anywhere.
        busy = set(
            StationAssignment.objects.filter(role=RESIDENT).values_list("deputy_id", flat=True)
        )
        pools: dict[int, list[int]] = defaultdict(list)
        for pk, district_id in (
            Deputy.objects.filter(district__in=district_areas, is_active=True)
            .order_by("pk")
            .values_list("pk", "district_id")
        ):
            pools[district_id].append(pk)
        residents: dict[int, list[int]] = {}
        for state, group in new_by_state:
            residents.update(self._pick_residents(group, pools[state.area.pk], busy))
        assignments = self._assignments(residents, {})
        bulk_create(StationAssignment, assignments)
        self.created["驻站/生活社区登记"] += len(assignments)
        self._create_shifts(new_stations, residents)

    def _grow_communities(self, state: DistrictState, extra: int, load: Counter[int]) -> None:
        """Add synthetic communities so no community hosts many more than a couple of stations."""
        communities = state.all_communities()
        hosted = sum(load[c.pk] for c in communities) + extra
        needed = math.ceil(hosted / STATIONS_PER_COMMUNITY) - len(communities)
        if needed <= 0:
            return
        new: list[Area] = []
        subs = cycle(state.subdistricts)
        taken = {sub.pk: {c.name for c in state.communities[sub.pk]} for sub in state.subdistricts}
        per_sub: dict[int, list[str]] = defaultdict(list)
        for _ in range(needed):
            sub = next(subs)
            per_sub[sub.pk].append(self._community_name(state.spec, sub, taken[sub.pk]))
        for sub in state.subdistricts:
            names = per_sub.get(sub.pk)
            if names:
                start = len(state.communities[sub.pk]) + 1
                new += self._new_communities(sub, names, start=start)
        bulk_create(Area, new, key=("parent_id", "name"))
        self.created["区域"] += len(new)
        for area in new:
            self.area_by_id[area.pk] = area
            state.communities[area.parent_id].append(area)

    # ----- stations -----------------------------------------------------------------------

    def _fill_stations(
        self, state: DistrictState, count: int, taken: set[tuple[int, str]], load: Counter[int]
    ) -> list[Station]:
        """`count` community-level stations, each in the community hosting fewest so far."""
        communities = state.all_communities()
        if count <= 0 or not communities:
            return []
        heap = [(load[c.pk], i) for i, c in enumerate(communities)]
        heapq.heapify(heap)
        stations = []
        for _ in range(count):
            hosted, i = heapq.heappop(heap)
            community = communities[i]
            stations.append(self._filler_station(state, community, taken))
            load[community.pk] += 1
            heapq.heappush(heap, (hosted + 1, i))
        return stations

    def _filler_station(
        self, state: DistrictState, community: Area, taken: set[tuple[int, str]]
    ) -> Station:
        for _ in range(30):
            kind, name, focus = self._filler_identity(community)
            if (community.pk, name) not in taken:
                break
        else:  # a crowded community: number its liaison stations instead
            kind, focus, number = Station.Kind.LIAISON, "", 2
            while (community.pk, name := f"{community.name}第{number}代表联络站") in taken:
                number += 1
        taken.add((community.pk, name))
        return self._station(state, community, name, kind, focus)

    def _filler_identity(self, community: Area) -> tuple[str, str, str]:
        """Kind, name and focus of a generated community-level station."""
        kinds, weights = zip(*FILLER_KINDS.items(), strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        if kind == Station.Kind.LIAISON:
            focus = ""
            if self.rng.random() < 0.2:
                focus = self.rng.choice(("社会治理", "新就业群体", "城市管理"))
            return kind, f"{community.name}代表联络站", focus
        if kind == Station.Kind.CONTACT_POINT:
            place = self.rng.choice(data.CONTACT_PLACES)
            return kind, f"{community.name}{place}代表联系点", ""
        if kind == Station.Kind.WORKSTATION:
            focus = self.rng.choice(data.STATION_FOCI)
            return kind, f"{community.name}{focus}代表工作室", focus
        if kind == Station.Kind.HOME:
            return kind, f"{community.name}代表之家", ""
        return kind, f"{community.name}基层立法联系点", ""

    def _station(
        self,
        state: DistrictState,
        area: Area,
        name: str,
        kind: str,
        focus: str = "",
        description: str = "",
    ) -> Station:
        weekday, hours = self._opening_hours(kind)
        latitude = longitude = None
        if self.rng.random() < 0.85:
            (lat, lon), (dlat, dlon) = state.spec.center, state.spec.spread
            latitude = Decimal(f"{lat + self.rng.uniform(-dlat, dlat):.6f}")
            longitude = Decimal(f"{lon + self.rng.uniform(-dlon, dlon):.6f}")
        code = self._code(self.station_codes)
        self.station_weekday[code] = weekday
        return Station(
            name=name,
            kind=kind,
            focus_id=self.foci[focus].pk if focus else None,
            area_id=area.pk,
            address=self._address(state, area, name),
            latitude=latitude,
            longitude=longitude,
            contact_name=self._person_name(),
            contact_phone=f"0532-8{self.rng.randrange(10**7):07d}",
            opening_hours=hours,
            description=description or data.KIND_DESCRIPTIONS[kind],
            code=code,
            **self._build_items(),
        )

    def _opening_hours(self, kind: str) -> tuple[int | None, str]:
        """A duty weekday (None: any working day) and the opening hours shown to citizens."""
        day = self.rng.randrange(5)
        name = data.WEEKDAY_NAMES[day]
        roll = self.rng.random()
        if kind in (Station.Kind.WORKSTATION, Station.Kind.LEGISLATIVE) and roll < 0.5:
            return None, "工作日 9:00-11:30、14:00-17:00"
        if kind == Station.Kind.CONTACT_POINT and roll < 0.2:
            return 5, "每周六 9:00-11:00"
        if kind == Station.Kind.HOME and roll < 0.4:
            return day, f"每月第一、三周周{name} 9:00-11:30"
        if kind == Station.Kind.LIAISON and roll < 0.4:
            return day, f"每周{name} 14:30-17:00"
        return day, f"每周{name} 9:00-11:30"

    def _build_items(self) -> dict[str, bool]:
        """Most stations meet all six 六有 items; a quarter lack one or two."""
        items = dict.fromkeys(BUILD_ITEMS, True)
        if self.rng.random() < 0.25:
            for item in self.rng.choices(
                MISSABLE_ITEMS, MISSABLE_WEIGHTS, k=self.rng.randint(1, 2)
            ):
                items[item] = False
        return items

    def _address(self, state: DistrictState, area: Area, name: str) -> str:
        sub = area if area.level == SUBDISTRICT else self.area_by_id[area.parent_id]
        number = self.rng.randint(1, 388)
        prefix = f"青岛市{state.spec.name}{sub.name}"
        if sub.name.endswith("镇"):
            if area.level == COMMUNITY:
                return f"{prefix}{area.name}党群服务中心"
            street = self.rng.choice(("大街", "中路", "政府路"))
            return f"{prefix}{sub.name[:-1]}{street}{number}号"
        road = self.rng.choice(state.spec.roads)
        if area.level == COMMUNITY:
            return f"{prefix}{road}{number}号{area.name}党群服务中心"
        if name.endswith("代表联系点"):  # a point in a park, campus or industrial park
            return f"{prefix}{road}{number}号{name.removesuffix('代表联系点')}"
        return f"{prefix}{road}{number}号{self.rng.choice(data.ADDRESS_VENUES)}"

    def _subdistrict_id(self, area_id: int) -> int:
        area = self.area_by_id[area_id]
        return area.pk if area.level == SUBDISTRICT else area.parent_id

    # ----- deputies ----------------------------------------------------------------------

    def _plan_deputies(self, state: DistrictState, count: int) -> list[PlannedDeputy]:
        # The first pass covers every town once so each 代表组 has members of its own.
        subs = list(state.subdistricts)
        self.rng.shuffle(subs)
        planned = []
        for i in range(count):
            sub = subs[i] if i < len(subs) else self.rng.choice(state.subdistricts)
            weights = data.SECTOR_WEIGHTS_TOWN if _is_town(sub) else data.SECTOR_WEIGHTS_URBAN
            sector = self.rng.choices(list(weights), list(weights.values()))[0]
            party_share = 0.9 if sector in ("official", "military") else 0.52
            deputy = Deputy(
                name=self._person_name(),
                district_id=state.area.pk,
                sector=sector,
                is_party_member=self.rng.random() < party_share,
                phone=self._mobile(),
                code=self._code(self.deputy_codes),
            )
            planned.append(PlannedDeputy(deputy, sub))
        return planned

    def _create_deputies(self, planned: list[PlannedDeputy]) -> None:
        """Save the deputies with their mandates, specialties and ambassador roles."""
        bulk_create(Deputy, [p.deputy for p in planned], key=("code",))
        mandates, specialties, ambassadors = [], [], []
        for p in planned:
            deputy, sub = p.deputy, p.subdistrict
            district = self.area_by_id[deputy.district_id]
            for level in self._levels(sub):
                term = data.TERMS[level]
                mandates.append(
                    Mandate(
                        deputy_id=deputy.pk,
                        level=level,
                        electoral_unit=self._electoral_unit(level, district, sub),
                        term_start=date(*term.start),
                        term_end=date(*term.end),
                    )
                )
            chosen = self._specialties(deputy.sector)
            specialties += [
                SpecialtyLink(deputy_id=deputy.pk, specialty_id=self.specialties[name].pk)
                for name in chosen
            ]
            if self.rng.random() < self.districts[district.name].spec.ambassador_share:
                role = self.ambassadors[self._ambassador_role(chosen)]
                ambassadors.append(AmbassadorLink(deputy_id=deputy.pk, ambassadorrole_id=role.pk))
        bulk_create(Mandate, mandates)
        bulk_create(SpecialtyLink, specialties)
        bulk_create(AmbassadorLink, ambassadors)
        self.created["代表"] += len(planned)
        self.created["任职"] += len(mandates)
        self.created["代表专长"] += len(specialties)
        self.created["大使聘任"] += len(ambassadors)

    def _ambassador_role(self, specialties: list[str]) -> str:
        for name in specialties:
            if name in data.SPECIALTY_AMBASSADOR:
                return data.SPECIALTY_AMBASSADOR[name]
        return self.rng.choice(data.AMBASSADOR_ROLES)

    def _levels(self, sub: Area) -> list[str]:
        weights = data.LEVEL_WEIGHTS_TOWN if _is_town(sub) else data.LEVEL_WEIGHTS_URBAN
        first = self.rng.choices(list(weights), list(weights.values()))[0]
        levels = [first]
        if self.rng.random() < 0.25:
            second = data.SECOND_LEVEL[first]
            if first == "county" and _is_town(sub):
                second = "township"
            levels.append(second)
        return levels

    def _electoral_unit(self, level: str, district: Area, sub: Area) -> str:
        # Deputies above the county level are elected by the congress below: a delegation.
        if level in ("county", "township"):
            return f"{sub.name}第{self.rng.randint(1, 9)}选区"
        return {
            "city": f"{district.name}代表团",
            "provincial": "青岛市代表团",
            "national": "山东省代表团",
        }[level]

    def _specialties(self, sector: str) -> list[str]:
        count = self.rng.choices((0, 1, 2), (25, 50, 25))[0]
        pool = list(data.SECTOR_SPECIALTIES.get(sector, data.SPECIALTIES))
        picked = self.rng.sample(pool, min(count, len(pool)))
        if count == 2 and self.rng.random() < 0.3:  # some have a specialty outside their sector
            picked[-1:] = [self.rng.choice([s for s in data.SPECIALTIES if s not in picked])]
        return picked

    def _person_name(self) -> str:
        surnames, weights = zip(*data.SURNAMES, strict=True)
        surname = self.rng.choices(surnames, weights)[0]
        pool = data.GIVEN_FEMALE if self.rng.random() < 0.42 else data.GIVEN_MALE
        length = 1 if self.rng.random() < 0.3 else 2
        return surname + "".join(self.rng.sample(pool, length))

    def _mobile(self) -> str:
        while True:
            phone = f"{self.rng.choice(data.MOBILE_PREFIXES)}{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _code(self, taken: set[str]) -> str:
        while True:
            code = new_public_code()
            if code not in taken:
                taken.add(code)
                return code

    def _community_name(self, spec: data.DistrictSpec, sub: Area, taken: set[str]) -> str:
        suffix = "村" if _is_town(sub) else "社区"
        for _ in range(100):
            stem = self._urban_stem() if spec.urban else self._village_stem()
            if stem + suffix not in taken:
                taken.add(stem + suffix)
                return stem + suffix
        name = f"{sub.name[:2]}第{len(taken) + 1}{suffix}"
        taken.add(name)
        return name

    def _urban_stem(self) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(data.ROAD_STEMS) + "路"
        first, second = self.rng.sample(data.ESTATE_STEMS, 2)
        return first + second + self.rng.choice(data.ESTATE_SUFFIXES)

    def _village_stem(self) -> str:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.35:
            return (
                rng.choice(data.VILLAGE_SURNAMES) + "家" + rng.choice(data.VILLAGE_FAMILY_SUFFIXES)
            )
        if roll < 0.55:
            return rng.choice(data.VILLAGE_SURNAMES) + rng.choice(data.VILLAGE_GE_SUFFIXES)
        if roll < 0.8:
            return rng.choice(data.VILLAGE_PLACE_PREFIXES) + rng.choice(data.VILLAGE_PLACE_SUFFIXES)
        return (
            rng.choice(data.VILLAGE_PLACE_PREFIXES)
            + rng.choice(data.VILLAGE_SURNAMES)
            + "家"
            + rng.choice("庄疃")
        )

    # ----- assignments, groups, roster ------------------------------------------------------

    def _pick_residents(
        self, stations: list[Station], pool: list[int], busy: Iterable[int] = ()
    ) -> dict[int, list[int]]:
        """2–5 resident deputies per station, spread evenly, those without a station first."""
        busy = set(busy)
        fresh = [pk for pk in pool if pk not in busy]
        rest = [pk for pk in pool if pk in busy]
        self.rng.shuffle(fresh)
        self.rng.shuffle(rest)
        order = fresh + rest
        if not order:
            return {}
        counts, weights = zip(*RESIDENTS_PER_STATION.items(), strict=True)
        position, chosen = 0, {}
        for station in stations:
            k = min(self.rng.choices(counts, weights)[0], len(order))
            chosen[station.pk] = [order[(position + j) % len(order)] for j in range(k)]
            position += k
        return chosen

    def _pick_homes(
        self,
        state: DistrictState,
        planned: list[PlannedDeputy],
        stations: list[Station],
        residents: dict[int, list[int]],
    ) -> dict[int, int]:
        """Home community (生活社区) registrations: most resident deputies report twice (双报到)."""
        by_sub: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for station in stations:
            by_sub[self._subdistrict_id(station.area_id)].append((station.pk, station.kind))
        resident_at: dict[int, set[int]] = defaultdict(set)
        for station_id, deputy_ids in residents.items():
            for deputy_id in deputy_ids:
                resident_at[deputy_id].add(station_id)
        homes: dict[int, int] = {}
        for p in planned:
            own = resident_at.get(p.deputy.pk, set())
            if self.rng.random() >= (0.8 if own else 0.55):
                continue
            candidates = [c for c in by_sub.get(p.subdistrict.pk, []) if c[0] not in own]
            if not candidates:
                candidates = [(s.pk, s.kind) for s in stations if s.pk not in own]
            if candidates:
                homes[p.deputy.pk] = self._prefer_home_kinds(candidates)
        return homes

    def _prefer_home_kinds(self, candidates: list[tuple[int, str]]) -> int:
        # One lives near a deputies' home or a community liaison station, not a park's point.
        local = [pk for pk, kind in candidates if kind in (Station.Kind.HOME, Station.Kind.LIAISON)]
        return self.rng.choice(local or [pk for pk, _ in candidates])

    def _choose_login_deputy(
        self, stations: list[Station], residents: dict[int, list[int]], homes: dict[int, int]
    ) -> None:
        """The `deputy` login: resident at the report's 市南 station and registered at home."""
        marker = next(s for s in stations if s.name == data.MARKER_STATION)
        crew = residents[marker.pk]
        deputy_id = next((pk for pk in crew if homes.get(pk, marker.pk) != marker.pk), crew[0])
        if homes.get(deputy_id, marker.pk) == marker.pk:
            own = {pk for pk, crew_ids in residents.items() if deputy_id in crew_ids}
            others = [s for s in stations if s.pk not in own and s.kind == Station.Kind.HOME]
            homes[deputy_id] = self.rng.choice(others).pk
        # First in the rota, so the login has a duty shift to show.
        crew.remove(deputy_id)
        crew.insert(0, deputy_id)
        self.login_deputy_id = deputy_id

    def _assignments(
        self, residents: dict[int, list[int]], homes: dict[int, int]
    ) -> list[StationAssignment]:
        rows = [
            self._assignment(deputy_id, station_id, RESIDENT)
            for station_id, deputy_ids in residents.items()
            for deputy_id in deputy_ids
        ]
        rows += [self._assignment(d, s, HOME) for d, s in homes.items()]
        return rows

    def _assignment(self, deputy_id: int, station_id: int, role: str) -> StationAssignment:
        since = date(2022, 3, 1) + timedelta(days=self.rng.randrange(700))
        return StationAssignment(
            deputy_id=deputy_id, station_id=station_id, role=role, since=min(since, self.today)
        )

    def _plan_groups(self, state: DistrictState, planned: list[PlannedDeputy]) -> None:
        """A 代表组 per town with a leader among its members; 胶州 adds a 代表联组 per town."""
        by_sub: dict[int, list[Deputy]] = defaultdict(list)
        for p in planned:
            by_sub[p.subdistrict.pk].append(p.deputy)
        kinds = [(DeputyGroup.Kind.GROUP, "代表组")]
        if state.spec.name == data.JOINT_GROUP_DISTRICT:
            kinds.append((DeputyGroup.Kind.JOINT, "代表联组"))
        existing = set(
            DeputyGroup.objects.filter(area__district=state.area).values_list("area_id", "name")
        )
        groups, members = [], []
        for sub in state.subdistricts:
            # A town none of the district's deputies lives in borrows one (tiny scale runs).
            crew = by_sub.get(sub.pk) or [self.rng.choice(planned).deputy]
            ranked = sorted(crew, key=lambda d: not d.is_party_member)
            for index, (kind, suffix) in enumerate(kinds):
                name = f"{sub.name}{suffix}"
                if (sub.pk, name) in existing:
                    continue
                leader = ranked[min(index, len(ranked) - 1)]
                groups.append(DeputyGroup(name=name, kind=kind, area_id=sub.pk, leader=leader))
                members.append(crew)
        bulk_create(DeputyGroup, groups, key=("area_id", "name"))
        rows = [
            GroupMembership(deputygroup_id=group.pk, deputy_id=deputy.pk)
            for group, crew in zip(groups, members, strict=True)
            for deputy in crew
        ]
        bulk_create(GroupMembership, rows)
        self.created["代表组"] += len(groups)
        self.created["代表组成员"] += len(rows)

    def _create_shifts(self, stations: list[Station], residents: dict[int, list[int]]) -> None:
        """1–2 duty days per station in each coming month, on its opening weekday."""
        shifts = []
        for station in stations:
            crew = residents.get(station.pk)
            if not crew:
                continue
            rota = cycle(crew)
            weekday = self.station_weekday.get(station.code)
            for window in range(DUTY_WINDOWS):
                start = self.today + timedelta(days=window * DUTY_WINDOW_DAYS)
                days = [start + timedelta(days=n) for n in range(DUTY_WINDOW_DAYS)]
                days = [
                    d
                    for d in days
                    if (d.weekday() == weekday if weekday is not None else d.weekday() < 5)
                ]
                for day in sorted(self.rng.sample(days, min(self.rng.randint(1, 2), len(days)))):
                    shifts.append(
                        DutyShift(
                            station_id=station.pk,
                            deputy_id=next(rota),
                            date=day,
                            note=self.rng.choice(data.DUTY_NOTES),
                        )
                    )
        bulk_create(DutyShift, shifts)
        self.created["排班"] += len(shifts)

    # ----- logins --------------------------------------------------------------------------

    def _ensure_logins(self) -> None:
        """Create the demo accounts that do not exist yet; existing ones are left untouched."""
        # PBKDF2 is slow on purpose; one hash serves every demo account.
        password = make_password(data.DEMO_PASSWORD)
        for login in data.LOGINS:
            user = User.objects.filter(username=login.username).first()
            if user is None:
                user = User(username=login.username, password=password)
                if login.role == "superuser":
                    user.is_staff = user.is_superuser = True
                elif login.role == "department":
                    user.role = Role.DEPARTMENT
                    user.department = Department.objects.get(
                        district=self.districts[login.district].area,
                        name=login.district + login.department,
                    )
                else:
                    user.role = Role(login.role)
                    user.district = self.districts[login.district].area
                user.save()
                for perm in login.permissions:
                    app_label, codename = perm.split(".")
                    user.user_permissions.add(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
                self.created["账号"] += 1
            # Link the login to the chosen deputy unless it already stands for one.
            if (
                login.role == "deputy"
                and self.login_deputy_id
                and not Deputy.objects.filter(user=user).exists()
            ):
                Deputy.objects.filter(pk=self.login_deputy_id).update(user=user)


def _is_town(area: Area) -> bool:
    return area.name.endswith("镇")


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(username, password, role, district, note) for each demo login, as it stands in the db."""
    users = {
        u.username: u for u in User.objects.filter(username__in=[x.username for x in data.LOGINS])
    }
    deputies = dict(
        Deputy.objects.filter(user__in=users.values()).values_list("user__username", "name")
    )
    rows = []
    for login in data.LOGINS:
        user = users.get(login.username)
        if user is None:
            rows.append((login.username, "-", ROLE_LABELS[login.role], login.district, "(未创建)"))
            continue
        note = login.note
        if login.username in deputies:
            note = f"{deputies[login.username]} · {note}"
        district = login.district or "全部"
        rows.append((login.username, data.DEMO_PASSWORD, ROLE_LABELS[login.role], district, note))
    return rows


def text_width(text: str) -> int:
    """Terminal columns taken by `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Left-aligned columns that line up in a terminal, Chinese text included."""
    rows = [list(header), *(list(r) for r in rows)]
    widths = [max(text_width(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - text_width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines
