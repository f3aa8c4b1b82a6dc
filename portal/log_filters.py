"""Logging filters (imported by the LOGGING setting, before the apps are ready)."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Drops the traceback from a record about a 4xx response, keeping its one line.

    Django logs a PermissionDenied (403) and a SuspiciousOperation (400, e.g. a foreign Host
    header) with the exception attached: a traceback per refused request buries the real
    faults. A 5xx keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
