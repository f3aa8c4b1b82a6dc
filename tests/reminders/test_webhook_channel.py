"""The group-chat webhook, against a tiny HTTP server on 127.0.0.1 (never a real host)."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from portal.notifications import services as notify
from portal.notifications.models import Channel, Delivery
from portal.notifications.services import DeliveryRetry, Message
from reminders import services
from tests.reminders.conftest import open_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat_server():
    """A local stand-in for the group-chat robot: records posts, answers `status`."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(server.status)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.status = 200
    server.received = received
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook(settings, chat_server):
    settings.GROUP_WEBHOOK_URL = f"http://127.0.0.1:{chat_server.server_port}/robot/send?key=k"
    return chat_server


def test_post_reaches_the_group_chat_as_json_text(shinan, webhook):
    notify.notify_group(
        Message(kind="test", title="二级督办", body="请跟进"), district_id=shinan.pk
    )
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)

    result = notify.deliver(delivery.pk)

    [post] = webhook.received
    assert (result, post["msgtype"], "二级督办" in post["text"]["content"]) == (
        "sent",
        "text",
        True,
    )


def test_server_error_is_retried(shinan, webhook):
    webhook.status = 500
    notify.notify_group(Message(kind="test", title="督办"), district_id=shinan.pk)
    delivery = Delivery.objects.get(channel=Channel.WEBHOOK)

    with pytest.raises(DeliveryRetry):
        notify.deliver(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == ("pending", "ChannelError: webhook: HTTP 500")


def test_without_a_webhook_url_the_channel_is_off(shinan, settings):
    settings.GROUP_WEBHOOK_URL = ""

    assert notify.notify_group(Message(kind="test", title="督办"), district_id=shinan.pk) is None


def test_level_2_supervision_is_posted_to_the_group_chat(shinan, shinan_staff, webhook, now):
    open_issue(shinan, deadline=now - timedelta(days=4))

    services.sweep(now=now)

    assert Delivery.objects.filter(channel=Channel.WEBHOOK).count() == 2  # levels 1 and 2
