"""Citizens' pages: the QR intake form, the receipt, the lookup, the status page and photos.

No login: the secret token in the status link is the citizen's key. It appears in no URL
but the status page's own, so that it reaches the access log at most.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from issues import pending_photos, photos
from issues.models import Issue, IssuePhoto, Source, State, new_token
from issues.public_forms import IntakeForm, LookupForm, RatingForm
from issues.public_selectors import (
    citizen_state_label,
    intake_deputy,
    intake_station,
    issue_for_lookup,
    issue_for_token,
    timeline,
)
from issues.services import TransitionError, issue_rate, issue_submit
from portal import ratelimit
from portal.models import Area
from representatives.models import Deputy
from stations.models import Station

logger = logging.getLogger(__name__)

# The receipt travels to its page in a signed cookie, not the session: a citizen's
# submission leaves no session row behind (and costs no second transaction). The cookie is
# sent to the receipt page alone and lives a day. The page is never stored (no-store), so
# every reload asks the server again: the citizen's own, and the phone's when it reopens a
# tab it had dropped from memory. When the cookie lived an hour, such a reload later in the
# day found nothing, and an anonymous citizen's only copy of the link was gone.
RECEIPT_COOKIE = "receipt"
RECEIPT_SALT = "issues.receipt"
RECEIPT_SECONDS = 24 * 3600
LOOKUP_FAILED = _(
    "No issue matches this number and these digits. Check both, or open the link you saved."
)


@dataclass(frozen=True)
class IntakeTarget:
    """The station or deputy whose QR code the citizen scanned."""

    station: Station | None = None
    deputy: Deputy | None = None

    @property
    def name(self) -> str:
        return self.station.name if self.station else self.deputy.name

    @property
    def district(self) -> Area:
        return self.station.area.district if self.station else self.deputy.district

    @property
    def source(self) -> str:
        return Source.STATION_QR if self.station else Source.DEPUTY_QR

    @property
    def draft_code(self) -> str:
        """Names the browser's draft of this form (a public code: the QR code holds it)."""
        return f"s:{self.station.code}" if self.station else f"r:{self.deputy.code}"

    @property
    def page_url(self) -> str:
        if self.station:
            return reverse("station-public", args=[self.station.code])
        return reverse("deputy-public", args=[self.deputy.code])


def _private(response: HttpResponse) -> HttpResponse:
    """Headers for a page that shows the secret link: never cached, its URL never sent onwards.

    `strict-origin` rather than `no-referrer`: both keep the path (and so the token) out of
    every Referer header, but under `no-referrer` browsers send `Origin: null` with the
    page's own POST forms (the rating, the language switch), which CSRF checks then refuse.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def station_intake(request: HttpRequest, code: str) -> HttpResponse:
    station = intake_station(code)
    if station is None:
        raise Http404
    return _intake(request, IntakeTarget(station=station))


@require_http_methods(["GET", "POST"])
def deputy_intake(request: HttpRequest, code: str) -> HttpResponse:
    deputy = intake_deputy(code)
    if deputy is None:
        raise Http404
    return _intake(request, IntakeTarget(deputy=deputy))


def _intake(request: HttpRequest, target: IntakeTarget) -> HttpResponse:
    if request.method == "POST":
        # Every attempt counts against the address: each may carry photos to decode.
        verdict = ratelimit.hit("submit_ip", ratelimit.client_ip(request))
        if not verdict.allowed:
            return ratelimit.too_many_requests(request, verdict)
        form = IntakeForm(request.POST, request.FILES)
        if form.honeypot_filled:
            # A bot: show it what success looks like, so it has no reason to try otherwise.
            logger.info("intake honeypot filled: nothing stored")
            return _to_receipt(_decoy_receipt(target.district))
        if form.is_valid():
            verdict = ratelimit.hit("submit_phone", form.cleaned_data["citizen_phone"])
            if not verdict.allowed:
                return ratelimit.too_many_requests(request, verdict)
            try:
                # The same form sent again (its key) returns the issue it made at first.
                issue = issue_submit(
                    district=target.district,
                    source=target.source,
                    station=target.station,
                    deputy=target.deputy,
                    **form.submission(),
                )
            except TransitionError as error:  # a key another form used: a copied page
                form.add_error(None, error)
            else:
                return _to_receipt(
                    {
                        "number": issue.tracking_number,
                        "token": issue.token,
                        "anonymous": issue.is_anonymous,
                    }
                )
        # Browsers cannot refill a file input: the photos that passed the checks are held
        # for the next try, and those ticked "remove" let go.
        kept = pending_photos.keep(
            form.kept.key, add=form.accepted_photos, drop=form.cleaned_data.get("drop_kept", [])
        )
    else:
        form = IntakeForm()
        kept = pending_photos.Kept()
    context = {
        "form": form,
        "target": target,
        "kept": kept,
        # Photos chosen but not held (refused, or too many): they must be chosen again.
        "photos_dropped": bool(request.FILES.getlist("photos")) and not form.accepted_photos,
        "privacy": {
            "controller": settings.PRIVACY_CONTROLLER,
            "contact": settings.PRIVACY_CONTACT,
            "years": settings.PRIVACY_RETENTION_YEARS,
        },
    }
    return render(request, "issues/public/intake.html", context)


def _to_receipt(data: dict[str, object]) -> HttpResponse:
    """A redirect to the receipt page, carrying `data` in a signed cookie that lives a day."""
    response = redirect("issue-receipt")
    response.set_cookie(
        RECEIPT_COOKIE,
        # URL-safe base64 and colons: a value that needs no quoting. JSON as it was (quotes,
        # commas, spaces) went out quoted with backslash escapes, outside RFC 6265's
        # cookie-octets, which browsers tolerate but proxies and web views need not.
        signing.dumps(data, salt=RECEIPT_SALT, compress=True),
        max_age=RECEIPT_SECONDS,
        path=reverse("issue-receipt"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _decoy_receipt(district: Area) -> dict[str, object]:
    """A receipt shaped like a real one, for an issue that does not exist."""
    prefix = district.code or f"Q{district.pk}"
    year = timezone.localdate().year
    number = f"{prefix}-{year}-{secrets.randbelow(900_000) + 100_000:06d}"
    return {"number": number, "token": new_token(), "anonymous": True}


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(
            request.COOKIES.get(RECEIPT_COOKIE, ""), salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS
        )
    except signing.BadSignature:
        return redirect("issue-lookup")
    status_url = request.build_absolute_uri(reverse("issue-status", args=[data["token"]]))
    context = {"number": data["number"], "status_url": status_url, "anonymous": data["anonymous"]}
    return _private(render(request, "issues/public/receipt.html", context))


@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        issue = issue_for_token(token)
    except Issue.DoesNotExist as exc:
        raise Http404 from exc
    return _status_page(request, issue, RatingForm(initial={"token": token}))


def _status_page(request: HttpRequest, issue: Issue, rating_form: RatingForm) -> HttpResponse:
    photos_by_purpose: dict[str, list[photos.PhotoLinks]] = {}
    for photo in issue.all_photos:
        photos_by_purpose.setdefault(photo.purpose, []).append(photos.citizen_photo_links(photo))
    context = {
        "issue": issue,
        "state_label": citizen_state_label(issue),
        "timeline": timeline(issue),
        "intake_photos": photos_by_purpose.get(IssuePhoto.Purpose.INTAKE, []),
        "answer_photos": photos_by_purpose.get(IssuePhoto.Purpose.ANSWER, []),
        "rating_form": rating_form if issue.state == State.ANSWERED else None,
    }
    return _private(render(request, "issues/public/status.html", context))


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """回访. The token travels in the form, not the URL, so a refused POST logs no token."""
    form = RatingForm(request.POST)
    token = request.POST.get("token", "")
    issue = Issue.objects.filter(token=token).only("pk").first() if token else None
    if issue is None:
        raise Http404
    if form.is_valid():
        # Already rated (a second tap, another tab): the status page shows how it stands.
        with contextlib.suppress(TransitionError):
            issue_rate(
                issue.pk, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        return _private(redirect("issue-status", token=token))
    return _status_page(request, issue_for_token(token), form)


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method == "POST":
        verdict = ratelimit.hit("lookup_ip", ratelimit.client_ip(request))
        if verdict.allowed and form.is_valid():
            # Per number too: guessing one issue's four digits from many addresses is slow.
            verdict = ratelimit.hit("lookup_number", form.cleaned_data["tracking_number"])
        if not verdict.allowed:
            return ratelimit.too_many_requests(request, verdict)
        if form.is_valid():
            issue = issue_for_lookup(
                form.cleaned_data["tracking_number"], form.cleaned_data["phone_tail"]
            )
            if issue is not None:
                return _private(redirect("issue-status", token=issue.token))
            form.add_error(None, LOOKUP_FAILED)
    return _private(render(request, "issues/public/lookup.html", {"form": form}))


@require_GET
def photo(request: HttpRequest, signed: str, small: bool = False) -> HttpResponse:
    return photos.photo_response(photos.citizen_photo(signed), small=small)


@require_GET
def pending_photo(request: HttpRequest, photo_id: int, signed: str) -> HttpResponse:
    """A held photo's thumbnail on the intake form sent back (issues.pending_photos)."""
    response = photos.photo_response(pending_photos.thumbnail_photo(photo_id, signed), small=True)
    response["Cache-Control"] = "no-store"
    return response
