"""Every change to complaints, each in one transaction (docs/complaints.md).

Case content is handled as plain Python only in memory: `submit` seals it with a new case key at once, and the
readers (`read_case`) need the case key, which comes from a handler's unlocked private key (`case_key_for`) or
from the sender's receipt (`open_with_receipt`).
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, Role, User
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.complaints import crypto
from openita.complaints.access import handlers_of, may_appoint, may_appoint_custodian, may_handle
from openita.complaints.models import (
    FINISHED_STATES,
    Author,
    Case,
    CaseFile,
    CaseKey,
    Channel,
    EscrowKey,
    HandlerKey,
    Message,
    State,
    SubState,
    UnitComplaintSettings,
)
from openita.core.uploads import check_upload, private_storage
from openita.units.models import Unit

FILE_TYPES = (
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "txt",
    "odt",
)
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_FOLDER = "complaints"

# Who may move a case from which state to which (handlers only; `change_state`).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.RECEIVED: frozenset({State.ACCEPTED, State.NOT_ACCEPTED, State.FORWARDED}),
    State.ACCEPTED: frozenset({State.IN_PROGRESS, State.FORWARDED, State.COMPLETED}),
    State.IN_PROGRESS: frozenset({State.FORWARDED, State.COMPLETED}),
    State.FORWARDED: frozenset(),
    State.COMPLETED: frozenset(),
    State.NOT_ACCEPTED: frozenset(),
}
CONTENT_FIELDS = ("what", "who", "when", "where", "sender_name", "sender_contact")


def settings_for(unit: Unit) -> UnitComplaintSettings:
    found = UnitComplaintSettings.objects.filter(unit=unit).first()
    return found or UnitComplaintSettings(unit=unit)


def today() -> datetime.date:
    return timezone.localdate()


# -- handlers, their keys, the escrow -------------------------------------------------------------------


@transaction.atomic
def appoint_handler(unit: Unit, person: User, *, by: User) -> Membership:
    if not may_appoint(by, unit, person):
        raise PermissionDenied(_("You may not appoint complaint handlers of this unit."))
    membership, _created = Membership.objects.get_or_create(
        user=person, unit=unit, role=Role.COMPLAINT_HANDLER
    )
    return membership


@transaction.atomic
def remove_handler(unit: Unit, person: User, *, by: User) -> None:
    if not may_appoint(by, unit, person):
        raise PermissionDenied(_("You may not remove complaint handlers of this unit."))
    for membership in Membership.objects.filter(
        user=person, unit=unit, role=Role.COMPLAINT_HANDLER
    ):
        membership.delete()
    # Their wrapped keys of this unit's cases go: a removed handler reads nothing more.
    CaseKey.objects.filter(handler=person, case__handling_unit=unit).delete()


def _store_handler_key(user: User, private_key: bytes, public_key: bytes, password: str) -> None:
    wrapped = crypto.wrap_private_key(private_key, password)
    HandlerKey.objects.update_or_create(
        user=user,
        defaults={
            "public_key": public_key,
            "wrapped_private_key": wrapped.wrapped,
            "kdf_salt": wrapped.salt,
            "kdf_params": wrapped.params,
        },
    )


@transaction.atomic
def unlock_handler_key(user: User, password: str) -> bytes:
    """The handler's private key, made on first need. The password must be the person's (checked here). When
    the stored key does not open with it (the password was reset, not changed), a new key pair replaces it and
    the old wrapped case keys go: the cases come back through another handler or the escrow (docs/complaints.md)."""
    if not user.check_password(password):
        raise PermissionDenied(_("The password is not right."))
    stored = HandlerKey.objects.select_for_update().filter(user=user).first()
    if stored is not None:
        try:
            return crypto.unwrap_private_key(
                crypto.WrappedPrivateKey(
                    bytes(stored.kdf_salt),
                    dict(stored.kdf_params),
                    bytes(stored.wrapped_private_key),
                ),
                password,
            )
        except crypto.CannotDecrypt:
            CaseKey.objects.filter(handler=user).delete()
    public_key, private_key = crypto.new_key_pair()
    _store_handler_key(user, private_key, public_key, password)
    return private_key


@transaction.atomic
def rewrap_handler_key(user: User, old_password: str, new_password: str) -> bool:
    """After a password change: the same private key, wrapped with the new password. False when there is no
    key or the old password did not open it."""
    stored = HandlerKey.objects.select_for_update().filter(user=user).first()
    if stored is None:
        return False
    try:
        private_key = crypto.unwrap_private_key(
            crypto.WrappedPrivateKey(
                bytes(stored.kdf_salt), dict(stored.kdf_params), bytes(stored.wrapped_private_key)
            ),
            old_password,
        )
    except crypto.CannotDecrypt:
        return False
    _store_handler_key(user, private_key, bytes(stored.public_key), new_password)
    return True


@transaction.atomic
def create_escrow(unit: Unit, custodian: User, *, by: User) -> bytes:
    """A new escrow key pair for the unit's cases: the public half is kept, the private half returned once, to
    be handed to the custodian (appointed by the parent unit: the same people who appoint handlers, from above).
    Cases received from now on are wrapped for it; `escrow_rewrap` wraps older ones when a handler opens them."""
    if not may_appoint_custodian(by, unit):
        raise PermissionDenied(_("The escrow custodian is appointed by the parent unit."))
    public_key, private_key = crypto.new_key_pair()
    EscrowKey.objects.filter(unit=unit).delete()
    escrow = EscrowKey.objects.create(
        unit=unit, public_key=public_key, custodian=custodian, appointed_by=by, created_on=today()
    )
    record(escrow, AuditAction.EVENT, message="escrow key created", actor=by)
    return private_key


def _escrow_for(unit: Unit) -> EscrowKey | None:
    ids = [unit.pk, *reversed(unit.ancestor_ids())]
    found = {e.unit_id: e for e in EscrowKey.objects.filter(unit_id__in=ids)}
    return next((found[i] for i in ids if i in found), None)


def _wrap_for_holders(case: Case, case_key: bytes, units: Iterable[Unit]) -> int:
    """Wrap the case key for every handler of these units who has a key pair, is not named and has none yet."""
    named = set(case.named_people.values_list("pk", flat=True))
    have = set(CaseKey.objects.filter(case=case).values_list("handler_id", flat=True))
    made = 0
    for unit in units:
        for key in HandlerKey.objects.filter(user__in=handlers_of(unit)):
            if key.user_id in named or key.user_id in have:
                continue
            CaseKey.objects.create(
                case=case,
                handler_id=key.user_id,
                wrapped=crypto.wrap_for(bytes(key.public_key), case_key),
            )
            have.add(key.user_id)
            made += 1
    return made


def _ensure_escrow_wrap(case: Case, case_key: bytes) -> None:
    escrow = _escrow_for(case.handling_unit)
    if escrow is not None and not CaseKey.objects.filter(case=case, escrow=escrow).exists():
        CaseKey.objects.filter(case=case, escrow__isnull=False).delete()
        CaseKey.objects.create(
            case=case, escrow=escrow, wrapped=crypto.wrap_for(bytes(escrow.public_key), case_key)
        )


@transaction.atomic
def share_keys(case: Case, case_key: bytes) -> int:
    """Called whenever a handler opens a case: newly appointed handlers (and a new escrow) get the case key."""
    units = [case.handling_unit, *case.shared_with.all()]
    made = _wrap_for_holders(case, case_key, units)
    _ensure_escrow_wrap(case, case_key)
    return made


def case_key_for(case: Case, user: User, private_key: bytes) -> bytes | None:
    if not may_handle(user, case):
        return None
    wrapped = (
        CaseKey.objects.filter(case=case, handler=user).values_list("wrapped", flat=True).first()
    )
    if wrapped is None:
        return None
    try:
        return crypto.unwrap_with(private_key, bytes(wrapped))
    except crypto.CannotDecrypt:
        return None


@transaction.atomic
def escrow_recover(case: Case, escrow_private_key: bytes, *, by: User) -> int:
    """The custodian's recovery: open the case key with the escrow's private key and wrap it for the current
    handlers (after a handler lost their password, or when every handler changed)."""
    wrapped = (
        CaseKey.objects.filter(case=case, escrow__isnull=False)
        .values_list("wrapped", flat=True)
        .first()
    )
    if wrapped is None:
        raise crypto.CannotDecrypt
    case_key = crypto.unwrap_with(escrow_private_key, bytes(wrapped))
    made = _wrap_for_holders(case, case_key, [case.handling_unit, *case.shared_with.all()])
    record(case, AuditAction.EVENT, message="recovered through the escrow key", actor=by)
    return made


# -- intake ---------------------------------------------------------------------------------------------


@dataclass
class Submission:
    kind: str
    what: str
    who: str = ""
    when: str = ""
    where: str = ""
    sender_name: str = ""
    sender_contact: str = ""
    names_head: bool = False
    channel: str = Channel.WEB
    received_on: datetime.date | None = None
    named_people: Sequence[User] = ()
    files: Sequence[Any] = field(default_factory=list)  # UploadedFile-like: name, size, read()


def check_files(files: Sequence[Any]) -> None:
    for upload in files:
        check_upload(upload, upload.name, upload.size, allowed=FILE_TYPES, max_bytes=FILE_MAX_BYTES)


def _add_file(case: Case, case_key: bytes, upload: Any, *, from_sender: bool) -> CaseFile:
    check_upload(upload, upload.name, upload.size, allowed=FILE_TYPES, max_bytes=FILE_MAX_BYTES)
    upload.seek(0)
    sealed = crypto.seal(case_key, upload.read())
    stored = private_storage().save(f"{FILE_FOLDER}/{secrets.token_hex(16)}", ContentFile(sealed))
    return CaseFile.objects.create(
        case=case,
        from_sender=from_sender,
        stored_name=stored,
        sealed_name=crypto.seal(case_key, upload.name.encode("utf-8")),
        size=upload.size,
        added_on=today(),
    )


def _next_number(unit: Unit) -> int:
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    highest = Case.objects.filter(unit=unit).aggregate(top=Max("number"))["top"] or 0
    return int(highest) + 1


def _new_case(
    unit: Unit,
    handling_unit: Unit,
    case_key: bytes,
    content: dict[str, Any],
    *,
    day: datetime.date,
    **fields: Any,
) -> Case:
    """A received case with the unit's deadlines, its content sealed with `case_key`."""
    unit_settings = settings_for(unit)
    return Case.objects.create(
        unit=unit,
        handling_unit=handling_unit,
        number=_next_number(unit),
        state=State.RECEIVED,
        received_on=day,
        acknowledge_by=day + datetime.timedelta(days=unit_settings.acknowledge_days),
        result_by=day + datetime.timedelta(days=unit_settings.result_days),
        sealed_content=crypto.seal(case_key, json.dumps(content).encode("utf-8")),
        **fields,
    )


@transaction.atomic
def submit(
    unit: Unit, submission: Submission, *, entered_by: User | None = None
) -> tuple[Case, str]:
    """Receive a complaint: returns the case and its receipt (shown once, never stored). A complaint naming the
    head of the unit goes to the parent unit's handlers, and the unit's executives are named in it."""
    if not submission.what.strip():
        raise ValidationError(_("Say what happened."))
    check_files(submission.files)
    handling_unit = unit.parent if submission.names_head and unit.parent_id else unit
    assert handling_unit is not None
    receipt = crypto.new_receipt()
    digest, sender_key = crypto.receipt_secrets(receipt)
    case_key = crypto.new_case_key()
    case = _new_case(
        unit,
        handling_unit,
        case_key,
        {name: getattr(submission, name) for name in CONTENT_FIELDS},
        day=submission.received_on or today(),
        kind=submission.kind,
        channel=submission.channel,
        names_head=submission.names_head,
        receipt_digest=digest,
        sender_wrapped_key=crypto.seal(sender_key, case_key),
    )
    named = list(submission.named_people)
    if submission.names_head:
        named += list(User.objects.filter(memberships__unit=unit, memberships__role=Role.EXECUTIVE))
    if named:
        case.named_people.add(*named)
    _wrap_for_holders(case, case_key, [handling_unit])
    _ensure_escrow_wrap(case, case_key)
    for upload in submission.files:
        _add_file(case, case_key, upload, from_sender=True)
    if entered_by is not None:
        record(case, AuditAction.EVENT, message="entered by staff", actor=entered_by)
    return case, receipt


# -- reading ----------------------------------------------------------------------------------------------


@dataclass
class OpenCase:
    case: Case
    key: bytes
    content: dict[str, str]
    outcome: str
    messages: list[tuple[Message, str]]
    files: list[tuple[CaseFile, str]]


def read_case(case: Case, case_key: bytes, *, for_sender: bool = False) -> OpenCase:
    content: dict[str, str] = {}
    if case.sealed_content:
        content = json.loads(crypto.unseal(case_key, bytes(case.sealed_content)))
    outcome = ""
    if case.sealed_outcome:
        outcome = crypto.unseal(case_key, bytes(case.sealed_outcome)).decode("utf-8")
    messages = [
        (message, crypto.unseal(case_key, bytes(message.sealed_body)).decode("utf-8"))
        for message in case.messages.select_related("handler")
        if not (for_sender and message.internal)
    ]
    files = [
        (item, crypto.unseal(case_key, bytes(item.sealed_name)).decode("utf-8"))
        for item in case.files.all()
        if not for_sender or item.from_sender
    ]
    return OpenCase(case, case_key, content, outcome, messages, files)


def read_file(item: CaseFile, case_key: bytes) -> bytes:
    with private_storage().open(item.stored_name, "rb") as stream:
        return crypto.unseal(case_key, stream.read())


def open_with_receipt(receipt: str) -> tuple[Case, bytes] | None:
    """The case a receipt opens and its key, or None (one slow hash, one lookup)."""
    if len(crypto.normalise_receipt(receipt)) != crypto.RECEIPT_DIGITS:
        crypto.receipt_secrets("0" * crypto.RECEIPT_DIGITS)  # the same cost either way
        return None
    digest, sender_key = crypto.receipt_secrets(receipt)
    case = Case.objects.filter(receipt_digest=digest).select_related("unit").first()
    if case is None or not case.sender_wrapped_key:
        return None
    try:
        return case, crypto.unseal(sender_key, bytes(case.sender_wrapped_key))
    except crypto.CannotDecrypt:
        return None


def audit_view(case: Case, user: User, what: str = "viewed") -> None:
    """Every reading of a case by a handler is in the audit log."""
    record(case, AuditAction.EVENT, message=what, actor=user)


# -- handling ---------------------------------------------------------------------------------------------


def _require_handler(case: Case, by: User) -> None:
    if not may_handle(by, case):
        raise PermissionDenied(_("You do not handle this complaint."))


@transaction.atomic
def change_state(
    case: Case,
    state: str,
    *,
    by: User,
    case_key: bytes,
    explanation: str = "",
    sub_state: SubState | None = None,
) -> Case:
    """Move a case on (TRANSITIONS). Not accepted needs a reason, and completed a result; both are told to
    the sender on the receipt page. A sub-state must be the unit's and belong to the new state."""
    _require_handler(case, by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if state != case.state and state not in TRANSITIONS[case.state]:
        raise ValidationError(_("A complaint cannot go from this state to that one."))
    if state == State.FORWARDED:
        raise ValidationError(_("Forward a complaint by choosing the unit to forward it to."))
    if state in (State.NOT_ACCEPTED, State.COMPLETED) and not explanation.strip():
        raise ValidationError(_("Give the reason or the result; the sender reads it."))
    if sub_state is not None and (
        sub_state.unit_id != case.handling_unit_id or sub_state.state != state
    ):
        raise ValidationError(_("This sub-state is not one of this state."))
    old = case.state
    case.state = state
    case.sub_state = sub_state
    if case.acknowledged_on is None and state != State.RECEIVED:
        case.acknowledged_on = today()
    if state in FINISHED_STATES:
        case.finished_on = today()
    if explanation.strip():
        case.sealed_outcome = crypto.seal(case_key, explanation.strip().encode("utf-8"))
    case.save()
    record(case, AuditAction.UPDATE, {"state": [old, state]}, actor=by)
    return case


@transaction.atomic
def forward(case: Case, to_unit: Unit, *, by: User, case_key: bytes, note: str = "") -> Case:
    """Forward to another unit in openita: a new case there (counted as received there, channel "another
    agency"), sealed with its own key for that unit's handlers; this one ends as forwarded."""
    _require_handler(case, by)
    if to_unit.pk in (case.unit_id, case.handling_unit_id):
        raise ValidationError(_("Choose another unit."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if State.FORWARDED not in TRANSITIONS[case.state]:
        raise ValidationError(_("A complaint cannot go from this state to that one."))
    opened = read_case(case, case_key)
    new_key = crypto.new_case_key()
    day = today()
    copy = _new_case(
        to_unit,
        to_unit,
        new_key,
        opened.content,
        day=day,
        kind=case.kind,
        channel=Channel.OTHER_AGENCY,
    )
    copy.named_people.set(case.named_people.all())
    for item, name in opened.files:
        sealed = crypto.seal(new_key, read_file(item, case_key))
        stored = private_storage().save(
            f"{FILE_FOLDER}/{secrets.token_hex(16)}", ContentFile(sealed)
        )
        CaseFile.objects.create(
            case=copy,
            from_sender=item.from_sender,
            stored_name=stored,
            sealed_name=crypto.seal(new_key, name.encode("utf-8")),
            size=item.size,
            added_on=day,
        )
    _wrap_for_holders(copy, new_key, [to_unit])
    _ensure_escrow_wrap(copy, new_key)
    old = case.state
    case.state = State.FORWARDED
    case.forwarded_to = to_unit
    case.finished_on = day
    case.acknowledged_on = case.acknowledged_on or day
    text = note.strip() or _("Forwarded to %(unit)s.") % {"unit": to_unit.name_th}
    case.sealed_outcome = crypto.seal(case_key, text.encode("utf-8"))
    case.save()
    record(
        case,
        AuditAction.UPDATE,
        {"state": [old, State.FORWARDED], "forwarded_to": to_unit.code},
        actor=by,
    )
    return copy


@transaction.atomic
def name_people(case: Case, people: Sequence[User], *, by: User) -> None:
    """Record officers the complaint names: their wrapped keys of this case go, and they never open it (a
    handler may not name themselves out of the work silently: the event is audited with the names' count)."""
    _require_handler(case, by)
    case.named_people.add(*people)
    CaseKey.objects.filter(case=case, handler__in=people).delete()
    record(case, AuditAction.EVENT, {"named": len(people)}, message="people named", actor=by)


@transaction.atomic
def share(case: Case, with_unit: Unit, *, by: User, case_key: bytes) -> None:
    """Let another unit's handlers read and help on this case (it stays this unit's)."""
    _require_handler(case, by)
    case.shared_with.add(with_unit)
    _wrap_for_holders(case, case_key, [with_unit])
    record(case, AuditAction.EVENT, {"shared_with": with_unit.code}, message="shared", actor=by)


@transaction.atomic
def add_message(
    case: Case,
    case_key: bytes,
    body: str,
    *,
    by: User | None = None,
    internal: bool = False,
    files: Sequence[Any] = (),
) -> Message:
    """A message from the sender (by=None, through the receipt), a message to the sender, or an internal note."""
    if not body.strip() and not files:
        raise ValidationError(_("Write a message or add a file."))
    if case.purged:
        raise ValidationError(_("This complaint has been deleted."))
    check_files(files)
    if by is not None:
        _require_handler(case, by)
    message = Message.objects.create(
        case=case,
        author=Author.SENDER if by is None else Author.HANDLER,
        handler=by,
        internal=internal and by is not None,
        sent_on=today(),
        sealed_body=crypto.seal(case_key, body.strip().encode("utf-8")),
    )
    for upload in files:
        _add_file(case, case_key, upload, from_sender=by is None)
    if by is not None:
        record(case, AuditAction.EVENT, message="note" if internal else "message", actor=by)
    return message


@transaction.atomic
def save_unit_settings(unit: Unit, *, by: User, **values: int) -> UnitComplaintSettings:
    current = settings_for(unit)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def add_sub_state(unit: Unit, state: str, name_th: str, name_en: str = "") -> SubState:
    return SubState.objects.create(unit=unit, state=state, name_th=name_th, name_en=name_en)


# -- retention ---------------------------------------------------------------------------------------------


def purge_date(case: Case) -> datetime.date | None:
    if case.finished_on is None or case.purged:
        return None
    unit_settings = settings_for(case.handling_unit)
    days = (
        unit_settings.keep_not_accepted_days
        if case.state == State.NOT_ACCEPTED
        else unit_settings.keep_finished_days
    )
    return case.finished_on + datetime.timedelta(days=days)


@transaction.atomic
def purge_case(case: Case) -> None:
    """Delete the content for good, keeping the record the statistics count (unit, kind, channel, state,
    days)."""
    for item in case.files.all():
        private_storage().delete(item.stored_name)
    case.files.all().delete()
    case.messages.all().delete()
    case.keys.all().delete()
    case.named_people.clear()
    case.sealed_content = None
    case.sealed_outcome = None
    case.sender_wrapped_key = None
    case.receipt_digest = None
    case.purged_on = today()
    case.save()
    record(case, AuditAction.EVENT, message="purged")


@dataclass
class RetentionReport:
    warned: list[Case]
    purged: list[Case]


def apply_retention(day: datetime.date | None = None) -> RetentionReport:
    """Warn the handlers of cases whose purge date is within the unit's warning days; purge cases whose date
    has passed and whose handlers were warned at least that many days before (never without a warning)."""
    day = day or today()
    report = RetentionReport([], [])
    finished = Case.objects.filter(
        finished_on__isnull=False, purged_on__isnull=True
    ).select_related("handling_unit")
    for case in finished:
        when = purge_date(case)
        if when is None:
            continue
        warn_days = settings_for(case.handling_unit).warn_days_before_purge
        if case.purge_warned_on is None:
            if when - datetime.timedelta(days=warn_days) <= day:
                case.purge_warned_on = day
                case.save(update_fields=["purge_warned_on"])
                report.warned.append(case)
            continue
        if when <= day and case.purge_warned_on + datetime.timedelta(days=warn_days) <= day:
            purge_case(case)
            report.purged.append(case)
    return report


def due_reminders(day: datetime.date | None = None) -> list[Case]:
    """Open cases past their deadline to acknowledge or give a result, not reminded today."""
    day = day or today()
    late = Case.objects.filter(purged_on__isnull=True).exclude(state__in=FINISHED_STATES)
    return [
        case
        for case in late.select_related("handling_unit")
        if case.reminded_on != day
        and ((case.acknowledged_on is None and case.acknowledge_by <= day) or case.result_by <= day)
    ]
