"""Every write of notifications: connecting a unit's LINE Official Account, linking people and groups, each
person's choice, and sending (LINE on the task queue, e-mail as the fallback). See docs/notifications.md."""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import User
from openita.notifications import crypto, registry
from openita.notifications.line_api import LineError, LineUnavailable, api_for
from openita.notifications.models import (
    Delivery,
    GroupState,
    LineChannel,
    LineGroup,
    LineLink,
    LinkCode,
    Message,
    MessageState,
    Preference,
    Way,
)
from openita.units.models import Unit

logger = logging.getLogger(__name__)

CODE_MINUTES = 15
MAX_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 60
LINE_TEXT_LIMIT = 1000  # LINE allows 5,000 characters; openita's notices stay short


# ----------------------------------------------------------------------------------------------------
# The unit's Official Account


def channel_for(unit: Unit | None) -> LineChannel | None:
    """The LINE Official Account that speaks for the unit: its own, else its nearest ancestor's."""
    if unit is None:
        return None
    ids = [unit.pk, *reversed(unit.ancestor_ids())]
    channels = {
        channel.unit_id: channel
        for channel in LineChannel.objects.filter(unit_id__in=ids).select_related("unit")
    }
    return next((channels[pk] for pk in ids if pk in channels), None)


def channels_of(user: User) -> list[LineChannel]:
    """The Official Accounts that speak for the units where the person holds a role (two queries)."""
    from openita.accounts.models import Membership

    paths = list(
        Membership.objects.filter(user=user, unit__is_active=True)
        .order_by("unit__path")
        .values_list("unit_id", "unit__path")
    )
    chains = [
        [unit_id, *reversed([int(part) for part in path.strip("/").split("/")[:-1] if part])]
        for unit_id, path in paths
    ]
    wanted = {pk for chain in chains for pk in chain}
    if not wanted:
        return []
    channels = {
        channel.unit_id: channel
        for channel in LineChannel.objects.filter(unit_id__in=wanted).select_related("unit")
    }
    found: dict[int, LineChannel] = {}
    for chain in chains:
        nearest = next((channels[pk] for pk in chain if pk in channels), None)
        if nearest is not None:
            found.setdefault(nearest.pk, nearest)
    return list(found.values())


@transaction.atomic
def connect_channel(unit: Unit, *, secret: str, token: str, actor: User) -> LineChannel:
    secret, token = secret.strip(), token.strip()
    if not secret or not token:
        raise ValidationError(_("Both the channel secret and the access token are needed."))
    channel, _created = LineChannel.objects.update_or_create(
        unit=unit,
        defaults={
            "secret_encrypted": crypto.encrypt(secret),
            "token_encrypted": crypto.encrypt(token),
            "connected_by": actor,
            "last_failure": "",
            "last_failure_at": None,
        },
    )
    return channel


@transaction.atomic
def disconnect_channel(channel: LineChannel) -> None:
    channel.delete()


def note_failure(channel: LineChannel | None, reason: str) -> None:
    """Log a LINE failure and keep it on the channel, where its unit admin sees it."""
    logger.warning("LINE failure for %s: %s", channel.unit.code if channel else "-", reason)
    if channel is not None:
        LineChannel.objects.filter(pk=channel.pk).update(
            last_failure=reason[:255], last_failure_at=timezone.now()
        )


@dataclass(frozen=True)
class TestOutcome:
    ok: bool
    pushed: bool
    quota_left: int | None
    reason: str = ""


def send_test(channel: LineChannel, actor: User) -> TestOutcome:
    """Ask LINE for the month's quota (the token works) and push a test message to the admin's own LINE when
    they linked it."""
    api = api_for(channel.token())
    try:
        quota = api.quota()
        link = channel.links.filter(user=actor).first()
        if link is not None:
            api.push_text(
                link.line_user_id, "ข้อความทดสอบจาก openita: บัญชี LINE ทางการของหน่วยงานใช้งานได้"
            )
    except LineError as error:
        note_failure(channel, str(error))
        return TestOutcome(ok=False, pushed=False, quota_left=None, reason=str(error))
    left = None if quota.limit is None else max(quota.limit - quota.used, 0)
    return TestOutcome(ok=True, pushed=link is not None, quota_left=left)


# ----------------------------------------------------------------------------------------------------
# Linking people and groups


@transaction.atomic
def new_link_code(user: User, channel: LineChannel) -> LinkCode:
    """A fresh one-time code for the person (the previous one stops working)."""
    LinkCode.objects.filter(channel=channel, user=user).delete()
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if not LinkCode.objects.filter(channel=channel, code=code).exists():
            break
    return LinkCode.objects.create(
        channel=channel,
        user=user,
        code=code,
        expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
    )


def current_code(user: User, channel: LineChannel) -> LinkCode | None:
    return LinkCode.objects.filter(
        channel=channel, user=user, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def link_by_code(channel: LineChannel, line_user_id: str, text: str) -> LineLink | None:
    """Link the LINE account that sent `text` when it is a valid code; None otherwise."""
    code = "".join(ch for ch in text if ch.isdigit())
    if len(code) != 6 or not line_user_id:
        return None
    found = (
        LinkCode.objects.select_for_update()
        .filter(channel=channel, code=code, expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if found is None:
        return None
    user = found.user
    found.delete()
    LineLink.objects.filter(channel=channel, line_user_id=line_user_id).exclude(user=user).delete()
    link, _created = LineLink.objects.update_or_create(
        channel=channel, user=user, defaults={"line_user_id": line_user_id}
    )
    return link


@transaction.atomic
def unlink_person(user: User, channel: LineChannel) -> int:
    deleted = 0
    for link in LineLink.objects.filter(channel=channel, user=user):
        link.delete()
        deleted += 1
    return deleted


@transaction.atomic
def group_joined(channel: LineChannel, group_id: str) -> LineGroup:
    group, created = LineGroup.objects.get_or_create(channel=channel, group_id=group_id)
    if not created and group.state == GroupState.LEFT:
        group.state = GroupState.PENDING
        group.confirmed_at = None
        group.confirmed_by = None
    try:
        summary = api_for(channel.token()).group_summary(group_id)
    except LineError as error:
        note_failure(channel, str(error))
    else:
        group.name = summary.name[:255]
        group.member_count = summary.member_count
    group.save()
    return group


@transaction.atomic
def confirm_group(group: LineGroup, *, topics: Sequence[str], actor: User) -> LineGroup:
    known = {topic.code for topic in registry.group_topics()}
    group.topics = [topic for topic in topics if topic in known]
    if group.state != GroupState.LINKED:
        group.state = GroupState.LINKED
        group.confirmed_at = timezone.now()
        group.confirmed_by = actor
    group.save()
    return group


@transaction.atomic
def unlink_group(group: LineGroup, *, leave: bool = True) -> LineGroup:
    """Stop sending to the group; with `leave`, the bot also leaves it (the button; not after LINE's leave)."""
    if leave and group.state != GroupState.LEFT:
        try:
            api_for(group.channel.token()).leave_group(group.group_id)
        except LineError as error:
            note_failure(group.channel, str(error))
    group.state = GroupState.LEFT
    group.save(update_fields=["state"])
    return group


LINKED_REPLY = "เชื่อมบัญชี LINE กับ openita แล้ว การแจ้งเตือนจะส่งมาที่นี่"
WRONG_CODE_REPLY = "รหัสไม่ถูกต้องหรือหมดอายุแล้ว ขอรหัสใหม่ได้ที่หน้า LINE และการแจ้งเตือนใน openita"
JOINED_REPLY = "กลุ่มนี้จะได้รับการแจ้งเตือนจาก openita เมื่อผู้ดูแลหน่วยงานยืนยันกลุ่มในระบบแล้ว"


def looks_like_code(text: str) -> bool:
    digits = "".join(ch for ch in text if ch.isdigit())
    return len(digits) == 6 and len(text.strip()) <= 20


def _reply(channel: LineChannel, reply_token: str | None, text: str) -> None:
    """Answer an event (replies are free); a reply that fails is only logged."""
    if not reply_token:
        return
    try:
        api_for(channel.token()).reply_text(reply_token, text)
    except LineError as error:
        note_failure(channel, str(error))


def handle_webhook(channel: LineChannel, body: str, signature: str) -> int:
    """Act on a webhook's events after checking its signature with the SDK (InvalidSignatureError when it is
    wrong). Returns how many events were acted on."""
    from linebot.v3 import WebhookParser
    from linebot.v3.webhooks import (
        FollowEvent,
        GroupSource,
        JoinEvent,
        LeaveEvent,
        MessageEvent,
        TextMessageContent,
        UnfollowEvent,
        UserSource,
    )

    events = WebhookParser(channel.secret()).parse(body, signature)
    acted = 0
    for event in events if isinstance(events, list) else []:
        source = getattr(event, "source", None)
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            if not isinstance(source, UserSource) or not looks_like_code(event.message.text):
                continue
            if link_by_code(channel, source.user_id or "", event.message.text):
                acted += 1
                _reply(channel, event.reply_token, LINKED_REPLY)
            else:
                _reply(channel, event.reply_token, WRONG_CODE_REPLY)
        elif isinstance(event, UnfollowEvent) and isinstance(source, UserSource):
            with transaction.atomic():
                for link in LineLink.objects.filter(channel=channel, line_user_id=source.user_id):
                    link.delete()
                    acted += 1
        elif isinstance(event, JoinEvent) and isinstance(source, GroupSource):
            group_joined(channel, source.group_id)
            acted += 1
            _reply(channel, event.reply_token, JOINED_REPLY)
        elif isinstance(event, LeaveEvent) and isinstance(source, GroupSource):
            for group in LineGroup.objects.filter(channel=channel, group_id=source.group_id):
                unlink_group(group, leave=False)
                acted += 1
        elif isinstance(event, FollowEvent):
            pass  # following alone links nothing: the person sends their code
    return acted


# ----------------------------------------------------------------------------------------------------
# Choices


def delivery_of(user: User) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.LINE


@transaction.atomic
def set_delivery(user: User, delivery: str) -> Preference:
    if delivery not in Delivery.values:
        raise ValidationError(_("Choose how to be told."))
    preference, _created = Preference.objects.get_or_create(user=user)
    if preference.delivery != delivery:
        preference.delivery = delivery
        preference.save()
    return preference


# ----------------------------------------------------------------------------------------------------
# Sending


@dataclass
class SendReport:
    line: int = 0
    emailed: int = 0
    skipped: int = 0


def absolute(url: str) -> str:
    return f"{getattr(settings, 'OPENITA_BASE_URL', '')}{url}"


def _line_text(text: str, url: str) -> str:
    return f"{text[:LINE_TEXT_LIMIT]}\n{absolute(url)}" if url else text[:LINE_TEXT_LIMIT]


def _email(subject: str, text: str, url: str, addresses: Iterable[str]) -> bool:
    addresses = [address for address in addresses if address]
    if not addresses:
        return False
    body = f"{text}\n\n{absolute(url)}" if url else text
    send_mail(subject[:200] or "openita", body, None, addresses, fail_silently=False)
    return True


def _message(**fields: Any) -> Message | None:
    """The outbox row, or None when this key went to this recipient this way before."""
    try:
        with transaction.atomic():
            return Message.objects.create(**fields)
    except IntegrityError:
        return None


def send(
    topic: str,
    unit: Unit | None,
    text: str,
    url: str = "",
    *,
    people: Iterable[User] = (),
    to_groups: bool = False,
    group_fallback: Iterable[User] = (),
    key: str = "",
    subject: str = "",
    email_body: str = "",
    default_email: bool = True,
) -> SendReport:
    """Tell people (each by their choice) and, with `to_groups`, the unit's confirmed LINE groups that receive
    `topic`. LINE goes on the task queue; e-mail goes now. `email_body` may say more than the LINE `text`
    (what e-mail said before LINE came). With a `key`, a notice already sent to a recipient is not sent again.
    `default_email` False: a person who neither linked LINE nor chose e-mail is not e-mailed (a notice that was
    never e-mailed before LINE came, such as an OIT item assigned; the desk shows it anyway)."""
    report = SendReport()
    channel = channel_for(unit)
    subject = subject or text.splitlines()[0][:120] if text else subject
    for person in people:
        if not person.is_active:
            continue
        choice = delivery_of(person)
        link = (
            LineLink.objects.filter(channel=channel, user=person).first()
            if channel is not None and choice in (Delivery.LINE, Delivery.BOTH)
            else None
        )
        wants_email = choice in (Delivery.EMAIL, Delivery.BOTH) or (
            choice == Delivery.LINE
            and link is None
            and (default_email or Preference.objects.filter(user=person).exists())
        )
        common = {"unit": unit, "topic": topic, "key": key, "recipient": f"user:{person.pk}"}
        if link is not None:
            message = _message(
                **common,
                user=person,
                channel=channel,
                way=Way.LINE,
                subject=subject,
                text=_line_text(text, url),
                url=url,
                # A person who also gets the e-mail is not sent it twice when LINE fails.
                fallback_emails=[person.email] if person.email and not wants_email else [],
            )
            if message is not None:
                _enqueue(message)
                report.line += 1
        if wants_email and person.email:
            message = _message(
                **common,
                user=person,
                way=Way.EMAIL,
                subject=subject,
                text=email_body or text,
                url=url,
                state=MessageState.SENT,
                sent_at=timezone.now(),
            )
            if message is not None:
                _email(subject, email_body or text, url, [person.email])
                report.emailed += 1
        elif link is None:
            report.skipped += 1
    if to_groups and channel is not None:
        fallback = [person.email for person in group_fallback if person.is_active and person.email]
        for group in channel.groups.filter(state=GroupState.LINKED):
            if topic not in (group.topics or []):
                continue
            message = _message(
                unit=unit,
                topic=topic,
                key=key,
                recipient=f"group:{group.pk}",
                group=group,
                channel=channel,
                way=Way.LINE,
                subject=subject,
                text=_line_text(text, url),
                url=url,
                fallback_emails=fallback,
            )
            if message is not None:
                _enqueue(message)
                report.line += 1
    return report


def _enqueue(message: Message, *, delay_seconds: int = 0) -> None:
    from openita.notifications.tasks import deliver_message

    task = deliver_message
    if delay_seconds and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
    task.enqueue(message.pk)


def _fall_back(message: Message, reason: str) -> None:
    note_failure(message.channel, reason)
    emailed = _email(message.subject, message.text, "", message.fallback_emails)
    message.state = MessageState.FELL_BACK if emailed else MessageState.FAILED
    message.error = reason[:255]
    message.sent_at = timezone.now() if emailed else None
    message.save(update_fields=["state", "error", "sent_at", "attempts"])


def deliver(message_id: int) -> str:
    """Send one queued LINE message: check the month's quota first; when it is spent or LINE refuses, send it
    by e-mail instead; when LINE is unreachable, try again later (MAX_ATTEMPTS in all), then e-mail."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("channel", "group", "user")
            .filter(pk=message_id, state=MessageState.QUEUED)
            .first()
        )
        if message is None:
            return "done already"
        message.attempts += 1
        if message.channel is None:
            _fall_back(message, "no LINE Official Account")
            return message.state
        if message.group is not None:
            to, cost = message.group.group_id, max(message.group.member_count, 1)
        else:
            link = LineLink.objects.filter(channel=message.channel, user=message.user).first()
            if link is None:
                _fall_back(message, "LINE account no longer linked")
                return message.state
            to, cost = link.line_user_id, 1
        api = api_for(message.channel.token())
        try:
            if not api.quota().allows(cost):
                _fall_back(message, "LINE monthly message quota reached")
                return message.state
            api.push_text(to, message.text)
        except LineUnavailable as error:
            if message.attempts < MAX_ATTEMPTS:
                message.error = str(error)[:255]
                message.save(update_fields=["attempts", "error"])
                transaction.on_commit(
                    lambda: _enqueue(message, delay_seconds=RETRY_DELAY_SECONDS * message.attempts)
                )
                return "retry"
            _fall_back(message, str(error))
            return message.state
        except LineError as error:
            _fall_back(message, str(error))
            return message.state
        message.state = MessageState.SENT
        message.sent_at = timezone.now()
        message.error = ""
        message.save(update_fields=["state", "sent_at", "attempts", "error"])
        return message.state


def run_day(day: datetime.date) -> SendReport:
    """Run every producer due on `day` and send what they give (idempotent through the keys)."""
    total = SendReport()
    for _topic, producer in registry.producers_for(day):
        for outgoing in producer(day):
            report = send(
                outgoing.topic,
                outgoing.unit,
                outgoing.text,
                outgoing.url,
                people=outgoing.people,
                to_groups=outgoing.to_groups,
                group_fallback=outgoing.group_fallback,
                key=outgoing.key,
                subject=outgoing.subject,
            )
            total.line += report.line
            total.emailed += report.emailed
            total.skipped += report.skipped
    return total
