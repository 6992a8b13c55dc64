"""The documents entry of the unit menu (openita.accounts.desk)."""

from django.utils.translation import gettext_lazy

from openita.accounts import desk


def register() -> None:
    """Called from the app's ready()."""
    desk.register_area(
        desk.year_area("documents", gettext_lazy("Documents"), 70, "documents:unit_documents")
    )
