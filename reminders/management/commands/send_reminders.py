"""`manage.py send_reminders`: one full reminder pass by hand or from cron (no beat needed)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from reminders.services import send_all

LABELS = {
    "submitted": "新诉求待挂号提醒",
    "due_soon": "临期提醒",
    "at_deadline": "到期提醒",
    "escalation_1": "一级督办",
    "escalation_2": "二级督办",
    "answered": "答复短信",
    "closed": "到期自动销号",
    "pending_photos": "过期的暂存照片已删除",
    "digest": "每日汇总",
    "duty": "值班提醒",
    "deliveries": "待发送消息已处理",
}


class Command(BaseCommand):
    help = (
        "执行一次提醒扫描:临期/到期提醒、逾期督办、每日汇总、值班提醒、答复短信,"
        "并发送所有待发送的消息。可重复运行,不会重复发送;适合用 cron 每几分钟运行一次。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="把待发送的消息交给 Celery worker 发送,而不是在本命令中直接发送。",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        counts = send_all(inline=not options["queue"])
        for key, label in LABELS.items():
            self.stdout.write(f"{label}: {counts.get(key, 0)}")
        self.stdout.write(f"用时 {time.monotonic() - started:.1f} 秒")
