"""Checking uploaded EIT contact lists and paper questionnaires row by row, before anything is saved.

Files are read by the shared reader (`openita.core.tabular`: CSV in any of the usual encodings, or Excel);
each importer turns the table into a `Preview` of good rows (already cleaned) and bad rows with every
reason, numbered as in the sheet. Between the preview and the save the good rows travel signed in the page
(`signed_rows`), so that nothing is stored on the server until the person confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from openita.core.tabular import (
    NON_FIELD,
    CellError,
    Preview,
    Row,
    RowInvalid,
    Table,
    TableError,
    TableLimits,
    normalise_header,
    normalise_label,
    read_table,
    validate_rows,
)

from .models import Campaign, QuotaGroup
from .questionnaire import questionnaire_for
from .services import ContactRow, PaperSheet

SIGNED_MAX_AGE = 3 * 3600
LIMITS = TableLimits(
    max_rows=20_000
)  # a national list of contacts, or a station's paper questionnaires


def read_upload(data: bytes, filename: str = "", **options: Any) -> Table:
    """A contact list or a sheet of paper questionnaires, any other column allowed (and ignored)."""
    return read_table(data, filename=filename, allow_unknown=True, limits=LIMITS, **options)


def _find_group(groups: Iterable[QuotaGroup], text: str) -> QuotaGroup | None:
    wanted = normalise_label(text)
    for group in groups:
        if wanted in (
            normalise_label(group.code),
            normalise_label(group.name_th),
            normalise_label(group.name_en),
        ):
            return group
    return None


def _aliases(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header aliases for `read_table`: each other name (normalised) -> the column it stands for."""
    return {
        normalise_header(alias): column
        for column, aliases in names.items()
        for alias in aliases
        if normalise_header(alias) != column
    }


# ---------------------------------------------------------------------------------------------
# Contacts

CONTACT_HEADERS = {
    "name": ("name", "ชื่อ", "ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อ นามสกุล"),
    "organisation": ("organisation", "organization", "หน่วยงาน", "องค์กร", "บริษัท", "ชื่อหน่วยงาน"),
    "phone": ("phone", "telephone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "email": ("email", "e-mail", "อีเมล", "อีเมล์"),
    "contact_type": ("contact type", "type", "ประเภท", "ประเภทผู้มีส่วนได้ส่วนเสีย"),
}
CONTACT_ALIASES = _aliases(CONTACT_HEADERS)
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")
TEXT_LIMITS = (("name", 255), ("organisation", 255), ("contact_type", 100))


def read_contacts(data: bytes, filename: str = "") -> Table:
    table = read_upload(data, filename, optional=tuple(CONTACT_HEADERS), aliases=CONTACT_ALIASES)
    if "name" not in table.columns and "organisation" not in table.columns:
        raise TableError(
            _(
                "No name or organisation column was found. The first row must name the columns: "
                "name, organisation, phone, email, contact type."
            )
        )
    return table


def preview_contacts(campaign: Campaign, table: Table) -> Preview[ContactRow]:
    groups = list(campaign.groups.all())
    known_emails = {
        email.casefold()
        for email in campaign.contacts.exclude(email="").values_list("email", flat=True)
    }

    def clean(row: Row) -> ContactRow:
        errors: list[CellError] = []
        name, organisation = row["name"], row["organisation"]
        phone, email, contact_type = row["phone"], row["email"], row["contact_type"]
        if not name and not organisation:
            errors.append(CellError(NON_FIELD, _("Give a name or an organisation.")))
        if not phone and not email:
            errors.append(
                CellError(
                    NON_FIELD, _("Give a phone number or an e-mail address to reach the contact.")
                )
            )
        if phone and not PHONE.match(phone):
            errors.append(
                CellError("phone", _("“%(phone)s” is not a phone number.") % {"phone": phone})
            )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    CellError(
                        "email", _("“%(email)s” is not an e-mail address.") % {"email": email}
                    )
                )
            else:
                if email.casefold() in known_emails:
                    errors.append(
                        CellError(
                            "email",
                            _("%(email)s is already in the list (or twice in the file).")
                            % {"email": email},
                        )
                    )
                known_emails.add(email.casefold())
        for column, limit in TEXT_LIMITS:
            if len(row[column]) > limit:
                errors.append(
                    CellError(
                        column,
                        _("A text is longer than %(limit)s characters.") % {"limit": limit},
                    )
                )
        if errors:
            raise RowInvalid(errors)
        return ContactRow(
            name, organisation, phone, email, contact_type, _find_group(groups, contact_type)
        )

    return validate_rows(table, clean)


def contacts_to_payload(rows: list[ContactRow]) -> list[list[Any]]:
    return [
        [
            row.name,
            row.organisation,
            row.phone,
            row.email,
            row.contact_type,
            row.group.pk if row.group else None,
        ]
        for row in rows
    ]


def contacts_from_payload(campaign: Campaign, payload: list[list[Any]]) -> list[ContactRow]:
    groups = {group.pk: group for group in campaign.groups.all()}
    return [
        ContactRow(name, organisation, phone, email, contact_type, groups.get(group_id))
        for name, organisation, phone, email, contact_type, group_id in payload
    ]


# ---------------------------------------------------------------------------------------------
# Paper questionnaires

GROUP_HEADERS = ("group", "กลุ่ม", "สายงาน", "line")
LOOKS_LIKE_ITEM = re.compile(r"^[a-z]{1,3}\d+(\.\d+)?$")


def read_paper_answers(campaign: Campaign, data: bytes, filename: str = "") -> Table:
    """One row per questionnaire, one column per question code (``i1.1``, ``e5``), an optional group."""
    codes = [code.casefold() for code in questionnaire_for(campaign).codes]
    table = read_upload(
        data,
        filename,
        required=codes,
        optional=("group",),
        aliases=_aliases({"group": GROUP_HEADERS}),
    )
    unknown = [
        column for column in table.columns if LOOKS_LIKE_ITEM.match(column) and column not in codes
    ]
    if unknown:
        raise TableError(
            _("These columns are not questions of this survey: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    return table


def preview_paper_answers(campaign: Campaign, table: Table) -> Preview[PaperSheet]:
    """Each row checked like the web form's answers; option labels (Thai or English) are read as codes."""
    questionnaire = questionnaire_for(campaign)
    groups = list(campaign.groups.all())

    def clean(row: Row) -> PaperSheet:
        errors: list[CellError] = []
        answers: dict[str, str] = {}
        for code in questionnaire.codes:
            column = code.casefold()
            question = questionnaire.by_code[code]
            written = row[column]
            option = question.resolve(written)
            if option is None:
                errors.append(
                    CellError(
                        column,
                        _("Question %(code)s has no answer.") % {"code": code}
                        if written == ""
                        else _("Question %(code)s: “%(value)s” is not one of %(options)s.")
                        % {
                            "code": code,
                            "value": written,
                            "options": ", ".join(sorted(question.option_codes)),
                        },
                    )
                )
            else:
                answers[code] = option
        group = None
        if row["group"]:
            group = _find_group(groups, row["group"])
            if group is None:
                errors.append(
                    CellError(
                        "group",
                        _("“%(group)s” is not a group of this survey.") % {"group": row["group"]},
                    )
                )
        if errors:
            raise RowInvalid(errors)
        return PaperSheet(group, answers)

    return validate_rows(table, clean)


def sheets_to_payload(sheets: list[PaperSheet]) -> list[list[Any]]:
    return [[sheet.group.pk if sheet.group else None, sheet.answers] for sheet in sheets]


def sheets_from_payload(campaign: Campaign, payload: list[list[Any]]) -> list[PaperSheet]:
    groups = {group.pk: group for group in campaign.groups.all()}
    return [
        PaperSheet(groups.get(group_id) if group_id else None, answers)
        for group_id, answers in payload
    ]


# ---------------------------------------------------------------------------------------------
# Carrying good rows from the preview to the save


def signed_rows(payload: Any, purpose: str) -> str:
    return signing.dumps(payload, salt=f"openita.surveys.{purpose}", compress=True)


def unsigned_rows(token: str, purpose: str) -> Any:
    """The rows signed by `signed_rows`; raises signing.BadSignature when tampered with or stale."""
    return signing.loads(token, salt=f"openita.surveys.{purpose}", max_age=SIGNED_MAX_AGE)
