"""What the load runs send: URLs, POST bodies and session cookies, written to a folder.

Run inside Django against the benchmark database (`python -m bench.fixtures OUT_DIR`); each
`<scenario>.txt` holds one request a line (method, path and body, tab-separated) that the wrk
script picks from at random, and `cookies.json` the cookie header each scenario sends.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

SAMPLE = 2000


def lines(requests: list[tuple[str, str, str]]) -> str:
    """A request file: method, path and body, tab-separated, a line each."""
    return "".join(f"{method}\t{path}\t{body}\n" for method, path, body in requests)


def csrf_secret() -> str:
    """A CSRF secret for the cookie and, the same, the form: Django accepts it unmasked."""
    return secrets.token_urlsafe(24).replace("-", "a").replace("_", "b")[:32]


def session_cookie(username: str) -> str:
    """Log the user in through Django's test client: a real session row, no password."""
    from django.conf import settings
    from django.test import Client

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def write_fixtures(out: Path) -> dict[str, str]:
    """Write the request files and return the cookie header of each scenario."""
    from django.core import signing
    from django.utils import timezone

    from issues.models import Category, Issue
    from issues.public_forms import STARTED_SALT
    from portal.models import Area, User
    from representatives.models import Deputy
    from stations.models import Station

    out.mkdir(parents=True, exist_ok=True)
    codes = list(Station.objects.order_by("?").values_list("code", flat=True)[:SAMPLE])
    (out / "qr_form.txt").write_text(lines([("GET", f"/s/{c}/submit/", "") for c in codes]))

    # The guards stay on: an empty honeypot, a fill-time token signed ten minutes ago and
    # CSRF (a cookie and the same secret in the form).
    csrf = csrf_secret()
    started = signing.dumps(time.time() - 600, salt=STARTED_SALT)
    categories = list(Category.objects.filter(is_active=True).values_list("pk", flat=True))
    bodies = []
    for index, code in enumerate(codes[:200]):
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "category": categories[index % len(categories)],
                "text": "小区门口路灯坏了一个多月,晚上出行很不方便,希望尽快修复。",
                "place": "海口路 66 号",
                "citizen_name": "",
                "citizen_phone": "",
                "homepage": "",
                "started": started,
            }
        )
        bodies.append(("POST", f"/s/{code}/submit/", body))
    (out / "submit.txt").write_text(lines(bodies))

    tokens = Issue.objects.order_by("?").values_list("token", flat=True)[:SAMPLE]
    (out / "status.txt").write_text(lines([("GET", f"/t/{t}", "") for t in tokens]))
    with_phone = (
        Issue.objects.exclude(citizen_phone="")
        .order_by("?")
        .values_list("tracking_number", "citizen_phone")[:SAMPLE]
    )
    lookups = [
        (
            "POST",
            "/t/",
            urlencode({"csrfmiddlewaretoken": csrf, "tracking_number": n, "phone_tail": p[-4:]}),
        )
        for n, p in with_phone
    ]
    (out / "lookup.txt").write_text(lines(lookups))

    staff = User.objects.get(username="shinan")
    filters = ["state=transferred", "state=registered&sort=deadline", "due_within=3", ""]
    (out / "issue_list.txt").write_text(
        lines([("GET", f"/work/issues/?{f}" if f else "/work/issues/", "") for f in filters])
    )
    ids = Issue.objects.filter(district_id=staff.district_id).order_by("?")
    detail = [("GET", f"/work/issues/{pk}/", "") for pk in ids.values_list("pk", flat=True)[:500]]
    (out / "issue_detail.txt").write_text(lines(detail))
    (out / "dashboard.txt").write_text(lines([("GET", "/work/stats/", "")]))
    (out / "merit_board.txt").write_text(lines([("GET", "/work/assessment/", "")]))
    (out / "deputy_home.txt").write_text(lines([("GET", "/work/", "")]))
    (out / "my_issues.txt").write_text(lines([("GET", "/work/mine/", "")]))
    # The ledger: all of this year's, a month's receptions, and a search by a deputy's name.
    month = timezone.localdate().replace(day=1).isoformat()
    ledger = ["", f"counts_as=reception&date_from={month}", urlencode({"deputy_name": "王"})]
    (out / "ledger.txt").write_text(
        lines(
            [
                ("GET", f"/work/stats/activities/?{f}" if f else "/work/stats/activities/", "")
                for f in ledger
            ]
        )
    )
    (out / "inbox.txt").write_text(lines([("GET", "/work/inbox/", "")]))
    year = timezone.localdate().year
    deputies = Deputy.objects.filter(district_id=staff.district_id).order_by("?")
    reports = [
        ("GET", f"/work/assessment/deputies/{pk}/{year}/", "")
        for pk in deputies.values_list("pk", flat=True)[:200]
    ]
    (out / "annual_report.txt").write_text(lines(reports))
    (out / "deputy_year.txt").write_text(lines([("GET", "/work/year/", "")]))
    (out / "activity_form.txt").write_text(lines([("GET", "/work/activities/new/", "")]))
    (out / "activity_form_all.txt").write_text(
        lines([("GET", "/work/activities/new/?fellows=all", "")])
    )
    # The form's name search, as typed: the first one or two characters of names in the
    # demo deputy's district (a request a keystroke).
    demo = Deputy.objects.get(user__username="deputy")
    district_deputies = Deputy.objects.filter(district_id=demo.district_id).order_by("?")
    names = list(district_deputies.values_list("name", flat=True)[:300])
    typed = sorted({n[:1] for n in names}) + sorted({n[:2] for n in names[:100]})
    (out / "fellow_search.txt").write_text(
        lines([("GET", f"/work/activities/fellows/?{urlencode({'q': t})}", "") for t in typed])
    )
    deputy_codes = Deputy.objects.active().order_by("?").values_list("code", flat=True)[:SAMPLE]
    (out / "deputy_qr_form.txt").write_text(
        lines([("GET", f"/r/{c}/submit/", "") for c in deputy_codes])
    )
    (out / "deputy_page.txt").write_text(lines([("GET", f"/r/{c}", "") for c in deputy_codes]))
    (out / "station_page.txt").write_text(lines([("GET", f"/s/{c}", "") for c in codes]))
    districts = Area.objects.districts().values_list("pk", flat=True)
    (out / "district_page.txt").write_text(
        lines([("GET", f"/districts/{pk}/", "") for pk in districts])
    )
    (out / "home.txt").write_text(lines([("GET", "/", "")]))
    (out / "ceiling.txt").write_text(lines([("GET", "/bench/ceiling/", "")]))
    write = urlencode({"csrfmiddlewaretoken": csrf, "text": "小区门口路灯坏了一个多月"})
    (out / "ceiling_write.txt").write_text(lines([("POST", "/bench/ceiling/write/", write)]))

    staff_cookie = session_cookie("shinan")
    deputy_cookie = session_cookie("deputy")
    return {
        "qr_form": "",
        "submit": f"csrftoken={csrf}",
        "status": "",
        "lookup": f"csrftoken={csrf}",
        "issue_list": staff_cookie,
        "issue_detail": staff_cookie,
        "dashboard": staff_cookie,
        "merit_board": staff_cookie,
        "deputy_home": deputy_cookie,
        "my_issues": deputy_cookie,
        "ledger": staff_cookie,
        "inbox": staff_cookie,
        "annual_report": staff_cookie,
        "deputy_year": deputy_cookie,
        "activity_form": deputy_cookie,
        "activity_form_all": deputy_cookie,
        "fellow_search": deputy_cookie,
        "deputy_qr_form": "",
        "deputy_page": "",
        "station_page": "",
        "district_page": "",
        "home": "",
        "ceiling": "",
        "ceiling_write": f"csrftoken={csrf}",
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    out = Path(sys.argv[1])
    cookies = write_fixtures(out)
    (out / "cookies.json").write_text(json.dumps(cookies))


if __name__ == "__main__":
    main()
