"""The working-group entry of the unit menu (openita.accounts.desk)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.accounts.desk import Area

AREA = Area(
    code="working_group",
    label=gettext_lazy("Working group"),
    position=50,
    url=lambda unit, year: reverse("working_groups:overview", args=[unit.code, year]),
)


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(AREA)
