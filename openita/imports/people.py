"""Importing people with their roles: one row per person and role.

A person is known by their username (whatever its capitals, as at log-in); a person on several rows gets every
role the rows give. An existing person is updated, a blank cell leaving the value as it is; when rows of one
person disagree on a value, the later row is refused. New people get no password: they set one through
"forgot password", so a new person needs an e-mail address.

A unit admin grants roles only in units they manage and below their own standing (`authz.can_grant`: the
executive and assessors of a unit come from a parent unit's admin), never to themselves, and changes only people
whose every role they could grant (`authz.can_edit_person`); anyone else is for a site administrator. A new
e-mail address for an existing person takes effect only once confirmed from that address, and the old address is
told (`services.request_email_change`), as on the people screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Lower
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from openita.accounts import services
from openita.accounts.authz import can_grant, editable_people_ids, is_site_admin
from openita.accounts.models import Membership, Role, User
from openita.core.tabular import Preview, RowCleaner, Table, choice_lookup, validate_rows
from openita.core.tabular import Row as TableRow
from openita.imports.base import (
    Action,
    Column,
    Importer,
    ImportResult,
    SaveFailed,
    chunked,
    validation_messages,
)
from openita.units.models import Line, Unit

PERSON_COLUMNS = ("email", "first_name", "last_name", "rank", "position", "phone")
PERSON_MAX_LENGTHS = {
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "rank": 100,
    "position": 255,
    "phone": 50,
}


@dataclass
class PlannedPerson:
    username: str
    first_row: int
    values: dict[str, str]  # the non-blank person cells of all the person's rows
    value_rows: dict[str, int]  # which row gave each value
    existing: User | None = None
    action: Action = Action.CREATE
    changes: list[str] = field(default_factory=list)


@dataclass
class PlannedRole:
    """One row: a person (shared by the person's rows) and a role in a unit."""

    row_number: int
    person: PlannedPerson
    unit_code: str
    role: str
    line_code: str
    unit: Unit | None = None
    line: Line | None = None
    role_action: Action = Action.CREATE

    @property
    def is_first_row_of_person(self) -> bool:
        return self.person.first_row == self.row_number

    @property
    def action(self) -> Action:
        person_action = self.person.action if self.is_first_row_of_person else Action.UNCHANGED
        if Action.CREATE in (person_action, self.role_action):
            return Action.CREATE
        if Action.UPDATE in (person_action, self.role_action):
            return Action.UPDATE
        return Action.UNCHANGED


@dataclass
class _CleanRow:
    row_number: int
    username: str
    person_values: dict[str, str]
    unit_code: str
    role: str
    line_code: str


class PeopleImporter(Importer[PlannedRole]):
    kind = "people"
    title = _("Import people and roles")
    columns = (
        Column("username", _("Username for logging in"), True, "somchai.j"),
        Column(
            "email",
            _("E-mail (needed for a new person to set a password)"),
            True,
            "somchai@example.go.th",
        ),
        Column("first_name", _("First name"), True, "สมชาย"),
        Column("last_name", _("Last name"), False, "ใจดี"),
        Column("rank", _("Rank or title"), False, "พ.ต.ท."),
        Column("position", _("Position"), False, "สารวัตรป้องกันปราบปราม"),
        Column("phone", _("Phone"), False, "08 1234 5678"),
        Column(
            "unit_code", _("Code of the unit where the person holds the role"), True, "tt-st-mueang"
        ),
        Column("role", _("Role: its code, or its name in Thai or English"), True, "officer"),
        Column("line_code", _("Code of the line of work in that unit (optional)"), False, "patrol"),
    )
    count_labels = {
        "people_created": _("people added"),
        "people_updated": _("people changed"),
        "roles_added": _("roles added"),
        "roles_changed": _("roles changed"),
        "emails_to_confirm": _("new e-mail addresses waiting for confirmation from the address"),
    }

    def _clean(self, row: TableRow, role_lookup: dict[str, str]) -> _CleanRow:
        cleaner = RowCleaner(row)
        username = cleaner.text(
            "username", required=True, max_length=150, validators=[User.username_validator]
        )
        values = {
            "email": cleaner.email("email"),
            **{
                name: cleaner.text(name, max_length=PERSON_MAX_LENGTHS[name])
                for name in PERSON_COLUMNS
                if name != "email"
            },
        }
        unit_code = cleaner.text("unit_code", required=self.default_unit is None, max_length=40)
        role = cleaner.choice("role", role_lookup, required=True)
        line_code = cleaner.text("line_code", max_length=40)
        if not unit_code and self.default_unit is not None:
            unit_code = self.default_unit.code
        clean = _CleanRow(
            row.number,
            username,
            {
                name: value
                for name, value in values.items()
                if value and not cleaner.has_error(name)
            },
            unit_code,
            role,
            line_code,
        )
        cleaner.finish(partial=None if cleaner.has_error("username") else clean)
        return clean

    def preview(self, table: Table) -> Preview[PlannedRole]:
        role_lookup = choice_lookup(Role.choices)
        rows = validate_rows(table, lambda row: self._clean(row, role_lookup))
        preview: Preview[PlannedRole] = Preview(columns=rows.columns)
        people: dict[str, PlannedPerson] = {}
        for row, good, bad in rows.rows():
            clean = good.value if good is not None else bad.partial if bad is not None else None
            if clean is None:
                assert bad is not None
                preview.add_bad(row, bad.errors)
                continue
            person = people.get(clean.username.lower())
            if person is None:
                person = people[clean.username.lower()] = PlannedPerson(
                    clean.username,
                    clean.row_number,
                    dict(clean.person_values),
                    dict.fromkeys(clean.person_values, clean.row_number),
                )
            planned = PlannedRole(
                clean.row_number, person, clean.unit_code, clean.role, clean.line_code
            )
            if bad is None:
                preview.add_good(row, planned)
            else:
                preview.add_bad(row, bad.errors, planned)
            for name, value in clean.person_values.items():
                if name not in person.values:
                    person.values[name] = value
                    person.value_rows[name] = clean.row_number
                elif person.values[name] != value:
                    preview.reject(
                        clean.row_number,
                        name,
                        format_lazy(
                            _("This differs from row {row} for the same person."),
                            row=person.value_rows[name],
                        ),
                    )
        self._check_people(preview, people)
        self._check_roles(preview, people)
        return preview

    def _check_people(
        self, preview: Preview[PlannedRole], people: dict[str, PlannedPerson]
    ) -> None:
        existing: dict[str, User] = {}
        for batch in chunked(people):
            existing.update(
                (user.username.lower(), user)
                for user in User.objects.annotate(username_lower=Lower("username")).filter(
                    username_lower__in=batch
                )
            )
        emails = {p.values["email"].lower() for p in people.values() if "email" in p.values}
        email_owners: dict[str, int] = {}
        for batch in chunked(emails):
            email_owners.update(
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=batch)
                .values_list("email_lower", "pk")
            )
        in_reach = self._people_in_reach([user.pk for user in existing.values()])
        email_rows: dict[str, int] = {}
        for key, person in people.items():
            person.existing = existing.get(key)
            if person.existing is not None and person.existing.pk not in in_reach:
                preview.reject(
                    person.first_row,
                    "username",
                    format_lazy(
                        _(
                            "The username “{username}” belongs to a person you may not change (a role "
                            "outside the units you manage or at your own level, or a site "
                            "administrator); ask someone above them."
                        ),
                        username=person.username,
                    ),
                )
                continue
            email = person.values.get("email", "")
            if email:
                owner = email_owners.get(email.lower())
                if owner is not None and (person.existing is None or owner != person.existing.pk):
                    preview.reject(
                        person.value_rows["email"],
                        "email",
                        _("Another person already uses this e-mail address."),
                    )
                elif email.lower() in email_rows:
                    preview.reject(
                        person.value_rows["email"],
                        "email",
                        format_lazy(
                            _("Row {row} gives this e-mail address to another person."),
                            row=email_rows[email.lower()],
                        ),
                    )
                email_rows.setdefault(email.lower(), person.value_rows["email"])
            if person.existing is None:
                for name, message in (
                    ("email", _("A new person needs an e-mail address to set a password.")),
                    ("first_name", _("A new person needs a first name.")),
                ):
                    if name not in person.values:
                        preview.reject(person.first_row, name, message)
                continue
            person.changes = [
                name
                for name, value in person.values.items()
                if not _same(name, getattr(person.existing, name), value)
            ]
            person.action = Action.UPDATE if person.changes else Action.UNCHANGED

    def _people_in_reach(self, user_ids: list[int]) -> set[int]:
        """The people the actor may change: see `authz.can_edit_person`."""
        if self.acts_as_site_admin:
            return set(user_ids)
        assert self.actor is not None
        reach: set[int] = set()
        for batch in chunked(user_ids):
            reach |= editable_people_ids(self.actor, batch)
        return reach

    def _check_roles(self, preview: Preview[PlannedRole], people: dict[str, PlannedPerson]) -> None:
        planned = preview.checkable_values()
        units = self.managed_units_by_code({role.unit_code for role in planned})
        unit_ids = [unit.pk for unit in units.values()]
        lines: dict[tuple[int, str], Line] = {}
        for batch in chunked(unit_ids):
            lines.update(
                ((line.unit_id, line.code), line) for line in Line.objects.filter(unit_id__in=batch)
            )
        user_ids = [p.existing.pk for p in people.values() if p.existing is not None]
        memberships: dict[tuple[int, int, str], Membership] = {}
        for batch in chunked(user_ids):
            memberships.update(
                ((m.user_id, m.unit_id, m.role), m)
                for m in Membership.objects.filter(user_id__in=batch, unit_id__in=unit_ids)
            )
        first_row: dict[tuple[str, str, str], int] = {}
        for role in planned:
            if not role.role or preview.has_error(role.row_number, "unit_code"):
                continue  # already reported on its cell
            key = (role.person.username.lower(), role.unit_code, role.role)
            if key in first_row:
                preview.reject(
                    role.row_number,
                    "role",
                    format_lazy(
                        _("Row {row} already gives this person this role in this unit."),
                        row=first_row[key],
                    ),
                )
                continue
            first_row[key] = role.row_number
            role.unit = self.managed_unit_for_row(preview, role.row_number, units, role.unit_code)
            if role.unit is None:
                continue
            if self.actor is not None and not self._may_grant(role):
                preview.reject(
                    role.row_number,
                    "role",
                    _("You may give yourself no role.")
                    if role.person.username.lower() == self.actor.username.lower()
                    else _(
                        "You may not give this role in this unit: the executive, the assessors and "
                        "the admins of a unit are appointed from a unit above it."
                    ),
                )
                continue
            if role.line_code and not preview.has_error(role.row_number, "line_code"):
                role.line = lines.get((role.unit.pk, role.line_code))
                if role.line is None:
                    preview.reject(
                        role.row_number,
                        "line_code",
                        format_lazy(
                            _("The unit “{unit}” has no line of work with the code “{code}”."),
                            unit=role.unit_code,
                            code=role.line_code,
                        ),
                    )
                    continue
            existing_person = role.person.existing
            membership = (
                memberships.get((existing_person.pk, role.unit.pk, role.role))
                if existing_person is not None
                else None
            )
            if membership is None:
                role.role_action = Action.CREATE
            elif role.line is not None and membership.line_id != role.line.pk:
                role.role_action = Action.UPDATE
            else:
                role.role_action = Action.UNCHANGED

    def _may_grant(self, role: PlannedRole) -> bool:
        assert self.actor is not None and role.unit is not None
        if role.person.username.lower() == self.actor.username.lower():
            return is_site_admin(self.actor)
        return can_grant(self.actor, role.unit, role.role)

    def save(self, preview: Preview[PlannedRole]) -> ImportResult:
        result = ImportResult(dict.fromkeys(self.count_labels, 0))
        saved: dict[str, User] = {}
        for role in preview.values():
            person = role.person
            try:
                if role.is_first_row_of_person:
                    if person.existing is None:
                        saved[person.username.lower()] = services.create_person(
                            username=person.username, is_active=True, **person.values
                        )
                        result.add("people_created")
                    else:
                        if person.action == Action.UPDATE:
                            services.update_person(
                                person.existing,
                                by=self.actor,
                                site_url=self.site_url,
                                **{name: person.values[name] for name in person.changes},
                            )
                            result.add("people_updated")
                            if "email" in person.changes and self.actor is not None:
                                result.add("emails_to_confirm")
                        saved[person.username.lower()] = person.existing
                if role.role_action != Action.UNCHANGED:
                    assert role.unit is not None
                    services.grant_role(
                        saved[person.username.lower()],
                        role.unit,
                        role.role,
                        role.line,
                        by=self.actor,
                    )
                    result.add(
                        "roles_added" if role.role_action == Action.CREATE else "roles_changed"
                    )
            except ValidationError as error:
                raise SaveFailed(role.row_number, validation_messages(error)) from error
            except PermissionDenied as error:
                raise SaveFailed(role.row_number, [str(error)]) from error
        return result


def _same(name: str, current: str, new: str) -> bool:
    if name == "email":
        return current.lower() == new.lower()
    return current == new
