from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("changes", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="recordchange", table=None),
    ]
