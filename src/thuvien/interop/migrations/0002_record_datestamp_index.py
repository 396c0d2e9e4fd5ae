"""An index for OAI-PMH lists on the catalogue's record table.

OAI-PMH lists records in (datestamp, id) order and resumes after a key; without this index
every page of a harvest sorts the whole table. It is created here, by the app that needs it,
so the catalogue's models stay as they are; IF NOT EXISTS keeps it harmless should the
catalogue add the same index one day.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0001_initial"),
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS interop_record_datestamp "
            "ON catalogue_record (updated_at, id)",
            "DROP INDEX IF EXISTS interop_record_datestamp",
        )
    ]
