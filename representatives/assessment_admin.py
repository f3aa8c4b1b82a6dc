"""Admin for the assessment weights (考核权重): each district keeps its own, year by year."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin, district_filter
from representatives.models import AssessmentWeights


@admin.register(AssessmentWeights)
class AssessmentWeightsAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """How much each part of a deputy's year counts on the merit board (争先创优榜)."""

    list_display = [
        "district",
        "year",
        "activities",
        "receptions",
        "trainings",
        "report",
        "issues_on_time",
        "duty_attendance",
        "total_weight",
    ]
    list_filter = [district_filter("district"), "year"]
    list_select_related = ["district"]
    fieldsets = [
        (None, {"fields": ["district", "year"]}),
        (
            _("Weights"),
            {
                "fields": [
                    "activities",
                    "receptions",
                    "trainings",
                    "report",
                    "issues_on_time",
                    "duty_attendance",
                ],
                "description": _(
                    "Each part's share of its target (capped at 100 percent) counts with its "
                    "weight; parts that do not apply to a deputy are left out and the score is "
                    "scaled back to 100. Weights need not add up to 100."
                ),
            },
        ),
    ]

    @admin.display(description=_("total"))
    def total_weight(self, obj: AssessmentWeights) -> int:
        return obj.total

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        # District staff have one district: start the form on it.
        initial = super().get_changeform_initial_data(request)
        if not request.user.is_superuser and request.user.district_id:
            initial.setdefault("district", request.user.district_id)
        return initial
