"""Request middleware: Chinese by default (the language changes only when the user picks one
with the switch); no NUL character from the address reaches a view."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


def request_language(request: HttpRequest) -> str:
    """The language a request is answered in: the switch's cookie, else zh-hans."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if not language or not translation.check_for_language(language):
        language = settings.LANGUAGE_CODE
    return translation.get_supported_language_variant(language)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but ignores Accept-Language: the portal speaks zh-hans unless told."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class NulCharacterMiddleware:
    """A NUL character in the path is a 404; a query parameter holding one is ignored, with
    a message.

    No form or link of ours writes a NUL, and PostgreSQL refuses one in any string: every
    reader that sends the value to the database itself (an admin list filter, the fellow
    search, a station's code in /s/<code>) answered 500; form fields already refuse it. One
    guard here rather than one in each of them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:  # cheap: most requests never parse it here
            self._drop_nul_parameters(request)
        return self.get_response(request)

    def _drop_nul_parameters(self, request: HttpRequest) -> None:
        kept = QueryDict(mutable=True)
        dropped = False
        for key, values in request.GET.lists():
            readable = [value for value in values if "\x00" not in value]
            dropped |= "\x00" in key or len(readable) < len(values)
            if readable and "\x00" not in key:
                kept.setlist(key, readable)
        if not dropped:
            return
        kept._mutable = False
        request.GET = kept
        # Links built from the full path (the sign-in's `next`) leave them out too.
        request.META["QUERY_STRING"] = kept.urlencode()
        messages.warning(request, _("Part of the address could not be read and was ignored."))
