"""Checking uploaded EIT contact lists and paper questionnaires row by row, before anything is saved.

A preview holds the good rows (already cleaned) and the bad rows with every reason, numbered as in the
sheet. Between the preview and the save the good rows travel signed in the page (`signed_rows`), so that
nothing is stored on the server until the person confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import Campaign, QuotaGroup
from .questionnaire import questionnaire_for
from .services import ContactRow, PaperSheet
from .tabular import Table, TableError, normalise_header

T = TypeVar("T")
SIGNED_MAX_AGE = 3 * 3600


@dataclass
class BadRow:
    number: int
    values: dict[str, str]
    problems: list[str]


@dataclass
class Preview(Generic[T]):
    good: list[T] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    good_numbers: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.good) + len(self.bad)


def _find_group(groups: Iterable[QuotaGroup], text: str) -> QuotaGroup | None:
    folded = normalise_header(text)
    for group in groups:
        if folded in (
            group.code.casefold(),
            normalise_header(group.name_th),
            normalise_header(group.name_en),
        ):
            return group
    return None


# ---------------------------------------------------------------------------------------------
# Contacts

CONTACT_HEADERS = {
    "name": ("name", "ชื่อ", "ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อ นามสกุล"),
    "organisation": ("organisation", "organization", "หน่วยงาน", "องค์กร", "บริษัท", "ชื่อหน่วยงาน"),
    "phone": ("phone", "telephone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "email": ("email", "e-mail", "อีเมล", "อีเมล์"),
    "contact_type": ("contact type", "contact_type", "type", "ประเภท", "ประเภทผู้มีส่วนได้ส่วนเสีย"),
}
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")


def _contact_columns(table: Table) -> dict[str, str]:
    columns: dict[str, str] = {}
    for field_name, names in CONTACT_HEADERS.items():
        for header in table.headers:
            if header in names:
                columns[field_name] = header
                break
    if "name" not in columns and "organisation" not in columns:
        raise TableError(
            _(
                "No name or organisation column was found. The first row must name the columns: "
                "name, organisation, phone, email, contact type."
            )
        )
    return columns


def preview_contacts(campaign: Campaign, table: Table) -> Preview[ContactRow]:
    columns = _contact_columns(table)
    groups = list(campaign.groups.all())
    known_emails = {
        email.casefold()
        for email in campaign.contacts.exclude(email="").values_list("email", flat=True)
    }
    preview: Preview[ContactRow] = Preview()
    for row in table.rows:
        values = {name: row.values.get(header, "").strip() for name, header in columns.items()}
        problems: list[str] = []
        name, organisation = values.get("name", ""), values.get("organisation", "")
        phone, email = values.get("phone", ""), values.get("email", "")
        if not name and not organisation:
            problems.append(_("Give a name or an organisation."))
        if not phone and not email:
            problems.append(_("Give a phone number or an e-mail address to reach the contact."))
        if phone and not PHONE.match(phone):
            problems.append(_("“%(phone)s” is not a phone number.") % {"phone": phone})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
            else:
                if email.casefold() in known_emails:
                    problems.append(
                        _("%(email)s is already in the list (or twice in the file).")
                        % {"email": email}
                    )
                known_emails.add(email.casefold())
        for name_field, limit in (("name", 255), ("organisation", 255), ("contact_type", 100)):
            if len(values.get(name_field, "")) > limit:
                problems.append(_("A text is longer than %(limit)s characters.") % {"limit": limit})
        if problems:
            preview.bad.append(BadRow(row.number, values, problems))
            continue
        contact_type = values.get("contact_type", "")
        preview.good.append(
            ContactRow(
                name, organisation, phone, email, contact_type, _find_group(groups, contact_type)
            )
        )
        preview.good_numbers.append(row.number)
    return preview


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


def preview_paper_answers(campaign: Campaign, table: Table) -> Preview[PaperSheet]:
    """One row per questionnaire, one column per question code (``i1.1``, ``e5``), an optional group."""
    questionnaire = questionnaire_for(campaign)
    codes = {code.casefold(): code for code in questionnaire.codes}
    missing = [code for code in questionnaire.codes if code.casefold() not in table.headers]
    if missing:
        raise TableError(
            _(
                "Columns are missing for questions: %(codes)s. The first row must name every question."
            )
            % {"codes": ", ".join(missing)}
        )
    unknown = [h for h in table.headers if LOOKS_LIKE_ITEM.match(h) and h not in codes]
    if unknown:
        raise TableError(
            _("These columns are not questions of this survey: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    group_header = next((h for h in table.headers if h in GROUP_HEADERS), None)
    groups = list(campaign.groups.all())
    preview: Preview[PaperSheet] = Preview()
    for row in table.rows:
        problems: list[str] = []
        answers: dict[str, str] = {}
        for folded, code in codes.items():
            question = questionnaire.by_code[code]
            written = row.values.get(folded, "")
            option = question.resolve(written)
            if option is None:
                problems.append(
                    _("Question %(code)s has no answer.") % {"code": code}
                    if written == ""
                    else _("Question %(code)s: “%(value)s” is not one of %(options)s.")
                    % {
                        "code": code,
                        "value": written,
                        "options": ", ".join(sorted(question.option_codes)),
                    }
                )
            else:
                answers[code] = option
        group = None
        group_text = row.values.get(group_header, "") if group_header else ""
        if group_text:
            group = _find_group(groups, group_text)
            if group is None:
                problems.append(
                    _("“%(group)s” is not a group of this survey.") % {"group": group_text}
                )
        if problems:
            preview.bad.append(BadRow(row.number, row.values, problems))
        else:
            preview.good.append(PaperSheet(group, answers))
            preview.good_numbers.append(row.number)
    return preview


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
