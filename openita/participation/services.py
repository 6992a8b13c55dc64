"""Every change to the Q&A board and the participation records, each in one transaction (docs/participation.md)."""

from __future__ import annotations

import datetime
import secrets
import statistics as stats
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.authz import Capability, can
from openita.accounts.models import User
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.complaints import services as complaint_services
from openita.complaints.models import Kind as ComplaintKind
from openita.core import publication
from openita.core.thai import fiscal_year_of
from openita.core.uploads import check_upload, private_storage
from openita.units.models import Line, Unit

from . import sources
from .models import (
    BODY_MAX,
    CONTACT_MAX,
    NAME_MAX,
    ParticipantGroup,
    ParticipationRecord,
    Post,
    PostKind,
    PostState,
    QASettings,
    RecordPhoto,
    SourceBlock,
    SourceHit,
)
from .routing import looks_like_corruption

PHOTO_TYPES = ("jpg", "jpeg", "png")  # what the documents can print too
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FOLDER = "participation"
MAX_BLOCK_DAYS = sources.KEEP_DAYS


def today() -> datetime.date:
    return timezone.localdate()


def settings_for(unit: Unit) -> QASettings:
    return QASettings.objects.filter(unit=unit).first() or QASettings(unit=unit)


@transaction.atomic
def save_settings(unit: Unit, *, answer_days: int, by: User) -> QASettings:
    if not can(by, unit, Capability.MANAGE_UNIT):
        raise PermissionDenied
    if not 1 <= answer_days <= 90:
        raise ValidationError(_("Give between 1 and 90 days."))
    row = settings_for(unit)
    row.answer_days = answer_days
    row.save()
    return row


# -- the public board -------------------------------------------------------------------------------------


class Outcome(StrEnum):
    RECEIVED = "received"  # stored, waiting for moderation
    HELD = "held"  # looks like a corruption report: not stored, the complaint channel offered
    LIMITED = "limited"  # too many posts from this source just now
    BLOCKED = "blocked"  # the source is blocked


@dataclass(frozen=True)
class Sent:
    outcome: Outcome
    post: Post | None = None


def _check_lengths(body: str, name: str, contact: str) -> None:
    if not body.strip():
        raise ValidationError(_("Write your message."))
    if len(body) > BODY_MAX or len(name) > NAME_MAX or len(contact) > CONTACT_MAX:
        raise ValidationError(_("The message is too long."))


def _rate_limited(key: str, now: datetime.datetime) -> bool:
    """Count this try; True when the source has sent RATE_LIMIT posts in the window already."""
    SourceHit.objects.filter(at__lt=now - 2 * sources.RATE_WINDOW).delete()
    recent = SourceHit.objects.filter(key=key, at__gte=now - sources.RATE_WINDOW).count()
    SourceHit.objects.create(key=key, at=now)
    return recent >= sources.RATE_LIMIT


def is_blocked(unit: Unit, address: str, day: datetime.date | None = None) -> bool:
    day = day or today()
    return SourceBlock.objects.filter(
        unit=unit, key__in=sources.keys_of(address, day), until__gte=day
    ).exists()


@transaction.atomic
def submit_post(
    unit: Unit,
    *,
    kind: str,
    body: str,
    address: str,
    name: str = "",
    contact: str = "",
    corruption_ticked: bool = False,
) -> Sent:
    """A post from the public board. Posts that look like corruption reports (or that the sender marked as
    one) are never stored here: the caller offers the complaint channel (`report_as_complaint`)."""
    _check_lengths(body, name, contact)
    if kind not in PostKind.values:
        raise ValidationError(_("Choose what kind of message this is."))
    day = today()
    forget_sources(day)
    if is_blocked(unit, address, day):
        return Sent(Outcome.BLOCKED)
    key = sources.key_of(address, day)
    if _rate_limited(key, timezone.now()):
        return Sent(Outcome.LIMITED)
    if corruption_ticked or looks_like_corruption(body, name):
        return Sent(Outcome.HELD)
    post = Post.objects.create(
        unit=unit,
        kind=kind,
        body=body.strip(),
        name=name.strip(),
        contact=contact.strip(),
        received_on=day,
        answer_by=day + datetime.timedelta(days=settings_for(unit).answer_days),
        source_key=key,
    )
    return Sent(Outcome.RECEIVED, post)


class Refused(Exception):
    """The source may not send now (`outcome` says why: LIMITED or BLOCKED)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


@transaction.atomic
def report_as_complaint(
    unit: Unit, *, body: str, address: str, name: str = "", contact: str = ""
) -> str:
    """With the sender's consent, a held post becomes a confidential complaint (openita.complaints); returns the
    complaint's receipt, shown once to the sender. The same limits as posts apply (Refused)."""
    _check_lengths(body, name, contact)
    day = today()
    if is_blocked(unit, address, day):
        raise Refused(Outcome.BLOCKED)
    if _rate_limited(sources.key_of(address, day), timezone.now()):
        raise Refused(Outcome.LIMITED)
    _case, receipt = complaint_services.submit(
        unit,
        complaint_services.Submission(
            kind=ComplaintKind.CORRUPTION,
            what=body.strip(),
            sender_name=name.strip(),
            sender_contact=contact.strip(),
        ),
    )
    return receipt


@transaction.atomic
def forget_sources(day: datetime.date | None = None) -> int:
    """Empty the source hashes older than 30 days and end the blocks that are over."""
    day = day or today()
    oldest = day - datetime.timedelta(days=sources.KEEP_DAYS)
    SourceBlock.objects.filter(until__lt=day).delete()
    return Post.objects.filter(received_on__lt=oldest).exclude(source_key="").update(source_key="")


# -- the staff side -----------------------------------------------------------------------------------------


def _require(by: User, unit: Unit, capability: Capability = Capability.CONTRIBUTE) -> None:
    if not can(by, unit, capability):
        raise PermissionDenied


@transaction.atomic
def moderate(post: Post, *, publish: bool, by: User) -> Post:
    _require(by, post.unit)
    post.state = PostState.PUBLISHED if publish else PostState.REJECTED
    post.moderated_on = today()
    if not publish:
        post.faq = False
    post.save(update_fields=["state", "moderated_on", "faq"])
    publication.changed(post.unit)  # the sitemap lists the boards with a published post
    record(post, AuditAction.EVENT, message="published" if publish else "not published", actor=by)
    return post


@transaction.atomic
def assign(post: Post, *, person: User | None, line: Line | None, by: User) -> Post:
    _require(by, post.unit)
    if line is not None and line.unit_id != post.unit_id:
        raise ValidationError(_("Choose a line of work of this unit."))
    if person is not None and not can(person, post.unit, Capability.CONTRIBUTE):
        raise ValidationError(_("Choose a person who works in this unit."))
    post.assigned_to = person
    post.assigned_line = line
    post.save(update_fields=["assigned_to", "assigned_line"])
    record(post, AuditAction.EVENT, message="assigned", actor=by)
    return post


@transaction.atomic
def answer(post: Post, *, text: str, official: bool, by: User) -> Post:
    """Save the answer; an official answer is shown on the board (when the post is published) and counts as
    answered on the day it was made official."""
    _require(by, post.unit)
    text = text.strip()
    if official and not text:
        raise ValidationError(_("Write the answer before marking it official."))
    if len(text) > 5000:
        raise ValidationError(_("The answer is too long."))
    post.answer = text
    if official and not post.answer_official:
        post.answered_on = today()
    if not official:
        post.answered_on = None
        post.faq = False  # the FAQ shows questions with their official answer only
    post.answer_official = official
    post.answered_by = by
    post.save(update_fields=["answer", "answer_official", "answered_on", "answered_by", "faq"])
    record(
        post,
        AuditAction.EVENT,
        message="official answer" if official else "answer drafted",
        actor=by,
    )
    return post


@transaction.atomic
def set_faq(post: Post, *, faq: bool, by: User) -> Post:
    _require(by, post.unit)
    if faq and not (post.state == PostState.PUBLISHED and post.is_answered):
        raise ValidationError(_("Only a published post with an official answer goes in the FAQ."))
    post.faq = faq
    post.save(update_fields=["faq"])
    record(post, AuditAction.EVENT, message="in the FAQ" if faq else "out of the FAQ", actor=by)
    return post


@transaction.atomic
def block_source(post: Post, *, days: int, by: User) -> SourceBlock:
    """Refuse the posts of this post's source for `days` (30 at most; the hash is forgotten by then)."""
    _require(by, post.unit)
    if not post.source_key:
        raise ValidationError(_("The source of this post is no longer known (older than 30 days)."))
    days = max(1, min(days, MAX_BLOCK_DAYS))
    block = SourceBlock.objects.create(
        unit=post.unit, key=post.source_key, until=today() + datetime.timedelta(days=days)
    )
    if post.state == PostState.PENDING:
        post.state = PostState.REJECTED
        post.moderated_on = today()
        post.save(update_fields=["state", "moderated_on"])
    record(post, AuditAction.EVENT, message="source blocked", actor=by)
    return block


# -- statistics ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearStatistics:
    fiscal_year: int
    questions: int  # published questions received in the year
    answered: int  # of them with an official answer
    median_days: float | None  # from the day received to the day answered

    @property
    def answered_percent(self) -> int:
        return round(100 * self.answered / self.questions) if self.questions else 0


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year - 544, 10, 1), datetime.date(fiscal_year - 543, 9, 30)


def year_statistics(unit: Unit, fiscal_year: int) -> YearStatistics:
    start, end = fiscal_year_range(fiscal_year)
    rows = list(
        Post.objects.public()
        .filter(unit=unit, kind=PostKind.QUESTION, received_on__range=(start, end))
        .values_list("received_on", "answered_on", "answer_official")
    )
    days = [(done - received).days for received, done, official in rows if official and done]
    return YearStatistics(
        fiscal_year, len(rows), len(days), float(stats.median(days)) if days else None
    )


def statistics_by_year(unit: Unit) -> list[YearStatistics]:
    years = {
        fiscal_year_of(day)
        for day in Post.objects.public().filter(unit=unit).values_list("received_on", flat=True)
    }
    return [year_statistics(unit, year) for year in sorted(years, reverse=True)]


# -- participation records ----------------------------------------------------------------------------------

ELEMENTS = ("topic", "participants", "results", "changes")


def element_labels() -> dict[str, str]:
    return {
        "topic": _("the topic"),
        "participants": _("who took part (groups and numbers)"),
        "results": _("the results"),
        "changes": _("what the unit changed because of them"),
    }


def missing_elements(item: ParticipationRecord) -> list[str]:
    """The four elements the OIT asks that are still empty, in words."""
    labels = element_labels()
    missing = []
    if not item.topic.strip():
        missing.append(labels["topic"])
    if not any(group.count > 0 for group in item.groups.all()):
        missing.append(labels["participants"])
    if not item.results.strip():
        missing.append(labels["results"])
    if not item.changes.strip():
        missing.append(labels["changes"])
    return missing


@transaction.atomic
def save_record(
    unit: Unit,
    fiscal_year: int,
    *,
    by: User,
    item: ParticipationRecord | None = None,
    groups: Sequence[tuple[str, int]] = (),
    posts: Sequence[Post] = (),
    campaigns: Sequence[Any] = (),
    **values: Any,
) -> ParticipationRecord:
    _require(by, unit)
    item = item or ParticipationRecord(unit=unit, fiscal_year=fiscal_year)
    for name in ("kind", "topic", "held_on", "results", "changes"):
        if name in values:
            setattr(item, name, values[name])
    item.save()
    item.groups.all().delete()
    for name, count in groups:
        if name.strip():
            ParticipantGroup.objects.create(record=item, name=name.strip(), count=count)
    item.posts.set([post for post in posts if post.unit_id == unit.pk])
    item.campaigns.set(campaigns)
    if item.is_published and missing_elements(item):
        item.published_on = None
        item.save(update_fields=["published_on"])
        publication.changed(unit)
    return item


@transaction.atomic
def publish_record(item: ParticipationRecord, *, by: User) -> ParticipationRecord:
    """Publish on the unit's public site; refused while an element is empty, naming what is missing."""
    _require(by, item.unit, Capability.APPROVE)
    missing = missing_elements(item)
    if missing:
        raise ValidationError(
            _("The record cannot be published: missing %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    item.published_on = today()
    item.save(update_fields=["published_on"])
    publication.changed(item.unit)
    return item


@transaction.atomic
def unpublish_record(item: ParticipationRecord, *, by: User) -> ParticipationRecord:
    _require(by, item.unit, Capability.APPROVE)
    item.published_on = None
    item.save(update_fields=["published_on"])
    publication.changed(item.unit)
    return item


@transaction.atomic
def delete_record(item: ParticipationRecord, *, by: User) -> None:
    _require(by, item.unit)
    if item.is_published:
        raise ValidationError(_("Withdraw the record from the public site before deleting it."))
    for photo in item.photos.all():
        private_storage().delete(photo.stored_name)
    item.delete()


@transaction.atomic
def add_photo(item: ParticipationRecord, upload: Any, *, caption: str, by: User) -> RecordPhoto:
    _require(by, item.unit)
    checked = check_upload(
        upload, upload.name, upload.size, allowed=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES
    )
    upload.seek(0)
    stored = private_storage().save(
        f"{PHOTO_FOLDER}/{secrets.token_hex(16)}.{checked.extension}", ContentFile(upload.read())
    )
    return RecordPhoto.objects.create(
        record=item,
        stored_name=stored,
        original_name=upload.name[:200],
        caption=caption.strip()[:300],
        size=upload.size,
        added_on=today(),
    )


@transaction.atomic
def remove_photo(photo: RecordPhoto, *, by: User) -> None:
    _require(by, photo.record.unit)
    private_storage().delete(photo.stored_name)
    photo.delete()


def published_records(unit: Unit, fiscal_year: int) -> Any:
    return (
        ParticipationRecord.objects.published()
        .filter(unit=unit, fiscal_year=fiscal_year)
        .for_listing()
    )


def posts_filter(state: str) -> Q:
    if state == "waiting":
        return Q(state=PostState.PENDING)
    if state == "unanswered":
        return Q(state=PostState.PUBLISHED, kind=PostKind.QUESTION, answered_on__isnull=True)
    if state in PostState.values:
        return Q(state=state)
    return Q()


def kind_counts(unit: Unit, fiscal_year: int) -> dict[str, int]:
    from django.db.models import Count

    start, end = fiscal_year_range(fiscal_year)
    rows = (
        Post.objects.public()
        .filter(unit=unit, received_on__range=(start, end))
        .values("kind")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["total"] for row in rows}


def public_pages() -> list[tuple[str, int | None]]:
    """(unit code, fiscal year) of each published participation page and (unit code, None) of each board with
    a published post, for the public site's sitemap (two queries)."""
    boards = (
        Post.objects.public()
        .filter(unit__is_active=True)
        .values_list("unit__code", flat=True)
        .distinct()
        .order_by("unit__code")
    )
    years = (
        ParticipationRecord.objects.published()
        .filter(unit__is_active=True)
        .values_list("unit__code", "fiscal_year")
        .distinct()
        .order_by("unit__code", "-fiscal_year")
    )
    return [(code, None) for code in boards] + [(code, year) for code, year in years]
