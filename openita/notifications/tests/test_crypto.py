"""The channel's secret and token: encrypted with OPENITA_NOTIFICATIONS_KEY, unreadable after a key change."""

from openita.notifications import crypto


def test_a_configured_key_encrypts_and_another_cannot_read_it(settings):
    settings.OPENITA_NOTIFICATIONS_KEY = "one key"
    sealed = crypto.encrypt("token")
    assert sealed != "token" and crypto.decrypt(sealed) == "token"
    settings.OPENITA_NOTIFICATIONS_KEY = "another key"
    assert crypto.decrypt(sealed) == ""
    assert crypto.decrypt("") == ""
