"""The documents entry of the unit menu (openita.accounts.desk)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Area

AREA = Area(
    code="documents",
    label=gettext_lazy("Documents"),
    position=70,
    url=lambda unit, year: reverse("documents:unit_documents", args=[unit.code, year]),
)


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(AREA)
