"""Assessment pages: thin views over `representatives.assessment` (the merit board, a report).

Scope before lookup: the deputy of a report is fetched through `Deputy.objects.for_user`, so
one outside the user's district is a 404; a user without a staff or deputy workbench is a
403. A deputy may open their own report (they give the 述职 it is printed for), but not the
board, which ranks their colleagues.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from issues.workbench_views import workbench_required
from portal.dashboard_views import refresh_url
from portal.links import links_to
from portal.models import Area
from portal.params import parse_year
from representatives import assessment
from representatives.models import AnnualTarget, AssessmentWeights, Deputy

# 25 a page: on a phone each deputy is a card of nine lines (and the page renders in half the time).
PAGE_SIZE = 25


def _year(value: str | None) -> int | None:
    """A year the assessment can be asked for: FIRST_YEAR (2000) up to next year."""
    year = parse_year(value)
    if year is None or year > timezone.localdate().year + 1:
        return None
    return year


def _district(request: HttpRequest) -> tuple[Area, list[Area]]:
    """Staff: their own district. Superusers: the one they picked (default: the first)."""
    if not request.user.is_superuser:
        return request.user.district, []
    districts = list(Area.objects.districts().order_by("sort_order", "name"))
    if not districts:
        raise Http404
    wanted = request.GET.get("district", "")
    chosen = next((d for d in districts if str(d.pk) == wanted), districts[0])
    return chosen, districts


def _years(district: Area, year: int) -> list[int]:
    """The years worth offering: those with targets or weights, this year and the one shown."""
    targets = AnnualTarget.objects.filter(district=district).order_by().values_list("year")
    weights = AssessmentWeights.objects.filter(district=district).order_by().values_list("year")
    years = {y for (y,) in targets.union(weights)}  # one query
    years |= {timezone.localdate().year, year}
    return sorted(years, reverse=True)


@require_GET
@workbench_required("staff")
def board(request: HttpRequest) -> HttpResponse:
    """争先创优榜: the district's deputies ranked by the year's score."""
    district, districts = _district(request)
    year = _year(request.GET.get("year")) or timezone.localdate().year
    merit = assessment.merit_board_page(
        district,
        year,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        refresh="refresh" in request.GET,
    )
    scoring, page = merit.board.scoring, merit.page
    report_url = links_to("assessment:report", year)
    # Everything a row shows is worked out here once, so that the template's loop only
    # prints: fifty rows of template lookups were most of the page's time.
    rows = [
        {
            "deputy": row,
            "parts": assessment.breakdown(scoring, row),
            "medal": assessment.medal_for(row),
            "is_top": assessment.is_top(row),
            "report_url": report_url(row.pk),
            "groups": row.groups,
            "stations": row.stations,
        }
        for row in merit.rows
    ]
    context = {
        "district": district,
        "districts": districts,
        "year": year,
        "years": _years(district, year),
        "scoring": scoring,
        "weights": [(c, getattr(scoring.weights, c.key)) for c in scoring.components],
        "page": page,
        "rows": rows,
        "top_ranks": assessment.TOP_RANKS,
        "any_top": any(r["is_top"] for r in rows),
        "may_edit_weights": request.user.has_perm("representatives.change_assessmentweights"),
        "computed_at": merit.computed_at,
        "refresh_url": refresh_url(request),
    }
    return render(request, "representatives/assessment/board.html", context)


@require_GET
@workbench_required("staff", "deputy")
def report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """年度履职报告: one printable page on one deputy's year, for their report to voters."""
    deputy = get_object_or_404(
        Deputy.objects.for_user(request.user).select_related("district"), pk=pk
    )
    if _year(str(year)) is None:
        raise Http404
    standing = assessment.deputy_standing(deputy, year, refresh="refresh" in request.GET)
    context = {
        "deputy": deputy,
        "year": year,
        "scoring": standing.scoring,
        "row": standing.row,
        "parts": assessment.breakdown(standing.scoring, standing.row),
        "details": standing.details,
        "facts": assessment.report_facts(deputy),
        "is_staff_view": request.workbench_role == "staff",
        "computed_at": standing.row.computed_at,
        "refresh_url": refresh_url(request),
    }
    return render(request, "representatives/assessment/report.html", context)
