from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "openita.participation"
    verbose_name = _("Questions and participation")

    def ready(self) -> None:
        from openita.audit.registry import audited
        from openita.participation import desk, document_kinds
        from openita.participation.models import (
            ParticipantGroup,
            ParticipationRecord,
            QASettings,
            RecordPhoto,
        )

        # Posts are NOT registered: an entry for their creation would keep the exact time of sending. Every
        # staff action on a post is recorded as a named event by the services instead.
        audited(QASettings, unit=lambda row: row.unit)
        audited(ParticipationRecord, unit=lambda row: row.unit)
        audited(ParticipantGroup, unit=lambda row: row.record.unit)
        audited(RecordPhoto, unit=lambda row: row.record.unit, exclude={"stored_name"})
        document_kinds.register_kinds()
        desk.register()
