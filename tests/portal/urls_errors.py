"""The portal's URLs and error handlers, plus views that fail, for the error pages' tests."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from portal import urls as portal_urls


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def lost_connection(request: HttpRequest) -> HttpResponse:
    """What a view meets when the database goes away under it, wrapped by other code."""
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as error:
        raise RuntimeError("could not load the page") from error


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@csrf_exempt
def body_size(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(len(request.body)))


urlpatterns = [
    *portal_urls.urlpatterns,
    path("test/fault/", fault),
    path("test/lost-connection/", lost_connection),
    path("test/forbidden/", forbidden),
    path("test/body-size/", body_size),
]
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
