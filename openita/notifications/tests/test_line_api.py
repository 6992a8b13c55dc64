"""The SDK backend: LINE's answers and errors as openita reads them (the SDK's HTTP calls replaced).

The SDK is imported inside the tests, as openita imports it only when it calls LINE: its generated
models take about 2.5 s to import, which every test process would otherwise pay while collecting."""

import pytest

from openita.notifications.line_api import LineError, LineUnavailable, SdkLineApi, api_for


def raising(status):
    def call(*args, **kwargs):
        from linebot.v3.messaging import ApiException

        raise ApiException(status=status, reason="x")

    return call


def test_the_backend_setting_picks_the_sdk_or_the_fake(settings):
    settings.OPENITA_LINE_BACKEND = "sdk"
    settings.OPENITA_LINE_API_BASE = "http://127.0.0.1:9"
    api = api_for("token")
    assert isinstance(api, SdkLineApi)
    assert api._api.api_client.configuration.host == "http://127.0.0.1:9"
    settings.OPENITA_LINE_BACKEND = "fake"
    assert not isinstance(api_for("token"), SdkLineApi)


def test_quota_and_group_summary_are_read_from_the_sdk(monkeypatch):
    from linebot.v3.messaging import (
        GroupMemberCountResponse,
        GroupSummaryResponse,
        MessageQuotaResponse,
        QuotaConsumptionResponse,
        QuotaType,
    )

    api = SdkLineApi("token")
    monkeypatch.setattr(
        api._api,
        "get_message_quota",
        lambda: MessageQuotaResponse(type=QuotaType.LIMITED, value=500),
    )
    monkeypatch.setattr(
        api._api, "get_message_quota_consumption", lambda: QuotaConsumptionResponse(total_usage=498)
    )
    quota = api.quota()
    assert (quota.limit, quota.used) == (500, 498)
    assert quota.allows(2) and not quota.allows(3)
    monkeypatch.setattr(
        api._api, "get_message_quota", lambda: MessageQuotaResponse(type=QuotaType.NONE)
    )
    assert api.quota().allows(10_000)
    monkeypatch.setattr(
        api._api,
        "get_group_summary",
        lambda group_id: GroupSummaryResponse(groupId=group_id, groupName="คณะทำงาน"),
    )
    monkeypatch.setattr(
        api._api, "get_group_member_count", lambda group_id: GroupMemberCountResponse(count=9)
    )
    assert api.group_summary("C1").member_count == 9


@pytest.mark.parametrize(("status", "error"), [(503, LineUnavailable), (429, LineUnavailable)])
def test_busy_or_down_is_worth_another_try(monkeypatch, status, error):
    api = SdkLineApi("token")
    monkeypatch.setattr(api._api, "push_message", raising(status))
    with pytest.raises(error):
        api.push_text("U1", "ข้อความ")


def test_a_refusal_is_not(monkeypatch):
    api = SdkLineApi("token")
    monkeypatch.setattr(api._api, "push_message", raising(401))
    with pytest.raises(LineError) as refused:
        api.push_text("U1", "ข้อความ")
    assert not isinstance(refused.value, LineUnavailable)


def test_a_reply_is_sent_through_the_sdk(monkeypatch):
    api = SdkLineApi("token")
    sent: list = []
    monkeypatch.setattr(api._api, "reply_message", sent.append)
    api.reply_text("reply-token", "ข้อความ")
    assert sent[0].reply_token == "reply-token"
    assert sent[0].messages[0].text == "ข้อความ"
