"""Seed the activity types every district uses (staff may add more in the admin)."""

from django.db import migrations

# (name, counts_as): 接待选民, 培训 and 述职 count towards the annual targets.
TYPES = [
    ("接待选民", "reception"),
    ("走访", ""),
    ("进小区见面会", ""),
    ("马扎议事", ""),
    ("咖啡议事", ""),
    ("恳谈会", ""),
    ("代表月月谈", ""),
    ("述职", "report"),
    ("培训", "training"),
    ("听证会/会诊", ""),
    ("普法", ""),
    ("公益服务", ""),
    ("就业服务", ""),
    ("矛盾纠纷调解", ""),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("representatives", "ActivityType")
    for order, (name, counts_as) in enumerate(TYPES):
        ActivityType.objects.get_or_create(
            name=name, defaults={"counts_as": counts_as, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("representatives", "0003_activities"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
