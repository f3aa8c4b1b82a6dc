"""Roles and what each may do: written once, read by the auth backend and the scoping layer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NONE = "", _("No role")
    DISTRICT_STAFF = "district_staff", _("District NPC staff")
    DEPUTY = "deputy", _("Deputy")
    DEPARTMENT = "department", _("Functional department")


def _crud(app_label: str, model: str, *actions: str) -> set[str]:
    return {f"{app_label}.{action}_{model}" for action in actions}


ALL = ("view", "add", "change", "delete")

# District staff keep their own district's stations and deputies; shared vocabularies
# (fields, specialties, ambassador roles) affect every district, so they may add to them
# but only a superuser may change or delete an entry.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_STAFF: frozenset(
        _crud("portal", "area", "view", "add", "change")
        | _crud("stations", "station", *ALL)
        | _crud("stations", "stationfocus", "view", "add")
        | _crud("stations", "dutyshift", *ALL)
        | _crud("representatives", "deputy", *ALL)
        | _crud("representatives", "mandate", *ALL)
        | _crud("representatives", "specialty", "view", "add")
        | _crud("representatives", "ambassadorrole", "view")
        | _crud("representatives", "deputygroup", *ALL)
        | _crud("representatives", "stationassignment", *ALL)
        # The duty ledger (履职台账): deputies log activities, staff view and correct them
        # (each correction is recorded); the year's targets are the district's own.
        | _crud("representatives", "activity", "view", "change")
        | _crud("representatives", "activitycorrection", "view")
        | _crud("representatives", "activitytype", "view", "add")
        | _crud("representatives", "annualtarget", *ALL)
        # The district's assessment weights (考核权重): kept year by year, never deleted, so
        # a published merit board can always be recomputed with the weights it used.
        | _crud("representatives", "assessmentweights", "view", "add", "change")
        # Categories are shared by every district (superusers keep them); the blocklist is
        # kept by whoever meets the abuse, but a number is corrected by deleting and re-adding.
        | _crud("issues", "category", "view")
        | _crud("issues", "blockedphone", "view", "add", "delete")
        # Their own district's functional departments, which take transferred issues (转办).
        | _crud("portal", "department", "view", "add", "change")
        # Their district's reminder rules; the reminders and messages sent, read-only, with
        # failed messages sent again from the admin or the inbox.
        | _crud("reminders", "reminderpolicy", "view", "add", "change")
        | _crud("reminders", "reminder", "view")
        | _crud("notifications", "notification", "view")
        | _crud("notifications", "delivery", "view", "change")
    ),
    Role.DEPUTY: frozenset(),
}
