"""Circulation's history moves into the one history of every lifecycle (lifecycle.Transition).

Every row is copied, with its time, actor label and library; backwards, the rows of
circulation's machines are copied back and removed from the shared table, so nothing is lost
either way. The old table is dropped by the next migration, not here.
"""

from django.db import migrations

# circulation.Transition.kind → the model the row is about
MODELS = {
    "loan": "circulation.loan",
    "hold": "circulation.hold",
    "ill": "circulation.illrequest",
    "postal": "circulation.postalloan",
    "copy": "circulation.copyrequest",
    "transit": "circulation.transit",
}
BATCH = 1000


def forwards(apps, schema_editor):
    Old = apps.get_model("circulation", "Transition")
    New = apps.get_model("lifecycle", "Transition")
    batch = []
    for old in Old.objects.order_by("id").iterator(chunk_size=BATCH):
        batch.append(
            New(
                machine=old.kind,
                model=MODELS.get(old.kind, f"circulation.{old.kind}"),
                object_id=str(old.object_id),
                action=old.event,
                from_state=old.from_state,
                to_state=old.to_state,
                at=old.at,
                actor_label=old.actor_label,
                library_code=old.library_code,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Old = apps.get_model("circulation", "Transition")
    New = apps.get_model("lifecycle", "Transition")
    ours = New.objects.filter(model__in=MODELS.values(), machine__in=MODELS.keys())
    batch = []
    for new in ours.order_by("at", "id").iterator(chunk_size=BATCH):
        batch.append(
            Old(
                kind=new.machine,
                object_id=int(new.object_id),
                event=new.action,
                from_state=new.from_state,
                to_state=new.to_state,
                at=new.at,
                actor_label=new.actor_label,
                library_code=new.library_code,
            )
        )
        if len(batch) >= BATCH:
            Old.objects.bulk_create(batch)
            batch = []
    Old.objects.bulk_create(batch)
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0003_transit"),
        ("lifecycle", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
