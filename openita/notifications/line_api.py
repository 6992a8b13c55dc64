"""The LINE Messaging API as openita uses it: push a text, read the month's quota and use, a group's summary.

Two backends, chosen by OPENITA_LINE_BACKEND: "sdk" (the official `line-bot-sdk`, against
OPENITA_LINE_API_BASE, by default https://api.line.me) and "fake" (`openita.notifications.fake`, in this
process: the tests and the demo, no network). Signatures of the webhook are checked with the SDK in both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings


class LineError(Exception):
    """LINE refused the request (a wrong token, an unknown recipient): trying again will not help."""


class LineUnavailable(LineError):
    """LINE could not be reached or was busy (5xx, 429, a network error): worth trying again later."""


@dataclass(frozen=True)
class Quota:
    limit: int | None  # None: no monthly limit
    used: int

    def allows(self, cost: int) -> bool:
        return self.limit is None or self.used + cost <= self.limit


@dataclass(frozen=True)
class GroupSummary:
    name: str
    member_count: int


class LineApi(Protocol):
    def push_text(self, to: str, text: str) -> None: ...

    def reply_text(self, reply_token: str, text: str) -> None: ...

    def quota(self) -> Quota: ...

    def group_summary(self, group_id: str) -> GroupSummary: ...

    def leave_group(self, group_id: str) -> None: ...


class SdkLineApi:
    """The real Messaging API through `line-bot-sdk` (v3)."""

    def __init__(self, access_token: str) -> None:
        from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

        configuration = Configuration(
            host=getattr(settings, "OPENITA_LINE_API_BASE", "") or "https://api.line.me",
            access_token=access_token,
        )
        self._api = MessagingApi(ApiClient(configuration))

    def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        from linebot.v3.messaging import ApiException

        try:
            return function(*args)
        except ApiException as error:
            status = int(getattr(error, "status", 0) or 0)
            reason = f"LINE {status}: {getattr(error, 'reason', '') or ''}".strip()
            if status == 429 or status >= 500:
                raise LineUnavailable(reason) from error
            raise LineError(reason) from error
        except Exception as error:  # urllib3's connection and timeout errors
            raise LineUnavailable(f"LINE: {type(error).__name__}") from error

    def push_text(self, to: str, text: str) -> None:
        from linebot.v3.messaging import PushMessageRequest, TextMessage

        request = PushMessageRequest(to=to, messages=[TextMessage(text=text)])
        self._call(self._api.push_message, request)

    def reply_text(self, reply_token: str, text: str) -> None:
        """A reply to a webhook event (free: replies do not count against the quota)."""
        from linebot.v3.messaging import ReplyMessageRequest, TextMessage

        request = ReplyMessageRequest(replyToken=reply_token, messages=[TextMessage(text=text)])
        self._call(self._api.reply_message, request)

    def quota(self) -> Quota:
        quota = self._call(self._api.get_message_quota)
        used = self._call(self._api.get_message_quota_consumption)
        limit = int(quota.value) if quota.type == "limited" and quota.value is not None else None
        return Quota(limit=limit, used=int(used.total_usage or 0))

    def group_summary(self, group_id: str) -> GroupSummary:
        summary = self._call(self._api.get_group_summary, group_id)
        count = self._call(self._api.get_group_member_count, group_id)
        return GroupSummary(name=summary.group_name or "", member_count=int(count.count or 0))

    def leave_group(self, group_id: str) -> None:
        self._call(self._api.leave_group, group_id)


def api_for(access_token: str) -> LineApi:
    if getattr(settings, "OPENITA_LINE_BACKEND", "sdk") == "fake":
        from openita.notifications import fake

        return fake.FakeLineApi(access_token)
    return SdkLineApi(access_token)
