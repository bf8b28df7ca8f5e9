"""The export zip import on the task queue (django-tasks): what the worker runs. Safe to run twice: an import is
claimed (locked, still queued) before it is read, and one already done or refused is left as it is."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from crosstrain.activities.models import ActivityImport, ActivityImportFile
from crosstrain.activities.services import activities_import
from crosstrain.core.errors import InputError


@task()
def import_export(import_id: int) -> dict[str, str]:
    """Read, classify and save the activities of one uploaded export zip, all or nothing."""
    with transaction.atomic():
        job = (
            ActivityImport.objects.select_for_update(of=("self",))
            .select_related("runner", "uploaded_by")
            .filter(pk=import_id)
            .first()
        )
        if job is None or job.status != ActivityImport.Status.QUEUED:
            return {"status": "gone" if job is None else job.status}
        upload = ActivityImportFile.objects.filter(upload=job).first()
        data = bytes(upload.data) if upload is not None else b""
        try:
            with transaction.atomic():
                result = activities_import(runner=job.runner, uploads=[(job.name, data)], by=job.uploaded_by)
        except InputError as error:
            job.status, job.result = ActivityImport.Status.FAILED, "\n".join(error.problems)
        else:
            job.status, job.result = ActivityImport.Status.DONE, result.text
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "result", "finished_at"])
        ActivityImportFile.objects.filter(upload=job).delete()
    return {"status": job.status}
