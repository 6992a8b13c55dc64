"""Announcements and posters: drafting from the versioned templates, the element check, issuing, publishing
as OIT evidence (through `openita.oit.services`), and the progress entry of a measure whose output it is
(through `openita.measures.services`). Every write is here, in a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import User
from openita.frameworks.models import Assessment
from openita.measures import services as measure_services
from openita.measures.models import Measure
from openita.oit import services as oit_services
from openita.oit.models import Disclosure
from openita.surveys.models import Campaign
from openita.units.models import Unit

from .models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    BudgetFigure,
    Poster,
    Service,
    ServiceStep,
    UnitColours,
)
from .templates_data import Element, kind_template, version

FALLBACK_BASE_URL = "http://localhost:8000"
EDITABLE_FIELDS = (
    "number",
    "title_th",
    "title_en",
    "body_th",
    "body_en",
    "issued_on",
    "signer_rank",
    "signer_name",
    "signer_position",
    "signer_name_en",
    "signer_position_en",
    "measure",
)


# --- Public addresses ------------------------------------------------------------------------------


def public_address(path: str) -> str:
    """An address people reach from outside (a QR code, a printed announcement): OPENITA_BASE_URL + path."""
    base = (getattr(settings, "OPENITA_BASE_URL", "") or FALLBACK_BASE_URL).rstrip("/")
    return base + path


def complaint_address(unit: Unit) -> str:
    return public_address(reverse("complaints:intake", args=[unit.code]))


def questions_address(unit: Unit) -> str:
    """The unit's public questions and answers (the participation app's board)."""
    return public_address(reverse("participation:board", args=[unit.code]))


def unit_page_address(unit: Unit) -> str:
    return public_address(reverse("public_site:unit", args=[unit.code]))


def survey_address(unit: Unit, fiscal_year: int) -> str | None:
    """The public survey (EIT) of the unit's year while it is open, else None."""
    today = timezone.localdate()
    campaign = (
        Campaign.objects.filter(
            assessment__unit=unit,
            assessment__fiscal_year=fiscal_year,
            kind="EIT",
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .order_by("-pk")
        .first()
    )
    return public_address(reverse("respond:answer", args=[campaign.code])) if campaign else None


# --- The element check -----------------------------------------------------------------------------


def _has_element(announcement: Announcement, element: Element) -> bool:
    if element.check == "dated":
        return announcement.issued_on is not None
    if element.check == "signed":
        return bool(announcement.signer_name.strip())
    if element.check == "head":
        return bool(announcement.signer_position.strip())
    if element.check == "english":
        return bool(announcement.title_en.strip() and announcement.body_en.strip())
    body = announcement.body_th.casefold()
    return any(word.casefold() in body for word in element.any)


def elements(announcement: Announcement) -> list[tuple[Element, bool]]:
    """Each element the kind's template asks for, and whether the announcement holds it."""
    template = kind_template(announcement.kind)
    return [(element, _has_element(announcement, element)) for element in template.elements]


def missing_elements(announcement: Announcement) -> list[Element]:
    return [element for element, present in elements(announcement) if not present]


# --- Drafting and editing --------------------------------------------------------------------------


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def placeholders(unit: Unit, fiscal_year: int) -> dict[str, str]:
    return _Blank(
        unit=unit.name_th,
        unit_en=unit.name_en or unit.name_th,
        year=str(fiscal_year),
        year_en=str(fiscal_year - 543),
        complaint_url=complaint_address(unit),
        phone=unit.phone or "-",
    )


def draft_values(unit: Unit, fiscal_year: int, kind: str) -> dict[str, Any]:
    """The template's text for a new announcement, filled with what openita knows of the unit."""
    template = kind_template(kind)
    values = placeholders(unit, fiscal_year)
    return {
        "title_th": template.title_th.format_map(values),
        "title_en": template.title_en.format_map(values),
        "body_th": template.body_th.format_map(values),
        "body_en": template.body_en.format_map(values),
    }


def _check_measure(unit: Unit, fiscal_year: int, measure: Measure | None) -> None:
    if measure is not None and (
        measure.plan.assessment.unit_id != unit.pk
        or measure.plan.assessment.fiscal_year != fiscal_year
    ):
        raise ValidationError(_("The measure is not in this unit's plan of the year."))


@transaction.atomic
def create_announcement(
    unit: Unit, fiscal_year: int, kind: str, actor: Any = None, **values: Any
) -> Announcement:
    if kind not in AnnouncementKind.values:
        raise ValidationError(_("Unknown kind of announcement."))
    filled = {**draft_values(unit, fiscal_year, kind), **values}
    _check_measure(unit, fiscal_year, filled.get("measure"))
    announcement = Announcement(
        unit=unit,
        fiscal_year=fiscal_year,
        kind=kind,
        template_version=version(),
        created_by=actor if isinstance(actor, User) else None,
        **{key: value for key, value in filled.items() if key in EDITABLE_FIELDS},
    )
    announcement.full_clean()
    announcement.save()
    return announcement


@transaction.atomic
def update_announcement(announcement: Announcement, **values: Any) -> Announcement:
    if announcement.is_issued:
        raise ValidationError(_("An issued announcement is not changed; make a new one."))
    _check_measure(announcement.unit, announcement.fiscal_year, values.get("measure"))
    for key, value in values.items():
        if key in EDITABLE_FIELDS:
            setattr(announcement, key, value)
    announcement.full_clean()
    announcement.save()
    return announcement


@transaction.atomic
def delete_announcement(announcement: Announcement) -> None:
    if announcement.is_issued:
        raise ValidationError(_("An issued announcement is not deleted."))
    announcement.delete()


def announcement_file(announcement: Announcement, file_format: str = "pdf") -> tuple[bytes, str]:
    """This announcement (not only the latest of its kind) as PDF or Word, and its file name."""
    from dataclasses import replace

    from openita.documents.kinds import known_names, unit_digits
    from openita.documents.render import render

    from .document_kinds import build_announcement

    unit = announcement.unit
    document = build_announcement(announcement, unit_digits(unit))
    document = replace(document, names=(*document.names, *known_names(unit)))
    name = (
        f"announcement-{announcement.kind}-{unit.code}-{announcement.fiscal_year}"
        f"-{announcement.pk}.{file_format}"
    )
    return render(document, file_format), name


@transaction.atomic
def issue(announcement: Announcement, actor: User | None = None) -> Announcement:
    """Issue the announcement when it holds every element; a measure whose output it is gets a progress
    entry with the PDF as evidence."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.is_issued:
        return announcement
    missing = missing_elements(announcement)
    if missing:
        raise ValidationError(
            _("Missing: %(elements)s.") % {"elements": ", ".join(e.label for e in missing)}
        )
    announcement.status = AnnouncementStatus.ISSUED
    announcement.save()
    if announcement.measure is not None:
        content, name = announcement_file(announcement)
        record_on_measure(
            announcement.measure,
            content,
            name,
            _("Announcement issued: %(title)s") % {"title": announcement.title_th},
            actor,
        )
    return announcement


def matching_disclosure(announcement: Announcement) -> Disclosure | None:
    """The unit's OIT item of the year this announcement is the evidence of (by the framework's purposes)."""
    purposes = kind_template(announcement.kind).purposes
    if not purposes:
        return None
    assessment = Assessment.objects.of(announcement.unit, announcement.fiscal_year).first()
    if assessment is None:
        return None
    disclosures = list(Disclosure.objects.filter(assessment=assessment).select_related("item"))
    for purpose in purposes:
        for disclosure in disclosures:
            if purpose in (disclosure.item.purposes or []):
                return disclosure
    return None


@transaction.atomic
def publish(announcement: Announcement, actor: User) -> Disclosure:
    """Attach the issued announcement's PDF as evidence of its OIT item (the item's rules apply: its
    editors, while it is a draft)."""
    if not announcement.is_issued:
        raise ValidationError(_("Issue the announcement before publishing it."))
    disclosure = matching_disclosure(announcement)
    if disclosure is None:
        raise ValidationError(_("This year's assessment has no OIT item for this announcement."))
    if (
        announcement.evidence_id
        and disclosure.evidence.filter(pk=announcement.evidence_id).exists()
    ):
        raise ValidationError(
            _("The announcement is already evidence of item %(code)s.")
            % {"code": disclosure.item.code}
        )
    content, name = announcement_file(announcement)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    evidence = oit_services.add_file(disclosure, actor, upload)
    announcement.evidence_id = evidence.pk
    announcement.published_item = disclosure.item.code
    announcement.save(update_fields=["evidence_id", "published_item", "updated_at"])
    return disclosure


# --- Measures --------------------------------------------------------------------------------------


def measures_of(unit: Unit, fiscal_year: int) -> Any:
    return Measure.objects.filter(
        plan__assessment__unit=unit, plan__assessment__fiscal_year=fiscal_year
    ).order_by("position", "pk")


def record_on_measure(
    measure: Measure, content: bytes, name: str, description: str, actor: User | None
) -> Any:
    """A progress entry of the measure with the file as its evidence (the measure's progress kept)."""
    upload = SimpleUploadedFile(name, content)
    return measure_services.add_progress(
        measure,
        done_on=timezone.localdate(),
        description=description,
        percent=measure.progress_percent,
        actor=actor,
        files=[upload],
    )


@transaction.atomic
def make_poster(
    unit: Unit,
    fiscal_year: int,
    kind: str,
    size: str,
    *,
    service: Service | None = None,
    measure: Measure | None = None,
    actor: User | None = None,
) -> Poster:
    """Record a poster made for a measure and add its PDF to the measure's progress."""
    from .posters import poster_file

    _check_measure(unit, fiscal_year, measure)
    poster = Poster.objects.create(
        unit=unit,
        fiscal_year=fiscal_year,
        kind=kind,
        size=size,
        service=service,
        measure=measure,
        made_by=actor,
    )
    if measure is not None:
        content, name = poster_file(unit, fiscal_year, kind, size, "pdf", service=service)
        record_on_measure(
            measure,
            content,
            name,
            _("Poster made: %(kind)s") % {"kind": poster.get_kind_display()},
            actor,
        )
    return poster


# --- Colours, services, budget ---------------------------------------------------------------------


def colours_of(unit: Unit) -> UnitColours:
    return UnitColours.objects.filter(unit=unit).first() or UnitColours(unit=unit)


@transaction.atomic
def set_colours(unit: Unit, primary: str, accent: str) -> UnitColours:
    colours = colours_of(unit)
    colours.primary, colours.accent = primary.lower(), accent.lower()
    colours.full_clean()
    colours.save()
    return colours


@dataclass(frozen=True)
class StepValues:
    title: str
    duration: str = ""


def parse_steps(value: str) -> list[StepValues]:
    """Steps typed one a line, "what | how long"."""
    steps = []
    for line in value.splitlines():
        if not line.strip():
            continue
        title, _sep, duration = line.partition("|")
        steps.append(StepValues(title.strip(), duration.strip()))
    return steps


def steps_text(service: Service) -> str:
    return "\n".join(
        f"{step.title} | {step.duration}" if step.duration else step.title
        for step in service.steps.all()
    )


@transaction.atomic
def save_service(
    unit: Unit,
    service: Service | None,
    *,
    name: str,
    manual_url: str = "",
    total_time: str = "",
    fee: str = "",
    steps: Sequence[StepValues] = (),
) -> Service:
    service = service or Service(unit=unit)
    service.name, service.manual_url, service.total_time, service.fee = (
        name,
        manual_url,
        total_time,
        fee,
    )
    service.full_clean()
    service.save()
    service.steps.all().delete()
    for position, step in enumerate(steps, start=1):
        ServiceStep.objects.create(
            service=service, position=position, title=step.title, duration=step.duration
        )
    return service


def parse_budget(value: str) -> list[tuple[str, Decimal]]:
    """Budget lines typed one a line, "what | amount"; ValidationError names a bad line."""
    figures = []
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        label, _sep, amount = line.rpartition("|")
        try:
            figures.append((label.strip(), Decimal(amount.strip().replace(",", ""))))
        except ArithmeticError:
            raise ValidationError(
                _("Line %(number)s: write the line, a bar | and the amount.") % {"number": number}
            ) from None
        if not label.strip():
            raise ValidationError(
                _("Line %(number)s: write the line, a bar | and the amount.") % {"number": number}
            )
    return figures


BUDGET_FILE_TYPES = ("xlsx", "csv")
MAX_BUDGET_FILE_BYTES = 2 * 1024 * 1024


def budget_from_file(upload: Any) -> list[tuple[str, Decimal]]:
    """Budget lines from a spreadsheet (first sheet) or a CSV file: the first column what, the second the
    amount; rows whose amount is not a number (a header) are left out."""
    import csv
    import io

    from openita.core.uploads import check_upload

    name = upload.name or "budget"
    checked = check_upload(
        upload, name, upload.size or 0, allowed=BUDGET_FILE_TYPES, max_bytes=MAX_BUDGET_FILE_BYTES
    )
    upload.seek(0)
    rows: list[tuple[Any, ...]]
    if checked.extension == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
        rows = [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    else:
        content = upload.read().decode("utf-8-sig", errors="replace")
        rows = [tuple(row) for row in csv.reader(io.StringIO(content))]
    figures = []
    for row in rows:
        if len(row) < 2 or row[0] is None or not str(row[0]).strip():
            continue
        try:
            amount = Decimal(str(row[1]).replace(",", "").strip())
        except ArithmeticError:
            continue
        figures.append((str(row[0]).strip(), amount))
    if not figures:
        raise ValidationError(
            _("No budget line found: the first column what, the second the amount.")
        )
    return figures


def budget_of(unit: Unit, fiscal_year: int) -> list[BudgetFigure]:
    return list(BudgetFigure.objects.filter(unit=unit, fiscal_year=fiscal_year))


@transaction.atomic
def set_budget(unit: Unit, fiscal_year: int, figures: Iterable[tuple[str, Decimal]]) -> int:
    BudgetFigure.objects.filter(unit=unit, fiscal_year=fiscal_year).delete()
    count = 0
    for position, (label, amount) in enumerate(figures, start=1):
        BudgetFigure.objects.create(
            unit=unit, fiscal_year=fiscal_year, position=position, label=label, amount=amount
        )
        count += 1
    return count
