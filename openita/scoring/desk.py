"""The results entry of the unit menu (openita.accounts.desk)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Area

AREA = Area(
    code="results",
    label=gettext_lazy("Results"),
    position=30,
    url=lambda unit, year: reverse("scoring:unit_result", args=[unit.code, year]),
)


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(AREA)
