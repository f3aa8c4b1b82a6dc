"""The area tree (district → subdistrict → community), user accounts and the personal-data log."""

from __future__ import annotations

from typing import Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from portal.roles import Role
from portal.scoping import ScopedQuerySet


class AreaQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_deputy(self, user: User) -> Self:
        return self.filter(district__deputies__user=user).distinct()

    def districts(self) -> Self:
        return self.filter(level=Area.Level.DISTRICT)


class Area(models.Model):
    """A node of the area tree: 区/市 → 街道/镇 → 社区/村."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("district / county-level city")
        SUBDISTRICT = "subdistrict", _("subdistrict / town")
        COMMUNITY = "community", _("community / village")

    PARENT_LEVEL = {Level.SUBDISTRICT: Level.DISTRICT, Level.COMMUNITY: Level.SUBDISTRICT}

    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The district this area lies in (itself for a district): denormalised from the
    # parent chain so that scoping any row to a district is one indexed comparison.
    district = models.ForeignKey(
        "self",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    code = models.CharField(
        _("code"),
        max_length=6,
        blank=True,
        help_text=_("A district's short letters, which start its issues' tracking numbers."),
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="area_unique_district_name",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level="district", parent__isnull=True)
                    | (~models.Q(level="district") & models.Q(parent__isnull=False))
                ),
                name="area_only_districts_are_roots",
            ),
        ]

    def __str__(self) -> str:
        if self.level == self.Level.DISTRICT or self.parent is None:
            return self.name
        # One level up is enough to tell areas apart and costs no extra query in lists.
        return f"{self.parent.name}·{self.name}"

    def save(self, *args, **kwargs) -> None:
        if self.parent_id:
            self.district_id = self.parent.district_id
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.level == self.Level.DISTRICT and self.district_id != self.pk:
                self.district_id = self.pk
                type(self).objects.filter(pk=self.pk).update(district=self.pk)
            # A subdistrict moved to another district takes its communities along.
            type(self).objects.filter(parent=self).exclude(district=self.district_id).update(
                district=self.district_id
            )

    def clean(self) -> None:
        expected = self.PARENT_LEVEL.get(self.level)
        if expected is None:
            if self.parent_id:
                raise ValidationError({"parent": _("A district has no parent area.")})
            return
        if self.parent is None or self.parent.level != expected:
            raise ValidationError(
                {
                    "parent": _("The parent of a %(level)s must be a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": self.Level(expected).label}
                }
            )


class DepartmentQuerySet(ScopedQuerySet):
    district_lookup = "district"

    def for_department_user(self, user: User) -> Self:
        return self.filter(pk=user.department_id)


class Department(models.Model):
    """A functional department (职能部门) of a district that takes transferred issues (转办)."""

    name = models.CharField(_("name"), max_length=80)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="departments",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("functional department")
        verbose_name_plural = _("functional departments")
        ordering = ["district__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A login: district staff (scoped to one district), a deputy, or a superuser."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    district = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": Area.Level.DISTRICT},
        related_name="staff",
        help_text=_("District staff see and change only this district's data."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("functional department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Department accounts see only the issues transferred to their department."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="district_staff") | models.Q(district__isnull=False),
                name="user_district_staff_has_district",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="department") | models.Q(department__isnull=False),
                name="user_department_account_has_department",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.DISTRICT_STAFF and not self.district_id:
            raise ValidationError({"district": _("District staff must belong to a district.")})
        if self.district_id and self.district.level != Area.Level.DISTRICT:
            raise ValidationError({"district": _("Choose a district, not a smaller area.")})
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError(
                {"department": _("A department account must belong to a department.")}
            )

    def save(self, *args, **kwargs) -> None:
        # Staff work in the admin, so their role implies admin access.
        if self.role == Role.DISTRICT_STAFF:
            self.is_staff = True
        super().save(*args, **kwargs)


class PersonalDataAccess(models.Model):
    """An append-only record that a user saw a piece of personal data in full."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=40)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.content_type.model}#{self.object_id}.{self.field}"
