from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openita.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from openita.accounts import middleware  # noqa: F401  (connects the log-in stamp)
        from openita.accounts.models import Membership, User
        from openita.audit.registry import audited

        audited(User, exclude={"session_salt"})
        # A device's creation, confirmation and removal are recorded; never its secret or its counters.
        device_state = {"key", "drift", "last_t", "last_used_at", "throttling_failure_count"}
        device_state |= {"throttling_failure_timestamp"}
        audited(TOTPDevice, exclude=device_state)
        audited(StaticDevice, exclude=device_state)
        audited(Membership, unit=lambda membership: membership.unit)
