"""The complaints entry of the unit menu (openita.accounts.desk), shown only to the unit's handlers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from openita.accounts import desk
from openita.complaints.access import is_handler_in


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(
        desk.Area(
            "complaints",
            gettext_lazy("Complaints"),
            90,
            lambda unit, year: reverse("complaints:cases", args=[unit.code]),
            allowed=is_handler_in,
        )
    )
