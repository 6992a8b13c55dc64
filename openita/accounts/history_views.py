"""The audit trail of one object: a page of accounts, which may ask `authz` (audit, below it, may not)."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from openita.accounts.authz import Capability, require, require_site_admin
from openita.audit.models import AuditEntry
from openita.audit.registry import is_audited, unit_of


@login_required
def object_history(request: HttpRequest, model_label: str, object_id: str) -> HttpResponse:
    """The audit trail of one object: visible to whoever may see the object's unit."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not is_audited(model):
        raise Http404
    instance = model._default_manager.filter(pk=object_id).first()
    entries = AuditEntry.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=object_id,
    ).for_listing()
    unit = unit_of(instance) if instance is not None else None
    if unit is None:
        first = entries.filter(unit__isnull=False).first()
        unit = first.unit if first is not None else None
    if unit is None:
        require_site_admin(request.user)
    else:
        require(request.user, unit, Capability.VIEW)
    return render(
        request,
        "audit/object_history.html",
        {"entries": entries[:300], "object_label": str(instance) if instance else object_id},
    )
