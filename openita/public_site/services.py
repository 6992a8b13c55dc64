"""Writes of the public site: a unit's settings for its public pages."""

from __future__ import annotations

from django.db import transaction

from openita.accounts.authz import AnyUser, Capability, require
from openita.core import publication
from openita.units.models import Unit

from .models import Licence, PublicProfile


@transaction.atomic
def update_settings(
    unit: Unit, actor: AnyUser, *, show_officer_names: bool, licence: str
) -> PublicProfile:
    """The unit admin chooses whether officers' names show and the licence of the open data."""
    require(actor, unit, Capability.MANAGE_UNIT)
    profile = PublicProfile.objects.select_for_update().filter(unit=unit).first()
    if profile is None:
        profile = PublicProfile(unit=unit)
    profile.show_officer_names = show_officer_names
    profile.licence = Licence(licence)
    profile.save()
    publication.changed(unit)
    return profile
