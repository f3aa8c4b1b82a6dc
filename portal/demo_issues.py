"""Demo citizen issues: categories, departments, and issues whose figures the report quotes.

莱西 "代表月月谈": 15 monthly talks since 2024 with 90 problems solved; 胶州 "直通车": 30-odd items
transferred with a 95% completion rate; every district also gets issues in every state, some
due within a day and some overdue, so the workbench and the reminders have work to show.
History is written directly (with its events), not replayed through the services: it is the
past, and the services would stamp it with today's date.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from issues.models import Category, Issue, IssueEvent, Rating, Source, State, TrackingCounter
from portal import demo_data as data
from portal.models import Area, Department, User
from representatives.models import Deputy
from stations.models import Station

CATEGORIES = (
    ("环境卫生", 10),
    ("道路交通", 15),
    ("物业管理", 15),
    ("城市管理", 10),
    ("老旧小区改造", 30),
    ("就业创业", 20),
    ("社会保障", 20),
    ("教育医疗", 20),
    ("矛盾纠纷", 7),
    ("法律咨询", 7),
    ("其他", 15),
)
DEPARTMENTS = (
    "城市管理局",
    "住房和城乡建设局",
    "交通运输局",
    "人力资源和社会保障局",
    "教育和体育局",
    "卫生健康局",
    "民政局",
    "司法局",
)
CATEGORY_DEPARTMENT = {
    "环境卫生": "城市管理局",
    "城市管理": "城市管理局",
    "道路交通": "交通运输局",
    "物业管理": "住房和城乡建设局",
    "老旧小区改造": "住房和城乡建设局",
    "就业创业": "人力资源和社会保障局",
    "社会保障": "民政局",
    "教育医疗": "卫生健康局",
    "矛盾纠纷": "司法局",
    "法律咨询": "司法局",
    "其他": "民政局",
}
TEXTS = {
    "环境卫生": ["小区垃圾桶满溢无人清运,夏天气味很大。", "河道边堆放建筑垃圾,希望尽快清理。"],
    "道路交通": ["学校门口早晚高峰拥堵,建议增设护学岗。", "路口红绿灯时间太短,老人过马路困难。"],
    "物业管理": ["物业长期不维修电梯,住户上下楼不便。", "小区消防通道被车辆占用,物业不管。"],
    "城市管理": ["城区非机动车乱停放,占用人行道。", "西黄埠社区路面破损,雨天积水。"],
    "老旧小区改造": ["老旧小区希望增设停车位。", "楼道照明和外墙保温希望纳入改造。"],
    "就业创业": ["外卖骑手希望有歇脚充电的驿站。", "希望多举办家门口的招聘会。"],
    "社会保障": ["高龄老人补贴申领流程不清楚。", "社区助餐点希望延长开放时间。"],
    "教育医疗": ["社区卫生服务站周末不开门。", "希望开设婴幼儿托育服务。"],
    "矛盾纠纷": ["楼上漏水多次协商无果,希望调解。", "邻里因占用公共空间发生纠纷。"],
    "法律咨询": ["拖欠工资如何维权?", "房屋租赁合同纠纷需要法律帮助。"],
    "其他": ["建议在公园增设健身器材。", "希望社区多组织文化活动。"],
}
ANSWERS = [
    "已协调相关部门现场处置,问题已解决,感谢您的反映。",
    "经核实,已纳入年度实施计划,将于近期完工。",
    "已约谈物业公司并督促整改,社区将持续跟进。",
    "已组织人大代表与部门现场会诊,制定了解决方案并落实。",
]
CITIZEN_NAMES = [
    "王秀英",
    "李建国",
    "张丽",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周强",
    "吴霞",
    "徐刚",
    "孙燕",
]
# Issues per district in each state, besides the report's figures.
STATE_MIX = (
    (State.SUBMITTED, 3),
    (State.REGISTERED, 3),
    (State.TRANSFERRED, 3),
    (State.IN_PROGRESS, 2),
    (State.ANSWERED, 2),
    (State.CLOSED, 6),
    (State.REOPENED, 1),
    (State.REJECTED, 1),
)
MONTHLY_TALKS = 15
PROBLEMS_PER_TALK = 6  # 15 × 6 = the 90 problems solved (莱西)
HOTLINE_ITEMS = 40  # 胶州: "30余件" transferred …
HOTLINE_DONE = 38  # … and 95% of them completed


def ensure_district_codes() -> None:
    for name, code in data.DISTRICT_CODES.items():
        Area.objects.filter(level=Area.Level.DISTRICT, name=name, code="").update(code=code)


def ensure_categories() -> dict[str, Category]:
    for order, (name, days) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            name=name, defaults={"default_days": days, "sort_order": order}
        )
    return {c.name: c for c in Category.objects.all()}


def ensure_departments(districts: list[Area]) -> dict[tuple[int, str], Department]:
    existing = {(d.district_id, d.name) for d in Department.objects.filter(district__in=districts)}
    Department.objects.bulk_create(
        Department(district=district, name=f"{district.name}{short}")
        for district in districts
        for short in DEPARTMENTS
        if (district.pk, f"{district.name}{short}") not in existing
    )
    return {
        (d.district_id, d.name.removeprefix(d.district.name)): d
        for d in Department.objects.filter(district__in=districts).select_related("district")
    }


class IssueWriter:
    """Builds issues with their events in memory and writes them in bulk."""

    def __init__(self, rng: random.Random, today: date, categories: dict[str, Category]):
        self.rng = rng
        # Deadlines "within a day" must hold from the moment the demo is loaded.
        if today == timezone.localdate():
            self.now = timezone.now()
        else:
            self.now = timezone.make_aware(datetime.combine(today, time(10, 0)))
        self.categories = categories
        self.sequence: Counter[tuple[int, int]] = Counter()
        self.issues: list[Issue] = []
        self.events: list[list[IssueEvent]] = []

    def add(
        self,
        district: Area,
        state: str,
        *,
        submitted: datetime,
        source: str,
        category: str,
        station: Station | None,
        deputy: Deputy | None,
        department: Department | None,
        staff: User | None,
        text: str | None = None,
        deadline: datetime | None = None,
        rating: str = "",
    ) -> None:
        year = timezone.localtime(submitted).year
        self.sequence[(district.pk, year)] += 1
        number = f"{district.code}-{year}-{self.sequence[(district.pk, year)]:06d}"
        cat = self.categories[category]
        anonymous = self.rng.random() < 0.2
        issue = Issue(
            tracking_number=number,
            district=district,
            station=station,
            deputy=deputy,
            source=source,
            category=cat,
            text=text or self.rng.choice(TEXTS[category]),
            citizen_name="" if anonymous else self.rng.choice(CITIZEN_NAMES),
            citizen_phone="" if anonymous else f"13{self.rng.randint(500000000, 999999999)}",
            state=state,
            submitted_at=submitted,
        )
        events = [
            IssueEvent(
                action="submit", to_state=State.SUBMITTED, is_public=True, created_at=submitted
            )
        ]
        at = submitted
        path = {
            State.SUBMITTED: [],
            State.REJECTED: [State.REJECTED],
            State.REGISTERED: [State.REGISTERED],
            State.IN_PROGRESS: [State.REGISTERED, State.IN_PROGRESS],
            State.TRANSFERRED: [State.REGISTERED, State.TRANSFERRED],
            State.ANSWERED: [State.REGISTERED, State.TRANSFERRED, State.ANSWERED],
            State.CLOSED: [State.REGISTERED, State.TRANSFERRED, State.ANSWERED, State.CLOSED],
            State.REOPENED: [State.REGISTERED, State.ANSWERED, State.REOPENED],
        }[state]
        previous = State.SUBMITTED
        for step in path:
            at = min(at + timedelta(hours=self.rng.randint(4, 60)), self.now - timedelta(hours=1))
            action, note, public = self._step(step, issue, department, rating)
            if step == State.REGISTERED:
                issue.registered_at = at
                issue.deadline = deadline or at + timedelta(days=cat.default_days)
            if step == State.TRANSFERRED:
                issue.department = department
            if step == State.ANSWERED:
                issue.answer = note
                issue.answered_at = at
            if step == State.CLOSED:
                issue.closed_at = at
                issue.rating = rating or self.rng.choice(
                    [Rating.SATISFIED] * 4 + [Rating.BASICALLY]
                )
                note = str(Rating(issue.rating).label)
            if step == State.REOPENED:
                issue.rating = Rating.UNSATISFIED
                issue.deadline = at + timedelta(days=cat.default_days)
            actor = None if step in (State.CLOSED, State.REOPENED) else staff
            events.append(
                IssueEvent(
                    action=action,
                    actor=actor,
                    from_state=previous,
                    to_state=step,
                    note=note,
                    is_public=public,
                    created_at=at,
                )
            )
            previous = step
        if deadline is not None and state in (
            State.REGISTERED,
            State.TRANSFERRED,
            State.IN_PROGRESS,
            State.REOPENED,
        ):
            issue.deadline = deadline
        self.issues.append(issue)
        self.events.append(events)

    def _step(self, step: str, issue: Issue, department, rating: str) -> tuple[str, str, bool]:
        if step == State.REGISTERED:
            return "register", "已挂号,明确责任人和办理时限。", True
        if step == State.TRANSFERRED:
            return "transfer", f"转办{department}" if department else "转办", True
        if step == State.IN_PROGRESS:
            return "start", "代表已现场查看。", True
        if step == State.ANSWERED:
            return "answer", self.rng.choice(ANSWERS), True
        if step == State.REJECTED:
            return "reject", "不属于人大代表受理范围,已告知群众其他反映渠道。", True
        if step == State.REOPENED:
            return "rate", "不满意:问题仍未解决", True
        return "rate", "", True

    def save(self) -> int:
        Issue.objects.bulk_create(self.issues, batch_size=500)
        # bulk_create fills primary keys on PostgreSQL and SQLite ≥ 3.35, which we rely on.
        rows = []
        for issue, events in zip(self.issues, self.events, strict=True):
            for event in events:
                event.issue = issue
                rows.append(event)
        IssueEvent.objects.bulk_create(rows, batch_size=1000)
        for (district_id, year), last in self.sequence.items():
            counter, _ = TrackingCounter.objects.get_or_create(district_id=district_id, year=year)
            if counter.last < last:
                TrackingCounter.objects.filter(pk=counter.pk).update(last=last)
        return len(self.issues)


def load_issues(districts: list[Area], *, rng: random.Random, today: date) -> Counter[str]:
    """Categories, departments and the demo issues of the ten districts."""
    created: Counter[str] = Counter()
    categories = ensure_categories()
    departments = ensure_departments(districts)
    writer = IssueWriter(rng, today, categories)
    now = writer.now
    staff = {u.district_id: u for u in User.objects.filter(role="district_staff")}
    names = list(categories)
    for district in districts:
        stations = list(Station.objects.filter(area__district=district)[:40])
        deputies = list(Deputy.objects.filter(district=district)[:40])
        person = staff.get(district.pk)
        for state, count in STATE_MIX:
            for index in range(count):
                category = rng.choice(names)
                deadline = None
                if state in (State.REGISTERED, State.TRANSFERRED) and index == 0:
                    deadline = now + timedelta(hours=rng.randint(3, 20))  # due within a day
                elif state in (State.REGISTERED, State.TRANSFERRED, State.IN_PROGRESS):
                    deadline = now - timedelta(days=rng.choice([1, 2, 4]))  # overdue
                source = rng.choice([Source.STATION_QR] * 3 + [Source.DEPUTY_QR, Source.RECEPTION])
                writer.add(
                    district,
                    state,
                    submitted=now - timedelta(days=rng.randint(5, 120), hours=rng.randint(0, 9)),
                    source=source,
                    category=category,
                    station=rng.choice(stations) if stations else None,
                    deputy=rng.choice(deputies)
                    if source != Source.STATION_QR and deputies
                    else None,
                    department=departments[(district.pk, CATEGORY_DEPARTMENT[category])],
                    staff=person,
                    deadline=deadline,
                )
        if district.name == "莱西市":
            _monthly_talks(writer, district, deputies, departments, person)
        if district.name == "胶州市":
            _hotline(writer, district, deputies, departments, person)
    created["群众诉求"] += writer.save()
    created["诉求分类"] = len(categories)
    return created


def monthly_talk_date(talk: int) -> date:
    """The day the `talk`-th 代表月月谈 was held (one a month since March 2024)."""
    return date(2024, 3, 15) + timedelta(days=30 * talk)


def _monthly_talks(writer, district, deputies, departments, staff) -> None:
    """莱西 代表月月谈: one talk a month since 2024, six problems taken up and solved at each."""
    for talk in range(MONTHLY_TALKS):
        held = timezone.make_aware(datetime.combine(monthly_talk_date(talk), time(9, 30)))
        for _ in range(PROBLEMS_PER_TALK):
            category = writer.rng.choice(["城市管理", "老旧小区改造", "道路交通", "物业管理"])
            writer.add(
                district,
                State.CLOSED,
                submitted=held,
                source=Source.MONTHLY_TALK,
                category=category,
                station=None,
                deputy=writer.rng.choice(deputies) if deputies else None,
                department=departments[(district.pk, CATEGORY_DEPARTMENT[category])],
                staff=staff,
                rating=Rating.SATISFIED,
            )


def _hotline(writer, district, deputies, departments, staff) -> None:
    """胶州 直通车: items deputies sent by hotline, transferred; 95% of them completed."""
    for index in range(HOTLINE_ITEMS):
        category = writer.rng.choice(["社会保障", "就业创业", "矛盾纠纷", "城市管理"])
        writer.add(
            district,
            State.CLOSED if index < HOTLINE_DONE else State.TRANSFERRED,
            submitted=writer.now - timedelta(days=writer.rng.randint(20, 300)),
            source=Source.HOTLINE,
            category=category,
            station=None,
            deputy=writer.rng.choice(deputies) if deputies else None,
            department=departments[(district.pk, CATEGORY_DEPARTMENT[category])],
            staff=staff,
        )
