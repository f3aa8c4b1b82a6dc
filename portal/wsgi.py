"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_application = get_wsgi_application()

# After Django's setup: a chunked body is bounded by REQUEST_MAX_BYTES too.
from portal.request_size import ChunkedBodyLimit  # noqa: E402

application = ChunkedBodyLimit(django_application)
