"""The theses workflow's history moves into the one history of every lifecycle
(lifecycle.Transition), with the owning library's code, which the old rows did not keep.

Every row is copied; backwards, the workflow's rows are copied back (for objects that still
exist) and removed from the shared table. The old table is dropped by the next migration.
"""

from django.db import migrations

MACHINE = "digital-workflow"
MODEL = "digital.digitalobject"
BATCH = 1000


def forwards(apps, schema_editor):
    Old = apps.get_model("digital", "StatusChange")
    New = apps.get_model("lifecycle", "Transition")
    rows = Old.objects.select_related("digital_object__library").order_by("at", "id")
    batch = []
    for old in rows.iterator(chunk_size=BATCH):
        batch.append(
            New(
                machine=MACHINE,
                model=MODEL,
                object_id=str(old.digital_object_id),
                action=old.move,
                from_state=old.from_status,
                to_state=old.to_status,
                at=old.at,
                actor_id=old.actor_id,
                actor_label=old.actor_label,
                library_code=old.digital_object.library.code,
                note=old.note,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Old = apps.get_model("digital", "StatusChange")
    New = apps.get_model("lifecycle", "Transition")
    DigitalObject = apps.get_model("digital", "DigitalObject")
    ours = New.objects.filter(machine=MACHINE, model=MODEL)
    existing = {str(pk) for pk in DigitalObject.objects.values_list("pk", flat=True)}
    for new in ours.order_by("at", "id").iterator(chunk_size=BATCH):
        if new.object_id not in existing:
            continue  # the old table's rows went with their object
        old = Old.objects.create(
            digital_object_id=int(new.object_id),
            move=new.action,
            from_status=new.from_state,
            to_status=new.to_state,
            actor_id=new.actor_id,
            actor_label=new.actor_label,
            note=new.note,
        )
        # StatusChange.at is auto_now_add: create() stamped it now; give it back its time.
        Old.objects.filter(pk=old.pk).update(at=new.at)
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("digital", "0003_collection_related_name"),
        ("lifecycle", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
