"""Small makers for the participation tests (no demo)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from openita.core.uploads import private_storage
from openita.participation.models import (
    ParticipantGroup,
    ParticipationRecord,
    Post,
    PostKind,
    PostState,
    RecordPhoto,
)
from openita.units.models import Unit


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_post(
    unit: Unit,
    body: str = "สถานีเปิดให้บริการวันเสาร์หรือไม่",
    *,
    state: str = PostState.PENDING,
    kind: str = PostKind.QUESTION,
    received_on: datetime.date | None = None,
    answered_on: datetime.date | None = None,
    **fields: Any,
) -> Post:
    day = received_on or timezone.localdate()
    return Post.objects.create(
        unit=unit,
        kind=kind,
        body=body,
        state=state,
        received_on=day,
        answer_by=day + datetime.timedelta(days=15),
        answer="ตอบ" if answered_on else "",
        answer_official=answered_on is not None,
        answered_on=answered_on,
        source_key=fields.pop("source_key", "a" * 64),
        **fields,
    )


def make_record(
    unit: Unit, fiscal_year: int, *, complete: bool = True, photo: bool = False, **fields: Any
) -> ParticipationRecord:
    values: dict[str, Any] = {
        "topic": "ประชุมผู้นำชุมชนเรื่องจุดตรวจ",
        "held_on": datetime.date(2025, 3, 1),
        "results": "ชุมชนขอให้ย้ายจุดตรวจออกจากหน้าตลาด",
        "changes": "ย้ายจุดตรวจไปหน้าโรงเรียนตั้งแต่เดือนเมษายน",
    }
    if not complete:
        values["results"] = ""
    values.update(fields)
    item = ParticipationRecord.objects.create(unit=unit, fiscal_year=fiscal_year, **values)
    if complete:
        ParticipantGroup.objects.create(record=item, name="ผู้นำชุมชน", count=12)
    if photo:
        stored = private_storage().save("participation/test.png", ContentFile(png_bytes()))
        RecordPhoto.objects.create(
            record=item,
            stored_name=stored,
            original_name="meeting.png",
            caption="ภาพการประชุม",
            size=10,
            added_on=timezone.localdate(),
        )
    return item
