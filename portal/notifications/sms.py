"""SMS backends: the interface a provider's adapter implements, and the ones we ship.

settings.SMS_BACKEND names the class (a dotted path). A provider adapter subclasses
`SmsBackend`, reads its credentials from the environment in `__init__`, and raises
`SmsError` (or any exception) when the provider refuses a message: the delivery is then
retried with backoff and finally shown to staff as failed. For example::

    class AliyunSmsBackend(SmsBackend):
        def __init__(self):
            self.key = os.environ["ALIYUN_SMS_KEY"]
        def send(self, phone, text):
            response = ...  # the provider's HTTP call, with a timeout
            if response.code != "OK":
                raise SmsError(response.code)

and SMS_BACKEND=myproject.sms.AliyunSmsBackend in the environment.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.utils.module_loading import import_string

from portal.personal_data import mask_phone

logger = logging.getLogger(__name__)

# The citizen's status link carries a bearer token (issues.models.new_token): logs get it
# redacted, as they get phone numbers masked.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,}")


class SmsError(Exception):
    """The provider did not accept the message."""


class SmsBackend:
    """Sends one text message to one mainland mobile number."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Development default: logs that a message would go out, with the number masked."""

    def send(self, phone: str, text: str) -> None:
        one_line = " / ".join(text.splitlines())
        logger.info("SMS to %s: %s", mask_phone(phone), TOKEN_RE.sub("…", one_line))


# Messages sent through LocmemSmsBackend, for tests (like django.core.mail.outbox).
outbox: list[tuple[str, str]] = []


class LocmemSmsBackend(SmsBackend):
    """Keeps messages in `outbox`, for tests."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def get_sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()
