"""Vacuum the issue table after 0.5 % of its rows changed, not PostgreSQL's default 20 %.

The work queue's counts and pages are index-only scans, which read the table itself for
every row on a page changed since the last vacuum. After one reminder sweep at the default
scale (about 7,000 issues updated) the staff list's count fetched 3,038 of its 10,001 rows
from the table and took 8.2 ms; after a VACUUM, none and 3.2 ms (docs/PERFORMANCE.md). With
the default factor the 1,000,000-row table would wait for 200,000 changes.
"""

from django.db import migrations

SETTINGS = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_scale_factor")


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0007_issue_station_unfinished_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE issues_issue SET ("
            + ", ".join(f"{name} = 0.005" for name in SETTINGS)
            + ")",
            reverse_sql=f"ALTER TABLE issues_issue RESET ({', '.join(SETTINGS)})",
        ),
    ]
