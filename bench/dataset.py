"""Synthetic issues, events, reminders and activities at scale, written with set-based SQL.

Run inside Django (`python -m bench.dataset --issues N ...`) against the benchmark database,
after `migrate` and `load_demo --stations S --deputies D` have built the districts, stations,
deputies, categories, departments and logins. One `INSERT … SELECT generate_series` writes
the issues and another their events, so a million issues take a minute or two rather than the
hour that row-by-row ORM saves would.

The result looks like a portal two years into service: most issues closed, a working set of
open ones from the last weeks (some overdue, some due soon), and the reminders that earlier
sweeps would have claimed for them, except `--due` of them, which the next sweep finds.
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from datetime import date, timedelta

import django

# Shares of the states (they sum to 1). Merged issues need a target and are left out. The
# open ones (12 %) are the last 45 days' intake still in work; the rest spread over two years.
STATE_SHARES = (
    ("closed", 0.80),
    ("answered", 0.02),
    ("rejected", 0.05),
    ("submitted", 0.01),
    ("registered", 0.03),
    ("transferred", 0.05),
    ("in_progress", 0.03),
    ("reopened", 0.01),
)
SOURCE_SHARES = (
    ("station_qr", 0.60),
    ("deputy_qr", 0.15),
    ("reception", 0.10),
    ("hotline", 0.10),
    ("monthly_talk", 0.05),
)
TEXTS = (
    "小区垃圾桶满溢无人清运,夏天气味很大。",
    "学校门口早晚高峰拥堵,建议增设护学岗。",
    "物业长期不维修电梯,住户上下楼不便。",
    "老旧小区希望增设停车位。",
    "社区卫生服务站周末不开门。",
    "高龄老人补贴申领流程不清楚。",
    "路口红绿灯时间太短,老人过马路困难。",
    "希望社区多组织文化活动。",
)
NAMES = ("王秀英", "李建国", "张丽", "刘洋", "陈静", "杨帆", "赵磊", "黄敏")
# Each state's events: (action, from, to, which moment the event happened at).
PATHS = {
    "submitted": [("submit", "", "submitted", "submitted")],
    "rejected": [
        ("submit", "", "submitted", "submitted"),
        ("reject", "submitted", "rejected", "rejected"),
    ],
    "registered": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
    ],
    "transferred": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
        ("transfer", "registered", "transferred", "transferred"),
    ],
    "in_progress": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
        ("start", "registered", "in_progress", "transferred"),
    ],
    "answered": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
        ("transfer", "registered", "transferred", "transferred"),
        ("answer", "transferred", "answered", "answered"),
    ],
    "closed": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
        ("transfer", "registered", "transferred", "transferred"),
        ("answer", "transferred", "answered", "answered"),
        ("rate", "answered", "closed", "closed"),
    ],
    "reopened": [
        ("submit", "", "submitted", "submitted"),
        ("register", "submitted", "registered", "registered"),
        ("answer", "registered", "answered", "answered"),
        ("rate", "answered", "reopened", "reopened"),
    ],
}


def _pick(shares: tuple[tuple[str, float], ...], draw: str) -> str:
    """A SQL CASE choosing a label by the uniform random number in column `draw`."""
    parts, total = [], 0.0
    for label, share in shares[:-1]:
        total += share
        parts.append(f"WHEN {draw} < {total:.4f} THEN '{label}'")
    return f"CASE {' '.join(parts)} ELSE '{shares[-1][0]}' END"


def _sql_array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def _paths_values() -> str:
    rows = []
    for state, steps in PATHS.items():
        for order, (action, from_state, to_state, moment) in enumerate(steps):
            rows.append(f"('{state}',{order},'{action}','{from_state}','{to_state}','{moment}')")
    return ",".join(rows)


def build_issues(cursor, issues: int, seed: float) -> None:
    """Write `issues` issues with their events and bring the tracking counters up to date."""
    cursor.execute("SELECT setseed(%s)", [seed])
    cursor.execute("""
        CREATE TEMP TABLE b_station AS
        SELECT row_number() OVER (ORDER BY s.id) AS n, s.id AS station_id, a.district_id
        FROM stations_station s JOIN portal_area a ON a.id = s.area_id;
        CREATE TEMP TABLE b_category AS
        SELECT row_number() OVER (ORDER BY id) AS n, id, default_days
        FROM issues_category WHERE is_active;
        CREATE TEMP TABLE b_district AS
        SELECT d.id AS district_id, d.code,
            (SELECT array_agg(id ORDER BY id) FROM portal_department p
             WHERE p.district_id = d.id) AS departments,
            (SELECT array_agg(id ORDER BY id) FROM representatives_deputy r
             WHERE r.district_id = d.id) AS deputies,
            (SELECT min(id) FROM portal_user u
             WHERE u.district_id = d.id AND u.role = 'district_staff') AS staff
        FROM portal_area d WHERE d.level = 'district';
    """)
    cursor.execute("SELECT count(*) FROM b_station")
    stations = cursor.fetchone()[0]
    cursor.execute("SELECT count(*) FROM b_category")
    categories = cursor.fetchone()[0]
    # Moments per state: closed ones spread over two years, the working set in recent weeks,
    # answers within the rating period (older ones the sweep would close: not "nothing due").
    cursor.execute(f"""
        CREATE UNLOGGED TABLE b_raw AS
        SELECT x.*, st.station_id, st.district_id, c.id AS category_id, c.default_days,
            d.code, d.departments, d.deputies, d.staff,
            now() - CASE
                WHEN x.state IN ('closed', 'rejected') THEN x.r_age * interval '730 days'
                WHEN x.state = 'submitted' THEN x.r_age * interval '3 days'
                WHEN x.state = 'answered' THEN interval '10 days' + x.r_age * interval '40 days'
                ELSE interval '1 day' + x.r_age * interval '45 days'
            END AS submitted_at
        FROM (
            SELECT g, {_pick(STATE_SHARES, "r_state")} AS state,
                   {_pick(SOURCE_SHARES, "r_source")} AS source,
                   r_age, r_station, r_category, r_person, r_phone, r_text, r_answer
            FROM (SELECT g, random() AS r_state, random() AS r_source, random() AS r_age,
                         random() AS r_station, random() AS r_category, random() AS r_person,
                         random() AS r_phone, random() AS r_text, random() AS r_answer
                  FROM generate_series(1, {int(issues)}) AS g) AS draws
        ) AS x
        JOIN b_station st ON st.n = 1 + floor(x.r_station * {stations})::int
        JOIN b_category c ON c.n = 1 + floor(x.r_category * {categories})::int
        JOIN b_district d ON d.district_id = st.district_id;
    """)
    cursor.execute("""
        CREATE UNLOGGED TABLE b_issue AS
        SELECT r.*,
            CASE WHEN state IN ('submitted', 'rejected') THEN NULL
                 ELSE least(submitted_at + interval '4 hours' + r_answer * interval '56 hours',
                            now() - interval '2 hours') END AS registered_at,
            CASE WHEN state = 'answered' THEN now() - r_answer * interval '6 days'
                 WHEN state = 'reopened' THEN least(submitted_at + interval '3 days',
                                                    now() - interval '90 minutes')
                 WHEN state = 'closed' THEN least(submitted_at + interval '5 days',
                                                  now() - interval '90 minutes')
                 END AS answered_at,
            row_number() OVER (
                PARTITION BY district_id,
                    extract(year FROM submitted_at AT TIME ZONE 'Asia/Shanghai')
                ORDER BY submitted_at, g) AS seq,
            extract(year FROM submitted_at AT TIME ZONE 'Asia/Shanghai')::int AS year
        FROM b_raw r;
        DROP TABLE b_raw;
    """)
    cursor.execute(f"""
        INSERT INTO issues_issue (
            tracking_number, token, district_id, station_id, deputy_id, source, category_id,
            text, place, citizen_name, citizen_phone, state, department_id, assignee_id,
            deadline, escalation_level, answer, rating, rating_comment, is_flagged,
            submitted_at, registered_at, answered_at, closed_at, updated_at)
        SELECT
            b.code || '-' || b.year || '-'
                || lpad((b.seq + coalesce(t.last, 0))::text,
                        greatest(6, length((b.seq + coalesce(t.last, 0))::text)), '0'),
            replace(gen_random_uuid()::text, '-', ''),
            b.district_id,
            CASE WHEN b.source IN ('hotline', 'monthly_talk') THEN NULL ELSE b.station_id END,
            CASE WHEN b.source = 'station_qr' OR b.deputies IS NULL THEN NULL
                 ELSE b.deputies[1 + floor(b.r_person * array_length(b.deputies, 1))::int] END,
            b.source, b.category_id,
            ({_sql_array(TEXTS)})[1 + floor(b.r_text * {len(TEXTS)})::int],
            '',
            CASE WHEN b.r_phone < 0.2 THEN ''
                 ELSE ({_sql_array(NAMES)})[1 + floor(b.r_text * {len(NAMES)})::int] END,
            CASE WHEN b.r_phone < 0.2 THEN ''
                 ELSE '13' || lpad(floor(b.r_phone * 999999999)::bigint::text, 9, '0') END,
            b.state,
            CASE WHEN b.state IN ('transferred', 'answered', 'closed') AND b.departments IS NOT NULL
                 THEN b.departments[1 + floor(b.r_answer * array_length(b.departments, 1))::int]
                 END,
            CASE WHEN b.state = 'in_progress' THEN b.staff END,
            CASE WHEN b.state = 'reopened'
                     THEN b.answered_at + interval '1 day' + b.default_days * interval '1 day'
                 WHEN b.registered_at IS NOT NULL
                     THEN b.registered_at + b.default_days * interval '1 day' END,
            0,
            CASE WHEN b.answered_at IS NOT NULL THEN '已协调相关部门现场处置,问题已解决。'
                 ELSE '' END,
            CASE WHEN b.state = 'closed' THEN
                     CASE WHEN b.r_answer < 0.8 THEN 'satisfied' ELSE 'basically' END
                 WHEN b.state = 'reopened' THEN 'unsatisfied' ELSE '' END,
            '', false, b.submitted_at, b.registered_at, b.answered_at,
            CASE WHEN b.state = 'closed'
                     THEN least(b.answered_at + interval '3 days', now() - interval '1 hour')
                 WHEN b.state = 'rejected'
                     THEN least(b.submitted_at + interval '1 day', now() - interval '1 hour')
                 END,
            now()
        FROM b_issue b
        LEFT JOIN issues_trackingcounter t
            ON t.district_id = b.district_id AND t.year = b.year
        ORDER BY b.submitted_at;
    """)
    cursor.execute("""
        INSERT INTO issues_trackingcounter (district_id, year, last)
        SELECT district_id, year, max(seq) FROM b_issue GROUP BY district_id, year
        ON CONFLICT (district_id, year)
        DO UPDATE SET last = issues_trackingcounter.last + EXCLUDED.last;
        DROP TABLE b_issue;
    """)
    cursor.execute(f"""
        CREATE TEMP TABLE b_path (state text, step int, action text, from_state text,
                                  to_state text, moment text);
        INSERT INTO b_path VALUES {_paths_values()};
    """)
    cursor.execute("""
        INSERT INTO issues_issueevent (issue_id, action, actor_id, from_state, to_state, note,
                                       is_public, created_at)
        SELECT i.id, p.action,
            CASE WHEN p.action IN ('submit', 'rate') THEN NULL ELSE d.staff END,
            p.from_state, p.to_state,
            CASE p.action WHEN 'register' THEN '已挂号,明确责任人和办理时限。'
                          WHEN 'answer' THEN i.answer ELSE '' END,
            true,
            CASE p.moment
                WHEN 'submitted' THEN i.submitted_at
                WHEN 'registered' THEN i.registered_at
                WHEN 'transferred' THEN least(i.registered_at + interval '2 hours',
                                              now() - interval '1 hour')
                WHEN 'answered' THEN i.answered_at
                WHEN 'reopened' THEN i.answered_at + interval '1 day'
                ELSE i.closed_at END
        FROM issues_issue i
        JOIN b_path p ON p.state = i.state
        JOIN b_district d ON d.district_id = i.district_id
        WHERE i.updated_at = now()
        ORDER BY i.id, p.step;
    """)


def claim_reminders(cursor, due: int) -> int:
    """Record the reminders earlier sweeps would have sent, all but `due` of them.

    For every issue the claims are staged (new → due soon → at deadline → supervision 1 → 2;
    answered → citizen told); the last stage of `due` random issues is left unclaimed, so the
    next sweep has exactly that much to do, and each issue's supervision level matches the
    supervision claims it has.
    """
    cursor.execute("""
        CREATE TEMP TABLE b_claim AS
        WITH c AS (
            SELECT id AS issue_id, district_id, 'submitted' AS kind, 0 AS level,
                   submitted_at AS occasion, 0 AS stage
            FROM issues_issue WHERE state = 'submitted' AND NOT is_flagged
            UNION ALL
            SELECT id, district_id, 'answered', 0, answered_at, 5
            FROM issues_issue
            WHERE state = 'answered' AND NOT is_flagged AND citizen_phone <> ''
              AND answered_at >= now() - interval '7 days'
            UNION ALL
            SELECT id, district_id, s.kind, s.level, deadline, s.stage
            FROM issues_issue
            JOIN (VALUES ('due_soon', 0, 1, interval '24 hours'),
                         ('at_deadline', 0, 2, interval '0 hours'),
                         ('escalation', 1, 3, interval '-1 day'),
                         ('escalation', 2, 4, interval '-3 days'))
                AS s(kind, level, stage, lead) ON deadline <= now() + s.lead
            WHERE state IN ('registered', 'transferred', 'in_progress', 'reopened')
              AND NOT is_flagged AND deadline IS NOT NULL
        )
        SELECT c.*, row_number() OVER (PARTITION BY issue_id ORDER BY stage DESC) AS last_first
        FROM c;
    """)
    # Its own statement: with parameters bound by the server (as the portal's settings do),
    # one string may not hold several commands.
    cursor.execute(
        """
        CREATE TEMP TABLE b_pending AS
        SELECT issue_id, stage FROM b_claim WHERE last_first = 1 ORDER BY random() LIMIT %s
        """,
        [due],
    )
    cursor.execute(
        """
        DELETE FROM b_claim c USING b_pending p
        WHERE c.issue_id = p.issue_id AND c.stage = p.stage;
        INSERT INTO reminders_reminder (kind, level, issue_id, duty_shift_id, district_id,
                                        occasion, notifications, created_at)
        SELECT kind, level, issue_id, NULL, district_id, occasion, 1, now() FROM b_claim;
        UPDATE issues_issue i SET escalation_level = e.level
        FROM (SELECT issue_id, max(level) AS level FROM b_claim WHERE kind = 'escalation'
              GROUP BY issue_id) AS e
        WHERE i.id = e.issue_id;
        """
    )
    cursor.execute("SELECT count(*) FROM b_pending")
    return cursor.fetchone()[0]


def build_activities(count: int, seed: int) -> str:
    """Up to `count` duty activities, if the Activity model exists; returns what happened.

    The model is new and may still change, so its required fields are filled generically
    from its metadata (a foreign key from a pool of existing rows, text, a date in the last
    two years) rather than written in SQL against today's columns.
    """
    from django.apps import apps
    from django.db import models

    try:
        activity = apps.get_model("representatives", "Activity")
    except LookupError:
        return "skipped: representatives.models has no Activity model"
    rng = random.Random(seed)
    pools: dict[str, list[int]] = {}
    today = date.today()
    fields = [
        f
        for f in activity._meta.concrete_fields
        if (not f.primary_key and not (f.null or f.has_default() or getattr(f, "auto_now", False)))
        or f.name in ("deputy", "station", "district")
    ]
    for field in fields:
        if isinstance(field, models.ForeignKey):
            pools[field.name] = list(
                field.related_model._default_manager.values_list("pk", flat=True)[:20000]
            )
            if not pools[field.name] and not field.null:
                return f"skipped: no {field.related_model.__name__} rows to point at"
    deputy_district: dict[int, int] = {}
    if "deputy" in pools and "district" in pools:
        deputy_model = activity._meta.get_field("deputy").related_model
        deputy_district = dict(deputy_model._default_manager.values_list("pk", "district_id"))

    def value(field, row: dict):
        if isinstance(field, models.ForeignKey):
            if field.name == "district" and row.get("deputy_id") in deputy_district:
                return deputy_district[row["deputy_id"]]
            return rng.choice(pools[field.name]) if pools[field.name] else None
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.DateTimeField):
            from django.utils import timezone

            return timezone.now() - timedelta(days=rng.randint(0, 729))
        if isinstance(field, models.DateField):
            return today - timedelta(days=rng.randint(0, 729))
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.IntegerField):
            return 60
        if field.choices:
            return field.choices[0][0]
        if isinstance(field, models.CharField | models.TextField):
            return "走访选民,收集社情民意。"[: field.max_length or 200]
        raise ValueError(f"cannot fill {field.name} ({type(field).__name__})")

    ordered = sorted(fields, key=lambda f: f.name != "deputy")  # deputy first: district follows
    try:
        batch: list = []
        for _ in range(count):
            row: dict = {}
            for field in ordered:
                row[field.attname] = value(field, row)
            batch.append(activity(**row))
            if len(batch) == 10000:
                activity._default_manager.bulk_create(batch)
                batch = []
        activity._default_manager.bulk_create(batch)
    except Exception as error:  # the model may be mid-change: report, don't fail the run
        return f"skipped: {type(error).__name__}: {error}"
    return f"{count} written"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000, help="reminders left for the sweep")
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--seed", type=float, default=0.2026)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.db import connection, transaction

    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        # Every id written comes from a join with its table, so the foreign-key triggers
        # (deferred: a minute of checks queued for the commit at a million issues) are off.
        cursor.execute("SET LOCAL session_replication_role = replica")
        build_issues(cursor, args.issues, args.seed)
        print(f"issues and events: {time.monotonic() - started:.1f} s", flush=True)
        pending = claim_reminders(cursor, args.due)
        print(f"reminders claimed, {pending} left due: {time.monotonic() - started:.1f} s")
    result = build_activities(args.activities, int(args.seed * 10000)) if args.activities else "0"
    print(f"activities: {result} ({time.monotonic() - started:.1f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuum analyze: {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
