from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "openita.complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from openita.accounts.signals import password_changed
        from openita.audit.registry import audited
        from openita.complaints import desk, document_kinds, line_notices, receivers
        from openita.complaints.models import EscrowKey, SubState, UnitComplaintSettings

        # Cases are NOT registered: an entry for their creation would keep the exact time of sending. Every
        # handler's view, export and change of a case is recorded as a named event by the services instead.
        audited(UnitComplaintSettings, unit=lambda row: row.unit)
        audited(SubState, unit=lambda row: row.unit)
        audited(EscrowKey, unit=lambda row: row.unit, exclude={"public_key"})
        user_logged_in.connect(receivers.make_key_at_login, dispatch_uid="complaints-login-key")
        password_changed.connect(
            receivers.rewrap_at_password_change, dispatch_uid="complaints-rewrap"
        )
        document_kinds.register_kinds()
        desk.register()
        line_notices.register()
