"""One door for visibility: every scoped model's queryset answers `for_user(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from portal.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from portal.models import User


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a district, reached through `district_lookup`.

    Superusers see everything; district staff see their district; deputies see what
    `for_deputy` lets them (their own data); everyone else sees nothing.
    """

    district_lookup: str = "district"

    def for_user(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.role == Role.DISTRICT_STAFF and user.district_id:
            return self.in_district(user.district_id)
        if user.role == Role.DEPUTY:
            return self.for_deputy(user)
        if user.role == Role.DEPARTMENT and user.department_id:
            return self.for_department_user(user)
        return self.none()

    def in_district(self, district_id: int) -> Self:
        return self.filter(**{self.district_lookup: district_id})

    def for_deputy(self, user: User) -> Self:
        return self.none()

    def for_department_user(self, user: User) -> Self:
        return self.none()
