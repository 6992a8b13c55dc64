"""Who the working group made responsible for each OIT item, and by when: the OIT assignment table shows it
where the item's own page names nobody or no date.

OIT (layer 5) does not read the working group's tables (layer 6): the working_groups app registers the
provider when it starts (`register_item_assignments`); without it the table shows only the OIT pages' data.
"""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openita.frameworks.models import Assessment

# Item code (upper case) -> (the responsible people and lines as documents write them, the earliest due date).
ItemAssignments = dict[str, tuple[tuple[str, ...], date | None]]
_provider: "Callable[[Assessment], ItemAssignments] | None" = None


def register_item_assignments(provider: "Callable[[Assessment], ItemAssignments]") -> None:
    global _provider
    _provider = provider


def item_assignments(assessment: "Assessment") -> ItemAssignments:
    return _provider(assessment) if _provider is not None else {}
