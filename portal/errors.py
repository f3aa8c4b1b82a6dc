"""Error pages: Django's handlers (400, 403, 404, 500), the CSRF failure, 405, 413 and 503.

Each page is in the site's layout and the user's language, says what happened and what to do
next, and, after a POST, that what was sent was not saved. The 500, 503 and 413 pages need no
database (templates/errors/layout_offline.html): a database outage anywhere in a request is
answered 503 with Retry-After, by the 500 handler, which every uncaught exception reaches.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.log import log_response
from django.utils.translation import gettext

from portal.middleware import request_language

logger = logging.getLogger(__name__)

# Raised by the database backend when it cannot connect or the connection breaks (psycopg's
# and sqlite3's errors, wrapped by Django). A timeout or "database is locked" is one too: the
# same advice holds, try again shortly. So is SQLite's "no such table" (a missing migration):
# the warning line carries the message, which names it.
DATABASE_OUTAGES = (OperationalError, InterfaceError)
# Retry-After of a 503: a database restart takes about this long; a client that waits no
# longer gets through soon after.
OUTAGE_RETRY_AFTER_SECONDS = 60
MIB = 1024 * 1024


def error_page(
    request: HttpRequest,
    status: int,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    failed_post: bool | None = None,
) -> HttpResponse:
    """The error page `template_name` with `status`, in the language the user chose.

    `failed_post` (by default: the request was a POST) adds that what was sent was not saved,
    with a link back to the form.
    """
    if failed_post is None:
        failed_post = request.method == "POST"
    language = request_language(request)
    page_context = {
        "status": status,
        "failed_post": failed_post,
        "back_url": _back_url(request) if failed_post else "",
        **(context or {}),
    }
    # Activated here, not by the locale middleware: the 413 is answered before it runs, and
    # an exception may have come from a middleware outside it.
    with translation.override(language):
        try:
            body = loader.render_to_string(template_name, page_context, request=request)
        except Exception as exc:
            if status < 500 and database_outage(exc) is not None:
                raise  # the full layout's menu needs the database: the 500 handler says 503
            # An error page must answer even when its template cannot.
            logger.exception("the %s page could not be rendered", status)
            body = _plain_page(status)
    response = HttpResponse(body, status=status)
    response["Content-Language"] = language
    if status >= 500:
        response["Cache-Control"] = "no-store"
    return response


def _back_url(request: HttpRequest) -> str:
    """The page the form was sent from (the Referer, when it is this site's), else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _plain_page(status: int) -> str:
    """A page with no template, no layout and no stylesheet: the last resort."""
    return format_html(
        '<!doctype html><html lang="{}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{}</title><h1>{}</h1><p>{}</p><p><a href="/">{}</a></p></html>',
        translation.get_language(),
        gettext("Error %(status)s") % {"status": status},
        gettext("Something went wrong"),
        gettext("Please try again in a few minutes."),
        gettext("Home page"),
    )


def database_outage(exc: BaseException | None) -> BaseException | None:
    """The database error behind `exc` (itself, or what it was raised from), if any."""
    for _depth in range(10):  # a cause chain is short; a cycle must not hang the handler
        if exc is None or isinstance(exc, DATABASE_OUTAGES):
            return exc
        exc = exc.__cause__
    return None


# ----- Django's handlers (portal/urls.py) and CSRF_FAILURE_VIEW --------------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        # The form's fields alone are over DATA_UPLOAD_MAX_MEMORY_SIZE: too large, not malformed.
        return too_large(request)
    return error_page(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the exception being handled is a database outage."""
    outage = database_outage(sys.exc_info()[1])
    if outage is not None:
        return service_unavailable(request, outage)
    return error_page(request, 500, "500.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused CSRF check: the page expired (or cookies are blocked); reload and resend."""
    context = {"cookies_blocked": reason == REASON_NO_CSRF_COOKIE}
    return error_page(request, 403, "403_csrf.html", context)


# ----- the pages Django has no handler for ----------------------------------------------------


def service_unavailable(request: HttpRequest, outage: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After; an `outage` is logged as one warning line, without a traceback.

    Django would log the exception being handled as an error with its traceback; an outage's
    cause is in its message, and a hundred requests failing alike should not bury the log.
    """
    response = error_page(request, 503, "503.html")
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
    if outage is not None:
        lines = str(outage).strip().splitlines()
        cause = f"{type(outage).__name__}: {lines[0] if lines else ''}"
        log_response(
            "Service Unavailable (database unavailable: %s): %s",
            cause,
            request.path,
            response=response,
            request=request,
            level="warning",
        )
    return response


def too_large(request: HttpRequest) -> HttpResponse:
    """413: the body is over REQUEST_MAX_BYTES (portal.request_size)."""
    return error_page(request, 413, "413.html", _too_large_context())


def _too_large_context() -> dict[str, int]:
    return {
        "limit_bytes": settings.REQUEST_MAX_BYTES,
        "photos": settings.ISSUE_PHOTOS_MAX,
        "photo_mb": settings.ISSUE_PHOTO_MAX_BYTES // MIB,
    }


class MethodNotAllowedPageMiddleware:
    """Writes the 405 page into the empty answer of require_POST, require_GET and the like.

    Into that response, not a new one: it keeps its Allow header, and Django has logged it
    already ("Method Not Allowed (GET): /t/rate/"), which a new response would be again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = error_page(request, 405, "405.html")
            response.content = page.content
            response["Content-Type"] = page["Content-Type"]
            response["Content-Language"] = page["Content-Language"]
        return response


# ----- development: every page to look at -----------------------------------------------------


def _previews() -> dict[str, tuple[int, str, dict[str, Any]]]:
    return {
        "400": (400, "400.html", {}),
        "403": (403, "403.html", {}),
        "csrf": (403, "403_csrf.html", {"cookies_blocked": False}),
        "404": (404, "404.html", {}),
        "405": (405, "405.html", {}),
        "413": (413, "413.html", _too_large_context()),
        "429": (429, "429.html", {"minutes": 5}),
        "500": (500, "500.html", {}),
        "503": (503, "503.html", {}),
    }


def preview(request: HttpRequest, name: str) -> HttpResponse:
    """An error page as served, for development (DEBUG on, where Django shows its own debug
    pages instead); `?post=1` shows it as after a form that failed. A 404 with DEBUG off."""
    previews = _previews()
    if not settings.DEBUG or name not in previews:
        raise Http404
    status, template_name, context = previews[name]
    response = error_page(
        request, status, template_name, context, failed_post=request.GET.get("post") == "1"
    )
    # Logged as what it is, not as the error it shows.
    log_response("Preview: %s", request.path, response=response, request=request, level="info")
    return response
