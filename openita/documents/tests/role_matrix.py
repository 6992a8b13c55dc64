"""The document views in the role matrix (see openita_testing/role_matrix.py).

Batches belong to a parent unit (the province) and hold documents of every unit below it: only people who
see the whole subtree (parent admin, oversight viewer, assessor, site admin) reach them; the stations' own
people do not see the province (404).
"""

import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from openita.conftest import World
from openita.documents import services
from openita.documents.models import BatchStatus, DocumentBatch
from openita.measures.tests.role_matrix import viewers
from openita_testing.role_matrix import LOGIN, MISSING, OK, Case, everyone

NOT_ALLOWED = 405
SUBTREE_VIEWERS = ("parent_admin", "oversight", "assessor", "superuser")
subtree_viewers = everyone(MISSING, **dict.fromkeys(SUBTREE_VIEWERS, OK))
subtree_post_only = everyone(MISSING, **dict.fromkeys(SUBTREE_VIEWERS, NOT_ALLOWED))
refused_writes = {
    persona: status
    for persona, status in everyone(MISSING).items()
    if persona not in SUBTREE_VIEWERS
}
assert refused_writes["anonymous"] == LOGIN


def ita_calendar_pdf(world: World) -> dict[str, Any]:
    return {
        "unit_code": world.station.code,
        "fiscal_year": 2568,
        "kind_code": "ita-calendar",
        "file_format": "xlsx",
    }


def a_finished_batch(world: World) -> DocumentBatch:
    """A done batch of the province, with its zip on disk (made without rendering anything)."""
    batch = DocumentBatch.objects.filter(parent=world.province).first()
    if batch is not None:
        return batch
    now = timezone.now()
    batch = DocumentBatch.objects.create(
        parent=world.province,
        fiscal_year=2568,
        kind_code="ita-calendar",
        file_format="pdf",
        status=BatchStatus.DONE,
        total=2,
        done_count=2,
        started_at=now,
        finished_at=now,
    )
    path = (
        Path(settings.OPENITA_PRIVATE_FILES_ROOT) / services.BATCH_FOLDER / str(batch.pk) / "x.zip"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(services.README_NAME, "ok")
    batch.zip_path = str(path.relative_to(settings.OPENITA_PRIVATE_FILES_ROOT))
    batch.zip_size = path.stat().st_size
    batch.save()
    return batch


def province(world: World) -> dict[str, Any]:
    return {"unit_code": world.province.code}


def province_batch(world: World) -> dict[str, Any]:
    return {"unit_code": world.province.code, "batch_id": a_finished_batch(world).pk}


def batch_request(world: World) -> dict[str, Any]:
    return {"kind": "ita-calendar", "file_format": "pdf", "fiscal_year": 2568}


CASES = [
    Case(
        "documents:unit_documents",
        lambda world: {"unit_code": world.station.code, "fiscal_year": 2568},
        get=viewers,
    ),
    Case("documents:download", ita_calendar_pdf, get=viewers),
    Case(
        "documents:batches",
        province,
        get=subtree_viewers,
        post=refused_writes,
        writers=SUBTREE_VIEWERS,
        post_data=batch_request,
    ),
    Case("documents:batch", province_batch, get=subtree_viewers),
    Case("documents:batch_progress", province_batch, get=subtree_viewers),
    Case("documents:batch_download", province_batch, get=subtree_viewers),
    Case(
        "documents:batch_rerun",
        province_batch,
        get=subtree_post_only,
        post=refused_writes,
        writers=SUBTREE_VIEWERS,
    ),
]
