# The outbox's table now belongs to thuvien.changes (its 0001 took it over in Django's state);
# here it leaves the search app's state only, so the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
        ("changes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IndexOutbox")],
            database_operations=[],
        ),
    ]
