"""factory_boy factories for the domain models."""

import factory
from factory.django import DjangoModelFactory

from portal.models import Area, User
from portal.roles import Role
from representatives.models import (
    AmbassadorRole,
    Deputy,
    DeputyGroup,
    Level,
    Mandate,
    Specialty,
    StationAssignment,
)
from stations.models import DutyShift, Station, StationFocus


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Area.Level.DISTRICT


class SubdistrictFactory(DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试街道{n}")
    level = Area.Level.SUBDISTRICT
    parent = factory.SubFactory(DistrictFactory)


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试社区{n}")
    level = Area.Level.COMMUNITY
    parent = factory.SubFactory(SubdistrictFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.DISTRICT_STAFF
    district = factory.SubFactory(DistrictFactory)
    is_staff = True


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class StationFocusFactory(DjangoModelFactory):
    class Meta:
        model = StationFocus
        django_get_or_create = ("name",)

    name = "城市管理"


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"测试代表联络站{n}")
    kind = Station.Kind.LIAISON
    area = factory.SubFactory(SubdistrictFactory)
    address = factory.Sequence(lambda n: f"测试路{n}号")


class SpecialtyFactory(DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("name",)

    name = "法律"


class AmbassadorRoleFactory(DjangoModelFactory):
    class Meta:
        model = AmbassadorRole
        django_get_or_create = ("name",)

    name = "健康大使"


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Sequence(lambda n: f"代表{n}")
    district = factory.SubFactory(DistrictFactory)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class DeputyUserFactory(UserFactory):
    role = Role.DEPUTY


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = Mandate

    deputy = factory.SubFactory(DeputyFactory)
    level = Level.COUNTY
    electoral_unit = "第一选区"


class DeputyGroupFactory(DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    name = factory.Sequence(lambda n: f"代表组{n}")
    area = factory.SubFactory(SubdistrictFactory)


class StationAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = StationAssignment

    deputy = factory.SubFactory(DeputyFactory)
    station = factory.SubFactory(StationFactory)
    role = StationAssignment.Role.RESIDENT


class DutyShiftFactory(DjangoModelFactory):
    class Meta:
        model = DutyShift

    station = factory.SubFactory(StationFactory)
    deputy = factory.SubFactory(DeputyFactory)
    date = factory.Faker("date_this_year")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = "issues.Category"
        django_get_or_create = ("name",)

    name = "环境卫生"
    default_days = 10


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = "portal.Department"

    name = factory.Sequence(lambda n: f"测试局{n}")
    district = factory.SubFactory(DistrictFactory)


class DepartmentUserFactory(UserFactory):
    role = Role.DEPARTMENT
    department = factory.SubFactory(DepartmentFactory)


class IssueFactory(DjangoModelFactory):
    """An issue as submitted (state 收集); use issues.services to move it on."""

    class Meta:
        model = "issues.Issue"

    tracking_number = factory.Sequence(lambda n: f"T-2026-{n:06d}")
    district = factory.SubFactory(DistrictFactory)
    source = "station_qr"
    category = factory.SubFactory(CategoryFactory)
    text = "小区门口路灯坏了三个月,晚上出行不安全。"
    citizen_name = "王群众"
    citizen_phone = factory.Sequence(lambda n: f"137{n:08d}")


def issue_in_state(state: str = "submitted", **fields):
    """An issue put straight into `state` with what that state implies (test set-up only).

    Open states get a deadline five days ahead unless one is given; a merged issue gets a
    target. Transitions themselves are exercised through issues.services.
    """
    from datetime import timedelta

    from django.utils import timezone

    from issues.models import OPEN_STATES, State

    if state in OPEN_STATES:
        fields.setdefault("deadline", timezone.now() + timedelta(days=5))
    if state == State.MERGED and "merged_into" not in fields:
        district = fields.get("district") or DistrictFactory()
        fields["district"] = district
        fields["merged_into"] = IssueFactory(district=district)
    return IssueFactory(state=state, **fields)


class BlockedPhoneFactory(DjangoModelFactory):
    class Meta:
        model = "issues.BlockedPhone"

    phone = factory.Sequence(lambda n: f"170{n:08d}")
    reason = "反复提交辱骂内容"
    created_by = factory.SubFactory(SuperuserFactory)


# ----- activities (履职活动) and annual targets ---------------------------------------------


class ActivityTypeFactory(DjangoModelFactory):
    """Seeded by a migration: fetched by name, created only if missing."""

    class Meta:
        model = "representatives.ActivityType"
        django_get_or_create = ("name",)

    name = "接待选民"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = "representatives.Activity"

    deputy = factory.SubFactory(DeputyFactory)
    district = factory.SelfAttribute("deputy.district")
    type = factory.SubFactory(ActivityTypeFactory)
    place = "社区广场"
    date = factory.LazyFunction(lambda: _today())
    participants = 10
    created_by = factory.SubFactory(DeputyUserFactory)


class AnnualTargetFactory(DjangoModelFactory):
    class Meta:
        model = "representatives.AnnualTarget"

    district = factory.SubFactory(DistrictFactory)
    year = 2026
    receptions = 4
    activities = 12
    trainings = 2
    report_required = True


def _today():
    from django.utils import timezone

    return timezone.localdate()
