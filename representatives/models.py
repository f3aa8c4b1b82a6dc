"""Deputies (代表), their mandates, specialties and roles, groups, and station assignments."""

from __future__ import annotations

import uuid
from typing import Self

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.codes import assign_public_code
from portal.models import Area, User
from portal.personal_data import mask_phone, mobile_validator
from portal.scoping import ScopedQuerySet

PHONE_PERMISSION = "representatives.view_deputy_phone"


class Specialty(models.Model):
    """An entry of the deputy specialty list (代表专长清单): law, medicine, education …"""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AmbassadorRole(models.Model):
    """A service role a deputy is appointed to (健康/就业/文化/法援大使)."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("ambassador role")
        verbose_name_plural = _("ambassador roles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    """The level of people's congress a deputy was elected to."""

    NATIONAL = "national", _("national (全国)")
    PROVINCIAL = "provincial", _("provincial (省)")
    CITY = "city", _("city (市)")
    COUNTY = "county", _("district/county (区县)")
    TOWNSHIP = "township", _("township (乡镇)")


class Sector(models.TextChoices):
    """The deputy's sector (界别/身份)."""

    WORKER = "worker", _("workers")
    FARMER = "farmer", _("farmers")
    PROFESSIONAL = "professional", _("professionals and technicians")
    BUSINESS = "business", _("enterprise managers")
    OFFICIAL = "official", _("officials")
    MILITARY = "military", _("armed forces")
    OTHER = "other", _("other")


class DeputyQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(user=user)

    def active(self) -> Self:
        return self.filter(is_active=True)


class Deputy(models.Model):
    """A people's-congress deputy kept by a district's NPC staff."""

    name = models.CharField(_("name"), max_length=40)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="deputies",
        help_text=_("The district whose staff keep this deputy's record."),
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    specialties = models.ManyToManyField(
        Specialty, verbose_name=_("specialties"), blank=True, related_name="deputies"
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    ambassador_roles = models.ManyToManyField(
        AmbassadorRole, verbose_name=_("ambassador roles"), blank=True, related_name="deputies"
    )
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, validators=[mobile_validator]
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
    )
    is_active = models.BooleanField(_("active"), default=True)
    code = models.CharField(
        _("public code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Permanent code in the deputy's QR URL; it never changes."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["district__sort_order", "name", "pk"]
        permissions = [("view_deputy_phone", _("Can see deputies' phone numbers in full"))]
        indexes = [models.Index(fields=["district", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        assign_public_code(self)
        super().save(*args, **kwargs)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def clean(self) -> None:
        if self.district_id and self.district.level != Area.Level.DISTRICT:
            raise ValidationError({"district": _("Choose a district, not a smaller area.")})


class MandateQuerySet(ScopedQuerySet):
    district_lookup = "deputy__district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(deputy__user=user)


class Mandate(models.Model):
    """A deputy's seat in one level of people's congress, with its electoral unit and term."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="mandates"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    electoral_unit = models.CharField(_("electoral unit"), max_length=80, blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["deputy", "level"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "level"], name="mandate_one_per_level"),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="mandate_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_level_display()}"


class DeputyGroupQuerySet(ScopedQuerySet):
    district_lookup = "area__district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(members__user=user).distinct()


class DeputyGroup(models.Model):
    """A deputies' group of a subdistrict (代表组) or a joint group (代表联组)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("deputies' group (代表组)")
        JOINT = "joint", _("joint group (代表联组)")

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.GROUP)
    area = models.ForeignKey(
        Area,
        verbose_name=_("subdistrict / town"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.SUBDISTRICT},
        related_name="deputy_groups",
    )
    leader = models.ForeignKey(
        Deputy,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
    )
    members = models.ManyToManyField(
        Deputy, verbose_name=_("members"), blank=True, related_name="deputy_groups"
    )

    objects = DeputyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputies' group")
        verbose_name_plural = _("deputies' groups")
        ordering = ["area__district__sort_order", "area__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="deputygroup_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.area_id and self.area.level != Area.Level.SUBDISTRICT:
            raise ValidationError({"area": _("A group belongs to a subdistrict or town.")})
        if self.leader_id and self.area_id and self.leader.district_id != self.area.district_id:
            raise ValidationError({"leader": _("The leader must be a deputy of this district.")})

    def validate_members(self, members: list[Deputy]) -> None:
        """Members come from the group's district and include the leader."""
        if self.area_id and any(m.district_id != self.area.district_id for m in members):
            raise ValidationError({"members": _("Every member must be a deputy of this district.")})
        if self.leader_id and self.leader_id not in {m.pk for m in members}:
            raise ValidationError({"members": _("The leader must be one of the members.")})


class StationAssignmentQuerySet(ScopedQuerySet):
    district_lookup = "station__area__district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(deputy__user=user)


class StationAssignment(models.Model):
    """A deputy's registration at a station: resident there, or their home community (双报到)."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("resident at the station (驻站)")
        HOME = "home", _("home community (生活社区)")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="assignments"
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("confirmed by the deputy at"),
        null=True,
        blank=True,
        help_text=_("When the deputy confirmed this registration (双报到) on their phone."),
    )

    objects = StationAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("station assignment")
        verbose_name_plural = _("station assignments")
        ordering = ["station", "role", "deputy"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "station", "role"], name="assignment_unique"),
            models.UniqueConstraint(
                fields=["deputy"],
                condition=models.Q(role="home"),
                name="assignment_one_home_community",
                violation_error_message=_("A deputy has only one home community."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.station} ({self.get_role_display()})"

    def clean(self) -> None:
        # Compare the related objects, not their ids: in an admin inline the deputy or the
        # station being added has no id yet when its registrations are validated.
        try:
            deputy_district = self.deputy.district_id
            station_district = self.station.area.district_id
        except ObjectDoesNotExist:
            return  # the missing deputy, station or area is reported on its own field
        if deputy_district and station_district and deputy_district != station_district:
            raise ValidationError(_("The deputy and the station must be in the same district."))


# ----- activities (履职活动), the year's targets (年度履职清单) ---------------------------------


class ActivityType(models.Model):
    """A kind of duty activity (接待选民, 走访, 马扎议事 …): a staff-kept shared list."""

    class Counts(models.TextChoices):
        """Which line of the annual targets an activity of this type counts towards."""

        NONE = "", _("activities only")
        RECEPTION = "reception", _("receptions of voters")
        TRAINING = "training", _("trainings")
        REPORT = "report", _("report to voters (述职)")

    name = models.CharField(_("name"), max_length=40, unique=True)
    counts_as = models.CharField(
        _("counts as"), max_length=10, choices=Counts.choices, blank=True, default=""
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_deputy(self, user: User) -> Self:
        # A deputy sees what they logged and what they took part in.
        return self._logged_or_joined(deputy__user=user)

    def of_deputy(self, deputy: Deputy) -> Self:
        """What `deputy` logged or took part in as a fellow deputy, each once."""
        return self._logged_or_joined(deputy=deputy)

    def _logged_or_joined(self, **deputy: object) -> Self:
        # A union of two index reads. An OR across the fellow join (`Q(deputy=…) |
        # Q(fellow_deputies=…)`) makes PostgreSQL read every activity of the period instead
        # (30 ms a query at 200,000 activities), and repeats an activity it matches twice.
        logged = self.model._default_manager.filter(**deputy).order_by().values("pk")
        joined = self.model.fellow_deputies.through.objects.filter(**deputy).values("activity_id")
        return self.filter(pk__in=logged.union(joined))

    def in_year(self, year: int) -> Self:
        return self.filter(date__year=year)


class Activity(models.Model):
    """One duty activity (履职活动) a deputy logged: the entry of the duty ledger (履职台账)."""

    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="activities",
        editable=False,
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="activities"
    )
    type = models.ForeignKey(
        ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="activities"
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(_("other place"), max_length=120, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    fellow_deputies = models.ManyToManyField(
        Deputy, verbose_name=_("fellow deputies"), blank=True, related_name="joint_activities"
    )
    participants = models.PositiveIntegerField(_("participants (人次)"), default=0)
    households = models.PositiveIntegerField(_("households served"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    raised_issues = models.ManyToManyField(
        "issues.Issue",
        verbose_name=_("issues raised"),
        blank=True,
        editable=False,
        related_name="activities",
    )
    # Generated in the deputy's browser: a form sent again after a dropped connection is
    # stored once, and the repeat is answered with the stored activity.
    idempotency_key = models.UUIDField(
        _("submission key"), unique=True, default=uuid.uuid4, editable=False
    )
    # Empty for entries carried over from paper ledgers (and the demo's history).
    created_by = models.ForeignKey(
        User,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities (履职台账)")
        ordering = ["-date", "-pk"]
        indexes = [
            # The duty ledger's totals (count, participants, households) of a district's
            # selection read this index alone, not the rows: 23,000 activities in 4.7 ms
            # rather than 9 (docs/PERFORMANCE.md).
            models.Index(
                fields=["district", "date"],
                include=["id", "type", "deputy", "station", "participants", "households"],
                name="activity_district_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.type} · {self.deputy}"

    @property
    def venue(self) -> str:
        return self.venue_from(self.station.name if self.station_id else None, self.place)

    @staticmethod
    def venue_from(station_name: str | None, place: str) -> str:
        """Where it took place: the station's name, else the place typed in (rows read as values
        use this too)."""
        return station_name if station_name is not None else place


def activity_photo_path(instance: ActivityPhoto, filename: str) -> str:
    # A random name: the path says nothing about the activity and cannot be guessed.
    return f"activities/{uuid.uuid4().hex}.{instance.extension}"


def activity_rendition_path(instance: ActivityPhoto, filename: str) -> str:
    # Always JPEG; nothing of the model's own (its data migration passes a historical one).
    return f"activities/{uuid.uuid4().hex}.jpg"


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded without metadata and served through a checking view."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("image"), upload_to=activity_photo_path)
    # The small JPEG the activity page shows, as for issues' photos (issues.photos).
    rendition = models.FileField(upload_to=activity_rendition_path, blank=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.pk}.{self.extension}"

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"


class ActivityCorrectionQuerySet(ScopedQuerySet):
    district_lookup = "activity__district"


class ActivityCorrection(models.Model):
    """A staff correction of a ledger entry: who, when, and each field's old and new value."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="corrections"
    )
    actor = models.ForeignKey(
        User, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    # {"field": ["old", "new"], …} as text, readable without the code.
    changes = models.JSONField(_("changes"), default=dict)

    objects = ActivityCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity correction")
        verbose_name_plural = _("activity corrections")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity} · {self.created_at:%Y-%m-%d %H:%M}"


class AnnualTargetQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(district__deputies__user=user)


class AnnualTarget(models.Model):
    """What a district asks of each deputy in a year (年度履职清单)."""

    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="annual_targets",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    receptions = models.PositiveSmallIntegerField(_("receptions of voters"), default=0)
    activities = models.PositiveSmallIntegerField(_("activities"), default=0)
    trainings = models.PositiveSmallIntegerField(_("trainings"), default=0)
    report_required = models.BooleanField(_("report to voters (述职) required"), default=False)

    objects = AnnualTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets (年度履职清单)")
        ordering = ["-year", "district__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="annualtarget_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"


# The parts of a deputy's year that are weighted, in the order the board and report show them.
ASSESSMENT_PARTS = (
    "activities",
    "receptions",
    "trainings",
    "report",
    "issues_on_time",
    "duty_attendance",
)


class AssessmentWeightsQuerySet(ScopedQuerySet):
    district_lookup = "district"


class AssessmentWeights(models.Model):
    """How much each part of a deputy's year counts in the assessment (考核权重), per district.

    Kept per district *and year*, like the annual targets: a district that changes its
    weights for next year does not rewrite the merit board (争先创优榜) it already published.
    A year without its own row uses the district's latest earlier row, then these defaults
    (see `representatives.assessment.weights_for`), so staff set weights once and only
    touch them when the rules change.
    """

    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="assessment_weights",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    activities = models.PositiveSmallIntegerField(_("weight: activities"), default=25)
    receptions = models.PositiveSmallIntegerField(_("weight: receptions of voters"), default=20)
    issues_on_time = models.PositiveSmallIntegerField(
        _("weight: issues handled on time"), default=15
    )
    duty_attendance = models.PositiveSmallIntegerField(_("weight: duty attendance"), default=15)
    trainings = models.PositiveSmallIntegerField(_("weight: trainings"), default=15)
    report = models.PositiveSmallIntegerField(_("weight: report to voters (述职)"), default=10)

    objects = AssessmentWeightsQuerySet.as_manager()

    FIELDS = ASSESSMENT_PARTS

    class Meta:
        verbose_name = _("assessment weights")
        verbose_name_plural = _("assessment weights (考核权重)")
        ordering = ["-year", "district__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="assessmentweights_once_a_year"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 0}),
                    name=f"assessmentweights_{field}_not_negative",
                )
                for field in ASSESSMENT_PARTS
            ),
            # All zero would make every score 0 ÷ 0: at least one part must count.
            models.CheckConstraint(
                condition=models.Q(activities__gt=0)
                | models.Q(receptions__gt=0)
                | models.Q(issues_on_time__gt=0)
                | models.Q(duty_attendance__gt=0)
                | models.Q(trainings__gt=0)
                | models.Q(report__gt=0),
                name="assessmentweights_some_weight",
                violation_error_message=_("At least one weight must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"

    @property
    def total(self) -> int:
        return sum(getattr(self, field) for field in self.FIELDS)
