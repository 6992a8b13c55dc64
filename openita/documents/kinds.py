"""The kinds of official document openita makes, each registered by the app that owns its data.

An app registers its kinds in its AppConfig.ready():

    from openita.documents.kinds import DocumentKind, register

    register(DocumentKind(
        code="measures-plan",
        label=_("Integrity and transparency measures"),
        build=build_measures_plan,          # (DocumentRequest) -> spec.Document
        formats=("pdf", "docx", "xlsx"),
    ))

and everything else follows: `openita document KIND --unit CODE --year 2568 --format pdf -o FILE`,
the download view `documents:download` (a menu on any page: `{% document_menu unit year "measures-plan" %}`),
and the batch of all units under a parent. A builder that lacks data raises `DocumentUnavailable` with a
sentence saying what is missing; the command prints it, the download view shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from django.utils.functional import Promise

from openita.core.years import year_notice
from openita.documents.render import render
from openita.documents.spec import Digits, Document, Paragraph, text

if TYPE_CHECKING:
    from openita.units.models import Unit

Period = Literal["h1", "year"]
OPTION_NAMES = ("period", "meeting")


def unit_digits(unit: Any) -> Digits:
    """The unit's choice of digits in documents: Thai (the default of `Unit.document_digits`) unless it
    chose Arabic."""
    return "arabic" if getattr(unit, "document_digits", "thai") == "arabic" else "thai"


class DocumentUnavailable(Exception):
    """The unit has no data for this document yet; the message says what is missing."""


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: a unit, a fiscal year (BE) and the kind's options."""

    unit: Unit
    fiscal_year: int
    period: Period | None = None
    meeting: int | None = None

    @property
    def digits(self) -> Digits:
        return unit_digits(self.unit)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str | Promise
    build: Callable[[DocumentRequest], Document]
    formats: tuple[str, ...] = ("pdf", "docx", "xlsx")
    # Option names the kind takes: "period" (h1|year) and/or "meeting" (a meeting number).
    options: tuple[str, ...] = ()
    # The capability a person needs in the unit to download it (accounts.authz.Capability value).
    capability: str = "view"
    # A short note for menus and --help: what the document is built from.
    source: str | Promise = ""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", self.code):
            raise ValueError(f"document kind code {self.code!r}: use lower-case letters and dashes")
        unknown = set(self.options) - set(OPTION_NAMES)
        if unknown:
            raise ValueError(f"document kind {self.code}: unknown options {sorted(unknown)}")
        bad_formats = set(self.formats) - {"pdf", "docx", "xlsx"}
        if bad_formats or not self.formats:
            raise ValueError(f"document kind {self.code}: formats must be among pdf, docx, xlsx")


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Register a kind (again on reload: the same code replaces the earlier one)."""
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> DocumentKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise KeyError(
            f"unknown document kind {code!r}; known: {', '.join(sorted(_KINDS)) or 'none'}"
        ) from None


def all_kinds() -> list[DocumentKind]:
    return [_KINDS[code] for code in sorted(_KINDS)]


def clean_options(kind: DocumentKind, values: dict[str, Any]) -> dict[str, Any]:
    """The kind's options from loose values (query string, command line), checked; ValueError says why."""
    options: dict[str, Any] = {}
    if "period" in kind.options:
        period = values.get("period") or "year"
        if period not in ("h1", "year"):
            raise ValueError(f"period must be h1 or year, not {period!r}")
        options["period"] = period
    if "meeting" in kind.options:
        meeting: Any = values.get("meeting")
        if meeting is None or meeting == "":
            options["meeting"] = None
        else:
            try:
                options["meeting"] = int(meeting)
            except (TypeError, ValueError):
                raise ValueError(f"meeting must be a number, not {meeting!r}") from None
            if options["meeting"] < 1:
                raise ValueError("meeting numbers start at 1")
    return options


def file_name(kind: DocumentKind, request: DocumentRequest, file_format: str) -> str:
    parts = [kind.code, request.unit.code, str(request.fiscal_year)]
    if request.period:
        parts.append(request.period)
    if request.meeting:
        parts.append(f"meeting{request.meeting}")
    return "-".join(parts) + "." + file_format


def known_names(unit: Unit) -> tuple[str, ...]:
    """The names openita knows for a unit's documents: the unit's and its parents', and its
    people's (given name and surname). A line never breaks inside one of their words."""
    from openita.accounts.models import User

    names: list[str] = []
    current: Unit | None = unit
    while current is not None:
        names.append(current.name_th)
        current = current.parent
    people = (
        User.objects.filter(memberships__unit=unit)
        .distinct()
        .values_list("first_name", "last_name")
    )
    names += [f"{first} {last}".strip() for first, last in people]
    return tuple(name for name in names if name)


def build(kind: DocumentKind, request: DocumentRequest) -> Document:
    """The kind's document, knowing the names of the unit and its people (`Document.names`); a year that
    uses a provisional framework says so first (ADR 0016)."""
    document = kind.build(request)
    names = tuple(dict.fromkeys((*document.names, *known_names(request.unit))))
    document = replace(document, names=names)
    notice = year_notice(request.unit, request.fiscal_year)
    if notice:
        document = replace(
            document, blocks=(Paragraph(text(notice, bold=True), indent=False), *document.blocks)
        )
    return document


def make_file(kind: DocumentKind, request: DocumentRequest, file_format: str) -> tuple[bytes, str]:
    """The document's bytes and its file name; DocumentUnavailable when the data is not there yet."""
    if file_format not in kind.formats:
        raise ValueError(f"{kind.code} comes as {', '.join(kind.formats)}, not {file_format}")
    return render(build(kind, request), file_format), file_name(kind, request, file_format)
