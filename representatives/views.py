"""Public pages about deputies: the page a deputy's QR code opens (码上办)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from representatives import selectors
from representatives.models import Deputy


def deputy_public(request: HttpRequest, code: str) -> HttpResponse:
    try:
        deputy = selectors.public_deputy(code)
    except Deputy.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "representatives/deputy.html", {"deputy": deputy})
