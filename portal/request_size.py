"""The request body's size limit (settings.REQUEST_MAX_BYTES): refused unread, with a page.

Two layers. `RequestSizeLimitMiddleware`, first in MIDDLEWARE, answers 413 from the declared
Content-Length before anything reads the body (the CSRF middleware reads request.POST, and
Django's upload handlers write files to disk as they read). `ChunkedBodyLimit` wraps the WSGI
application (portal/wsgi.py) for a body sent without Content-Length (chunked): Django reads
such a body as empty, so it reads it itself, never more than one byte over the limit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from portal import errors

READ_CHUNK = 64 * 1024


def declared_length(meta: dict[str, Any]) -> int:
    """The body's length from CONTENT_LENGTH; 0 when missing or unreadable, as Django reads it."""
    try:
        return max(0, int(meta.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """413 with the friendly page for a body declared larger than REQUEST_MAX_BYTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request.META)
        if length > settings.REQUEST_MAX_BYTES:
            response = errors.too_large(request)
            log_response(
                "Request Entity Too Large (%s bytes, at most %s): %s",
                length,
                settings.REQUEST_MAX_BYTES,
                request.path,
                response=response,
                request=request,
            )
            return response
        return self.get_response(request)


class ChunkedBodyLimit:
    """WSGI middleware: a chunked body is read up to the limit and passed on with its length.

    Only where the server marks the input as ending with the body (`wsgi.input_terminated`,
    as gunicorn does); elsewhere nothing is read, as Django reads nothing without a length.
    A body over the limit is passed on with a length of limit + 1, which the middleware above
    refuses; the rest of it stays unread.
    """

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input_terminated"):
            body, length = self._read_bounded(environ["wsgi.input"], settings.REQUEST_MAX_BYTES)
            environ["wsgi.input"] = body
            environ["CONTENT_LENGTH"] = str(length)
        return self.application(environ, start_response)

    @staticmethod
    def _read_bounded(stream: Any, limit: int) -> tuple[Any, int]:
        """At most `limit` + 1 bytes of `stream`, in a file spooled to disk past the size
        Django keeps uploads in memory, and how many were read."""
        # Not closed here: it is the request's wsgi.input from now on. It goes with the
        # environ, and on disk it is an unlinked temporary file, so nothing is left behind.
        body = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        )
        length = 0
        while length <= limit:
            chunk = stream.read(min(READ_CHUNK, limit + 1 - length))
            if not chunk:
                break
            body.write(chunk)
            length += len(chunk)
        body.seek(0)
        return body, length
