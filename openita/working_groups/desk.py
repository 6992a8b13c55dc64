"""The working-group entry of the unit menu (openita.accounts.desk)."""

from django.utils.translation import gettext_lazy

from openita.accounts import desk


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(
        desk.year_area(
            "working_group", gettext_lazy("Working group"), 50, "working_groups:overview"
        )
    )
