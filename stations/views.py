"""Public pages: the district list, a district's stations, and a station's page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.links import links_to
from portal.models import Area
from representatives.deputy_selectors import todays_shift_at
from stations import selectors
from stations.models import Station


def home(request: HttpRequest) -> HttpResponse:
    districts = selectors.public_districts()
    return render(request, "stations/home.html", {"districts": districts})


def district_detail(request: HttpRequest, district_id: int) -> HttpResponse:
    district = get_object_or_404(Area.objects.districts(), pk=district_id)
    # The list is kept for every visitor ({% kept_for_everyone %}): read only when it is not.
    context = {"district": district, "listing": lambda: _district_listing(district)}
    return render(request, "stations/district.html", context)


def _district_listing(district: Area) -> dict[str, object]:
    groups = selectors.public_stations_by_subdistrict(district)
    station_url = links_to("station-public")  # one reverse() for the district's ~100 links
    for _subdistrict, stations in groups:
        for station in stations:
            station.public_url = station_url(station.code)
    return {"groups": groups, "station_count": sum(len(stations) for _, stations in groups)}


def station_public(request: HttpRequest, code: str) -> HttpResponse:
    try:
        station = selectors.public_station(code)
    except Station.DoesNotExist as exc:
        raise Http404 from exc
    # A deputy on duty here today, who scanned the station's own QR code, checks in from it.
    todays_shift = todays_shift_at(request.user, station)
    return render(
        request, "stations/station.html", {"station": station, "todays_shift": todays_shift}
    )
