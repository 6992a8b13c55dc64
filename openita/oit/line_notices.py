"""What OIT sends through openita.notifications at once: an item assigned to people, an item sent back to
draft. By LINE to those who linked it, by e-mail to those who chose e-mail (nobody else: the desk shows it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.accounts.models import User
from openita.notifications import registry, services
from openita.oit.models import Disclosure


def _url(disclosure: Disclosure) -> str:
    assessment = disclosure.assessment
    return reverse("oit:item", args=[assessment.unit.code, assessment.fiscal_year, disclosure.code])


def tell_assigned(disclosure: Disclosure, people: Iterable[User]) -> None:
    unit = disclosure.assessment.unit
    services.send(
        "oit",
        unit,
        f"คุณได้รับมอบหมายข้อ OIT {disclosure.code} ของ {unit.name_th}",
        _url(disclosure),
        people=list(people),
        key=f"oit.assigned:{disclosure.pk}:{disclosure.due_date or ''}",
        default_email=False,
    )


def tell_sent_back(disclosure: Disclosure) -> None:
    unit = disclosure.assessment.unit
    services.send(
        "oit",
        unit,
        f"ข้อ OIT {disclosure.code} ของ {unit.name_th} ถูกส่งกลับให้แก้ไข",
        _url(disclosure),
        people=list(disclosure.responsible.all()),
        default_email=False,
    )


def register() -> None:
    registry.register_topic(
        registry.Topic("oit", _("OIT items assigned or sent back"), for_groups=False)
    )
