"""Chinese by default: the language changes only when the user picks one with the switch."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
