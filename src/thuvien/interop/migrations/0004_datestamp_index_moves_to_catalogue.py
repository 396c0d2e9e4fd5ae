"""The catalogue now holds the (updated_at, id) index on its own table (catalogue 0002), so the
copy this app created on another app's table (0002) is dropped: a migration of one app no longer
reaches into another's table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0003_harvest_schedule"),
        ("catalogue", "0002_record_updated_id_index"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS interop_record_datestamp",
            "CREATE INDEX IF NOT EXISTS interop_record_datestamp "
            "ON catalogue_record (updated_at, id)",
        )
    ]
