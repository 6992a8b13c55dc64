"""An in-process fake of the LINE Messaging API (OPENITA_LINE_BACKEND=fake): the tests and the demo.

It keeps, per access token, what was pushed, the month's quota and use, the groups it knows, and failures to
play back (`fail_next`). Nothing leaves the process; `make run` needs no network. `signed(body, secret)` gives
the X-Line-Signature LINE would send with a webhook body."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from openita.notifications.line_api import GroupSummary, LineError, LineUnavailable, Quota


@dataclass
class FakeAccount:
    pushed: list[tuple[str, str]] = field(default_factory=list)  # (to, text)
    replies: list[tuple[str, str]] = field(default_factory=list)  # (reply token, text)
    limit: int | None = 200
    used: int = 0
    groups: dict[str, GroupSummary] = field(default_factory=dict)
    failures: list[Exception] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


_accounts: dict[str, FakeAccount] = {}


def account(access_token: str) -> FakeAccount:
    return _accounts.setdefault(access_token, FakeAccount())


def reset() -> None:
    _accounts.clear()


def all_pushed() -> list[tuple[str, str]]:
    return [pushed for fake in _accounts.values() for pushed in fake.pushed]


def fail_next(access_token: str, times: int = 1, *, transient: bool = True) -> None:
    error: Exception = LineUnavailable("LINE 503: fake") if transient else LineError("LINE 401")
    account(access_token).failures.extend([error] * times)


class FakeLineApi:
    def __init__(self, access_token: str) -> None:
        self.account = account(access_token)

    def _maybe_fail(self) -> None:
        if self.account.failures:
            raise self.account.failures.pop(0)

    def push_text(self, to: str, text: str) -> None:
        self._maybe_fail()
        cost = self.account.groups[to].member_count if to in self.account.groups else 1
        if self.account.limit is not None and self.account.used + cost > self.account.limit:
            raise LineError("LINE 429: monthly limit reached")
        self.account.pushed.append((to, text))
        self.account.used += cost

    def reply_text(self, reply_token: str, text: str) -> None:
        self._maybe_fail()
        self.account.replies.append((reply_token, text))

    def quota(self) -> Quota:
        self._maybe_fail()
        return Quota(limit=self.account.limit, used=self.account.used)

    def group_summary(self, group_id: str) -> GroupSummary:
        self._maybe_fail()
        return self.account.groups.get(group_id, GroupSummary(name="", member_count=0))

    def leave_group(self, group_id: str) -> None:
        self.account.left.append(group_id)


def signed(body: bytes, channel_secret: str) -> str:
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def webhook_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Ufake", "events": list(events)}).encode("utf-8")


def _event(kind: str, source: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "source": source,
        "webhookEventId": f"fake-{kind}-{len(json.dumps(source))}",
        "deliveryContext": {"isRedelivery": False},
        **extra,
    }


def text_event(user_id: str, text: str, group_id: str = "") -> dict[str, Any]:
    source = (
        {"type": "group", "groupId": group_id, "userId": user_id}
        if group_id
        else {"type": "user", "userId": user_id}
    )
    return _event(
        "message",
        source,
        replyToken="fake-reply",
        message={"type": "text", "id": "1", "text": text, "quoteToken": "q"},
    )


def follow_event(user_id: str) -> dict[str, Any]:
    return _event(
        "follow", {"type": "user", "userId": user_id}, replyToken="r", follow={"isUnblocked": False}
    )


def unfollow_event(user_id: str) -> dict[str, Any]:
    return _event("unfollow", {"type": "user", "userId": user_id})


def join_event(group_id: str) -> dict[str, Any]:
    return _event("join", {"type": "group", "groupId": group_id}, replyToken="r")


def leave_event(group_id: str) -> dict[str, Any]:
    return _event("leave", {"type": "group", "groupId": group_id})
