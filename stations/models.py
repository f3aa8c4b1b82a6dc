"""Liaison stations (家站点), their 六有 build checklist and the duty roster (进站排班)."""

from __future__ import annotations

from typing import Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import new_generation
from portal.codes import assign_public_code
from portal.models import Area, User
from portal.scoping import ScopedQuerySet


class StationFocus(models.Model):
    """A field a station specialises in (城市管理, 特色农业, 新就业群体 …): a shared vocabulary."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("station focus")
        verbose_name_plural = _("station focuses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BuildItem(models.TextChoices):
    """The six items of the 六有 build standard (平度)."""

    SITE = "has_site", _("a suitable site")
    PUBLIC_INFO = "has_public_info", _("deputies' information publicly posted")
    RULES = "has_rules", _("written rules")
    PLAN = "has_plan", _("a feasible activity plan")
    LEDGER = "has_ledger", _("a clear duty ledger")
    FACILITIES = "has_facilities", _("adequate facilities")


BUILD_ITEMS = [item.value for item in BuildItem]


class StationQuerySet(ScopedQuerySet):
    district_lookup = "area__district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(assignments__deputy__user=user).distinct()

    def active(self) -> Self:
        return self.filter(is_active=True)

    def set_active(self, active: bool) -> int:
        """Open or close these stations in one UPDATE; their kept QR lookups are forgotten.

        An UPDATE sends no post_save, so this starts the new generation itself: a closed
        station's QR form must refuse at once (`issues.public_selectors.intake_station`).
        """
        updated = self.update(is_active=active)
        new_generation()
        return updated

    def specialised_homes(self) -> Self:
        """专业代表之家: see `specialised_home_q`."""
        return self.filter(specialised_home_q())

    def with_build_score(self) -> Self:
        """Annotate `build_score_db`: how many of the six 六有 items the station meets."""
        score = sum(
            (models.Case(models.When(**{item: True}, then=1), default=0) for item in BUILD_ITEMS),
            start=models.Value(0),
        )
        return self.annotate(build_score_db=score)


class Station(models.Model):
    """A liaison venue, one of 家、站、室、点."""

    class Kind(models.TextChoices):
        HOME = "home", _("Deputies' home (代表之家)")
        LIAISON = "liaison", _("Liaison station (代表联络站)")
        WORKSTATION = "workstation", _("Deputy studio / specialised workstation (代表工作室)")
        CONTACT_POINT = "contact_point", _("Contact point (代表联系点)")
        LEGISLATIVE = "legislative", _("Grassroots legislative contact point (基层立法联系点)")

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    focus = models.ForeignKey(
        StationFocus,
        verbose_name=_("focus field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="stations",
        help_text=_("The subdistrict/town or community/village the station serves."),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(
        _("contact telephone"),
        max_length=20,
        blank=True,
        help_text=_("The station's public telephone, shown to citizens."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    has_site = models.BooleanField(BuildItem.SITE.label, default=False)
    has_public_info = models.BooleanField(BuildItem.PUBLIC_INFO.label, default=False)
    has_rules = models.BooleanField(BuildItem.RULES.label, default=False)
    has_plan = models.BooleanField(BuildItem.PLAN.label, default=False)
    has_ledger = models.BooleanField(BuildItem.LEDGER.label, default=False)
    has_facilities = models.BooleanField(BuildItem.FACILITIES.label, default=False)
    is_active = models.BooleanField(_("active"), default=True)
    code = models.CharField(
        _("public code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Permanent code in the station's QR URL; it never changes."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["area__district__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="station_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        assign_public_code(self)
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        """`get_kind_display()` without rebuilding the choices' dict on every call."""
        return Station.Kind(self.kind).label

    @property
    def subdistrict(self) -> Area:
        """The subdistrict/town the station belongs to, whether it sits there or in a community."""
        return self.area.parent if self.area.level == Area.Level.COMMUNITY else self.area

    @property
    def build_score(self) -> int:
        """How many of the six 六有 items the station meets."""
        return sum(bool(getattr(self, item)) for item in BUILD_ITEMS)

    @property
    def is_build_compliant(self) -> bool:
        return self.build_score == len(BUILD_ITEMS)

    @property
    def missing_build_items(self) -> list[str]:
        return [str(item.label) for item in BuildItem if not getattr(self, item.value)]

    def clean(self) -> None:
        if self.area_id and self.area.level == Area.Level.DISTRICT:
            raise ValidationError(
                {"area": _("Choose the subdistrict/town or community the station serves.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


def specialised_home_q(station: str = "") -> models.Q:
    """A 专业代表之家 (平度's specialised homes): a deputies' home with a focus field.

    `station` is the path to the station ("station__" from an activity, "" on a station).
    A plain 代表之家 (one per subdistrict) has no focus; the nine of 平度 each have one
    (特色农业, 文化教育, 法制宣传, 传统工艺).
    """
    return models.Q(**{f"{station}kind": Station.Kind.HOME, f"{station}focus__isnull": False})


class DutyShiftQuerySet(ScopedQuerySet):
    district_lookup = "station__area__district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(deputy__user=user)


class DutyShift(models.Model):
    """A planned day on which a deputy is on duty at a station (进站排班)."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    deputy = models.ForeignKey(
        "representatives.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="duty_shifts",
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(
        _("checked in at"),
        null=True,
        blank=True,
        help_text=_("When the deputy checked in at the station (进站签到)."),
    )

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["date", "station"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "deputy", "date"], name="dutyshift_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.station} · {self.deputy}"

    def clean(self) -> None:
        if (
            self.station_id
            and self.deputy_id
            and self.station.area.district_id != self.deputy.district_id
        ):
            raise ValidationError(_("The deputy and the station must be in the same district."))
