"""`manage.py load_demo`: load the Qingdao demo data (idempotent) or synthetic scale data."""

from __future__ import annotations

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from portal import demo
from portal.demo_data import DEMO_PASSWORD


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("须为正整数")
    return number


class Command(BaseCommand):
    help = (
        "载入演示数据:青岛十个区市的真实家站点结构、代表、代表组、排班和演示账号。"
        "可重复运行,不会重复创建;--stations/--deputies 把站点/代表总数补足到给定数量。"
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="已有演示数据时什么也不做(make run 每次启动时调用)。",
        )
        parser.add_argument(
            "--stations", type=positive_int, help="站点总数至少达到此数(补充合成站点)。"
        )
        parser.add_argument(
            "--deputies", type=positive_int, help="代表总数至少达到此数(补充合成代表)。"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="随机种子,同一种子生成相同的姓名和结构。"
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            result = demo.load_demo(
                stations=options["stations"],
                deputies=options["deputies"],
                once=options["once"],
                seed=options["seed"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started

        if result.skipped:
            self.stdout.write("演示数据已存在,未做改动。")
        elif not any(result.created.values()):
            self.stdout.write("站点和代表总数已达目标,未做改动。")
        else:
            what = "演示数据" if result.loaded_base else "合成数据"
            self.stdout.write(self.style.SUCCESS(f"已载入{what},用时 {elapsed:.1f} 秒:"))
            for label, count in result.created.items():
                if count:
                    self.stdout.write(f"  {label}:{count}")

        self.stdout.write("")
        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD};载入前已存在的账号保持原密码):")
        header = ("用户名", "密码", "角色", "区市", "说明")
        for line in demo.format_table(header, demo.login_rows()):
            self.stdout.write("  " + line)
        self.stdout.write("所有账号都在 /work/login/ 登录(代表也可用手机号),登录后各自进入工作台;")
        self.stdout.write("管理后台 /admin/ 仅供区市工作人员和超级管理员使用。")
