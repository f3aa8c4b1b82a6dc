"""The channels a notification goes out on, behind one interface: `send(delivery)`."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from portal.notifications.models import Channel, Delivery
from portal.notifications.sms import get_sms_backend


class ChannelError(Exception):
    """A send that failed and may succeed if tried again later."""


class PermanentChannelError(ChannelError):
    """A send that cannot succeed however often it is tried (no address, channel off)."""


def absolute(link: str) -> str:
    """A link people can open from outside the portal: absolute if the public address is set."""
    if link.startswith("/") and settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL + link
    return link


def plain_text(delivery: Delivery) -> str:
    notification = delivery.notification
    parts = [notification.body]
    if notification.link:
        parts.append(absolute(notification.link))
    return "\n".join(part for part in parts if part)


class BaseChannel:
    name: str

    def is_enabled(self) -> bool:
        return True

    def send(self, delivery: Delivery) -> None:
        raise NotImplementedError

    def _address(self, delivery: Delivery) -> str:
        address = delivery.address()
        if not address:
            raise PermanentChannelError("no address")
        return address


class InAppChannel(BaseChannel):
    """The notification row is the inbox entry: it is delivered when it is committed."""

    name = Channel.IN_APP

    def send(self, delivery: Delivery) -> None:
        return None


class EmailChannel(BaseChannel):
    name = Channel.EMAIL

    def send(self, delivery: Delivery) -> None:
        address = self._address(delivery)
        try:
            send_mail(
                delivery.notification.title,
                plain_text(delivery),
                settings.DEFAULT_FROM_EMAIL,
                [address],
                fail_silently=False,
            )
        except OSError as error:  # smtplib's errors are OSErrors
            raise ChannelError(f"email: {type(error).__name__}") from error


class SmsChannel(BaseChannel):
    name = Channel.SMS

    def send(self, delivery: Delivery) -> None:
        phone = self._address(delivery)
        get_sms_backend().send(phone, plain_text(delivery))


class WebhookChannel(BaseChannel):
    """A group-chat robot (WeCom/DingTalk style): POST {"msgtype": "text", ...} as JSON."""

    name = Channel.WEBHOOK

    def is_enabled(self) -> bool:
        return bool(settings.GROUP_WEBHOOK_URL)

    def send(self, delivery: Delivery) -> None:
        url = settings.GROUP_WEBHOOK_URL
        if not url:
            raise PermanentChannelError("group chat webhook is not configured")
        notification = delivery.notification
        content = "\n".join(filter(None, [notification.title, plain_text(delivery)]))
        payload = json.dumps({"msgtype": "text", "text": {"content": content}}).encode()
        request = urllib.request.Request(
            url, data=payload, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.GROUP_WEBHOOK_TIMEOUT) as reply:
                reply.read(1024)
        except urllib.error.HTTPError as error:
            raise ChannelError(f"webhook: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise ChannelError(f"webhook: {type(error).__name__}") from error


CHANNELS: dict[str, BaseChannel] = {
    channel.name: channel
    for channel in (InAppChannel(), EmailChannel(), SmsChannel(), WebhookChannel())
}


def get_channel(name: str) -> BaseChannel:
    return CHANNELS[name]
