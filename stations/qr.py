"""QR codes for the permanent public URLs of stations (/s/<code>) and deputies (/r/<code>)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import segno
from django.http import HttpRequest
from django.urls import reverse

if TYPE_CHECKING:
    from representatives.models import Deputy
    from stations.models import Station

# Level Q survives a quarter of the code being scuffed or covered: posters hang outdoors.
ERROR_LEVEL = "q"


def station_url(request: HttpRequest, station: Station) -> str:
    """The station's QR URL: built from its permanent code, so renaming never breaks a poster."""
    return request.build_absolute_uri(reverse("station-public", args=[station.code]))


def deputy_url(request: HttpRequest, deputy: Deputy) -> str:
    return request.build_absolute_uri(reverse("deputy-public", args=[deputy.code]))


def _make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """A PNG of the QR code for `url`, with the four-module quiet zone scanners need."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str) -> str:
    """A standalone SVG file of the QR code for `url` (for print shops)."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="svg", scale=10, border=4, xmldecl=True)
    return buffer.getvalue().decode()


def qr_svg_inline(url: str) -> str:
    """An <svg> element without a fixed size, for a page whose CSS sets the size."""
    return _make(url).svg_inline(scale=10, border=4, omitsize=True)
