"""The announcements' place in the unit menu (openita/accounts/desk.py, ADR 0018)."""

from django.utils.translation import gettext_lazy

from openita.accounts import desk


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(
        desk.year_area(
            "announcements", gettext_lazy("Announcements and posters"), 75, "announcements:index"
        )
    )
