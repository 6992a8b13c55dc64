"""Writes on units and lines of work. Every function runs in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from openita.core.uploads import check_upload
from openita.units.models import Line, Unit

UNIT_FIELDS = (
    "code",
    "name_th",
    "name_en",
    "unit_type",
    "address",
    "phone",
    "email",
    "website",
    "document_digits",
    "is_active",
)
LINE_FIELDS = ("code", "name_th", "name_en", "sort_order")
LETTERHEAD_EXTENSIONS = ("png", "jpg", "jpeg")
MAX_LETTERHEAD_BYTES = 2 * 1024 * 1024


def _path_for(unit: Unit, parent: Unit | None) -> tuple[str, int]:
    prefix = parent.path if parent is not None else "/"
    depth = parent.depth + 1 if parent is not None else 0
    return f"{prefix}{unit.pk:07d}/", depth


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or its own sub-unit.")}
        )


@transaction.atomic
def create_unit(*, parent: Unit | None = None, **values: Any) -> Unit:
    unit = Unit(parent=parent, **{name: values[name] for name in UNIT_FIELDS if name in values})
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path, unit.depth = _path_for(unit, parent)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, parent: Unit | None, **values: Any) -> Unit:
    """Change a unit's data; moving it under another parent moves its whole subtree."""
    _check_parent(unit, parent)
    for name in UNIT_FIELDS:
        if name in values:
            setattr(unit, name, values[name])
    old_path = unit.path
    moved = (unit.parent_id or None) != (parent.pk if parent else None)
    unit.parent = parent
    unit.full_clean(exclude=["path"])
    unit.save()
    if moved:
        new_path, new_depth = _path_for(unit, parent)
        depth_change = new_depth - unit.depth
        for descendant in Unit.objects.filter(path__startswith=old_path).only(
            "pk", "path", "depth"
        ):
            descendant.path = new_path + descendant.path[len(old_path) :]
            descendant.depth += depth_change
            Unit.objects.filter(pk=descendant.pk).update(
                path=descendant.path, depth=descendant.depth
            )
        unit.path, unit.depth = new_path, new_depth
    return unit


@transaction.atomic
def create_line(unit: Unit, **values: Any) -> Line:
    line = Line(unit=unit, **{name: values[name] for name in LINE_FIELDS if name in values})
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def update_line(line: Line, **values: Any) -> Line:
    for name in LINE_FIELDS:
        if name in values:
            setattr(line, name, values[name])
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def delete_line(line: Line) -> None:
    line.delete()


@transaction.atomic
def set_letterhead(unit: Unit, upload: UploadedFile | None) -> Unit:
    """Set the unit's letterhead emblem (PNG or JPEG, checked by its content), or remove it (None).

    The previous file is deleted once the change is committed."""
    previous = unit.letterhead.name if unit.letterhead else ""
    if upload is None:
        unit.letterhead = ""
    else:
        try:
            checked = check_upload(
                upload,
                upload.name or "",
                upload.size or 0,
                allowed=LETTERHEAD_EXTENSIONS,
                max_bytes=MAX_LETTERHEAD_BYTES,
            )
        except ValidationError as error:
            raise ValidationError({"image": error.messages}, code=error.code) from error
        unit.letterhead.save(f"{unit.code}.{checked.extension}", upload, save=False)
    unit.save(update_fields=["letterhead", "updated_at"])
    if previous and previous != unit.letterhead.name:
        storage = unit.letterhead.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return unit


def letterhead_bytes(unit: Unit) -> bytes | None:
    """The emblem's bytes for a document, or None when the unit has none (or its file is gone)."""
    if not unit.letterhead:
        return None
    try:
        with unit.letterhead.open("rb") as stream:
            return bytes(stream.read())
    except OSError:
        return None
