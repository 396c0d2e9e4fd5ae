# The search app's outbox becomes the change feed of its own app below the catalogue. The table
# exists already (search 0001): this migration only tells Django's state that it is ours now;
# 0002 renames it. No row is copied or lost.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RecordChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("record_id", models.BigIntegerField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"verbose_name": "record change", "db_table": "search_indexoutbox"},
                ),
            ],
            database_operations=[],
        ),
    ]
