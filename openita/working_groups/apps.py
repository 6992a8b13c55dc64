from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "openita.working_groups"
    verbose_name = _("Working group and meetings")

    def ready(self) -> None:
        from openita.working_groups.desk import register as register_desk

        register_desk()
        from openita.working_groups.line_notices import register as register_line

        register_line()
        from openita.audit.registry import audited
        from openita.documents.kinds import register
        from openita.oit.assignments import register_item_assignments
        from openita.working_groups.document_kinds import (
            COMMITTEE_ORDER,
            MEETING_MINUTES,
            oit_item_assignments,
        )
        from openita.working_groups.models import (
            AgendaItem,
            AppointmentOrder,
            Assignment,
            ChairOrder,
            Meeting,
            MeetingAttendee,
            WorkingGroupMember,
        )

        register_item_assignments(oit_item_assignments)
        register(COMMITTEE_ORDER)
        register(MEETING_MINUTES)
        audited(AppointmentOrder, unit=lambda order: order.assessment.unit)
        audited(WorkingGroupMember, unit=lambda member: member.order.assessment.unit)
        audited(Meeting, unit=lambda meeting: meeting.assessment.unit)
        audited(MeetingAttendee, unit=lambda attendee: attendee.meeting.assessment.unit)
        audited(AgendaItem, unit=lambda item: item.meeting.assessment.unit)
        audited(ChairOrder, unit=lambda order: order.meeting.assessment.unit)
        audited(Assignment, unit=lambda assignment: assignment.assessment.unit)
