"""`{% document_menu unit fiscal_year "measures-plan" period="h1" %}`: a download button with one entry per format."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.documents import kinds

register = template.Library()

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)"}


def document_links(
    unit: Any, fiscal_year: int, kind_code: str, **options: Any
) -> list[dict[str, str]]:
    kind = kinds.get_kind(kind_code)
    query = {name: value for name, value in options.items() if value not in (None, "")}
    suffix = "?" + urlencode(query) if query else ""
    return [
        {
            "name": FORMAT_NAMES[file_format],
            "format": file_format,
            "url": reverse(
                "documents:download",
                kwargs={
                    "unit_code": unit.code,
                    "fiscal_year": fiscal_year,
                    "kind_code": kind.code,
                    "file_format": file_format,
                },
            )
            + suffix,
        }
        for file_format in kind.formats
    ]


@register.inclusion_tag("documents/_menu.html")
def document_menu(
    unit: Any, fiscal_year: int, kind_code: str, label: str = "", **options: Any
) -> dict[str, Any]:
    kind = kinds.get_kind(kind_code)
    return {
        "label": label or _("Download: %(document)s") % {"document": kind.label},
        "links": document_links(unit, fiscal_year, kind_code, **options),
    }


@register.inclusion_tag("documents/_unit_batches_card.html", takes_context=True)
def document_batches_card(context: template.Context, unit: Any) -> dict[str, Any]:
    """On a unit's page: the form that makes one kind of document for every unit below it, and the last
    batches. Shown to people who may see every unit below (services.may_see_batches) when there are any."""
    from openita.core.years import working_fiscal_year
    from openita.documents import services
    from openita.documents.forms import BatchForm
    from openita.documents.models import DocumentBatch
    from openita.units.models import Unit

    request = context["request"]
    if not services.may_see_batches(request.user, unit):
        return {"show": False}
    units_below = Unit.objects.subtree_of(unit).active().exclude(pk=unit.pk).count()
    if not units_below:
        return {"show": False}
    offered = [
        kind for kind in kinds.all_kinds() if services.may_start_batch(request.user, unit, kind)
    ]
    return {
        "show": True,
        "unit": unit,
        "units_below": units_below,
        "form": BatchForm(
            kinds_offered=offered,
            initial={
                "fiscal_year": context.get("nav_fiscal_year") or working_fiscal_year(request),
                "file_format": "pdf",
            },
        ),
        "batches": DocumentBatch.objects.filter(parent=unit).order_by("-created_at", "-pk")[:3],
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
