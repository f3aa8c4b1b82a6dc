"""Make the small renditions of the activity photos stored before renditions existed.

As issues' 0009: once, by `migrate`, each photo on its own (see there).
"""

from django.db import migrations


def make_renditions(apps, schema_editor):
    from issues.photos import make_missing_renditions

    made, failed = make_missing_renditions(apps.get_model("representatives", "ActivityPhoto"))
    if made or failed:
        print(f"\n  activity photos: {made} renditions made, {failed} unreadable (full photo shown)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("representatives", "0007_photo_rendition"),
    ]

    operations = [migrations.RunPython(make_renditions, migrations.RunPython.noop)]
