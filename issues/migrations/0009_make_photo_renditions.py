"""Make the small renditions of the photos stored before renditions existed.

Run here, once, by `migrate`: nobody has to remember a command after upgrading, and the
pages show renditions from the first request. Not atomic: each photo's file and row are
written together, so an interrupted run leaves no row naming a missing file and the next
`migrate` resumes with the photos still without one. A 2048-pixel JPEG decodes at a quarter
of its size for this, a few milliseconds a photo (about ten minutes for 100,000 photos).
"""

from django.db import migrations


def make_renditions(apps, schema_editor):
    from issues.photos import make_missing_renditions

    made, failed = make_missing_renditions(apps.get_model("issues", "IssuePhoto"))
    if made or failed:
        print(f"\n  issue photos: {made} renditions made, {failed} unreadable (full photo shown)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("issues", "0008_photo_rendition"),
    ]

    operations = [migrations.RunPython(make_renditions, migrations.RunPython.noop)]
