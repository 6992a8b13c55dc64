"""The demo's public site: whatever years the demo units have, their closed years show released results.

The OIT, measures and scoring demos already go through the approval services, so every item a head approved
and every approved plan is public. Here the OIT scores of each closed year (every item scored) are released
by an assessor of the unit, through the OIT services, and the public pages are told that the units' data
changed. Years are read from the data (the demo is rewritten relative to today), never named here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openita.accounts.authz import Capability, capabilities_in
from openita.accounts.models import Membership, User
from openita.core import publication
from openita.core.thai import fiscal_year_of
from openita.frameworks.models import Assessment
from openita.oit import services as oit
from openita.oit.models import SCORED_STATUSES, Disclosure


def _assessor_for(assessment: Assessment) -> User | None:
    people = User.objects.filter(
        pk__in=Membership.objects.values("user_id"), is_active=True
    ).order_by("pk")
    for person in people:
        if Capability.ASSESS in capabilities_in(person, assessment.unit):
            return person
    return None


@transaction.atomic
def publish_demo_units(unit_codes: list[str] | None = None) -> int:
    """Release the OIT scores of the demo units' closed years; returns how many years were released."""
    this_year = fiscal_year_of(timezone.localdate())
    assessments = Assessment.objects.filter(fiscal_year__lt=this_year).select_related("unit")
    if unit_codes is not None:
        assessments = assessments.filter(unit__code__in=unit_codes)
    released = 0
    for assessment in assessments:
        items = Disclosure.objects.filter(assessment=assessment)
        if not items.exists() or items.exclude(status__in=SCORED_STATUSES).exists():
            continue
        if oit.deadlines_of(assessment).scores_released:
            continue
        assessor = _assessor_for(assessment)
        if assessor is None:
            continue
        oit.release_scores(assessment, assessor)
        released += 1
    for unit_id in set(assessments.values_list("unit_id", flat=True)):
        publication.changed(unit_id)
    return released
