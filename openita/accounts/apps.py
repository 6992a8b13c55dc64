from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openita.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from openita.accounts.models import Membership, User
        from openita.audit.registry import audited

        audited(User, exclude={"session_salt"})
        audited(Membership, unit=lambda membership: membership.unit)
