"""Admin views for a station's or deputy's QR code: PNG and SVG downloads and a print poster."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.safestring import mark_safe

from stations import qr

POSTER_SIZES = {"a4": "A4", "a5": "A5"}

PublicUrl = Callable[[HttpRequest, models.Model], str]


def qr_admin_urls(model_admin: admin.ModelAdmin, public_url: PublicUrl) -> list[URLPattern]:
    """URL patterns `<id>/qr.png`, `<id>/qr.svg` and `<id>/poster/` for `model_admin`.

    Each view looks the object up through the admin's own `get_object`, which is scoped to
    the user (another district's object is a 404), and needs the view permission.
    """
    app_label, model_name = model_admin.opts.app_label, model_admin.opts.model_name

    def viewable(request: HttpRequest, object_id: str) -> models.Model:
        obj = model_admin.get_object(request, object_id)
        if not model_admin.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def download(
        obj: models.Model, content: bytes | str, content_type: str, ext: str
    ) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{model_name}-{obj.code}.{ext}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def png_view(request: HttpRequest, object_id: str) -> HttpResponse:
        obj = viewable(request, object_id)
        return download(obj, qr.qr_png(public_url(request, obj)), "image/png", "png")

    def svg_view(request: HttpRequest, object_id: str) -> HttpResponse:
        obj = viewable(request, object_id)
        return download(obj, qr.qr_svg(public_url(request, obj)), "image/svg+xml", "svg")

    def poster_view(request: HttpRequest, object_id: str) -> HttpResponse:
        obj = viewable(request, object_id)
        url = public_url(request, obj)
        size = request.GET.get("size", "a4").lower()
        context = {
            "object": obj,
            "url": url,
            # segno writes only path data for our own URL: nothing user-typed is in the SVG.
            "qr_svg": mark_safe(qr.qr_svg_inline(url)),
            "size": POSTER_SIZES.get(size, "A4"),
        }
        return render(request, f"admin/{app_label}/{model_name}/qr_poster.html", context)

    wrap = model_admin.admin_site.admin_view
    return [
        path("<path:object_id>/qr.png", wrap(png_view), name=f"{app_label}_{model_name}_qr_png"),
        path("<path:object_id>/qr.svg", wrap(svg_view), name=f"{app_label}_{model_name}_qr_svg"),
        path(
            "<path:object_id>/poster/",
            wrap(poster_view),
            name=f"{app_label}_{model_name}_qr_poster",
        ),
    ]
