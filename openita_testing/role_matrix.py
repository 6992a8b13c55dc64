"""The role matrix: every view × every persona.

Each app lists its views in `openita/<app>/tests/role_matrix.py` as `CASES = [Case(...), ...]` (and may add
public names to `NOT_IN_MATRIX`, and to `SHARED` functions of the world that make, once for the whole matrix,
what no case changes and every case may read); `openita/accounts/tests/test_role_matrix.py` collects them all and fails when a
named URL is in no app's list. Outsiders get 404, read-only roles get 403 on writes, anonymous people are sent to
the log-in page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openita.conftest import PERSONAS, World

OK, FORBIDDEN, MISSING, LOGIN = 200, 403, 404, 302

# Names that are not behind the unit/role rules: public pages, Django's own machinery.
NOT_IN_MATRIX_BASE = {
    "core:home",
    "core:health",
    "core:select_fiscal_year",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:password_change",
    "accounts:password_change_done",
}


@dataclass
class Case:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    get: dict[str, int] = field(default_factory=dict)
    post: dict[str, int] | None = None  # None: the view is read-only
    writers: tuple[str, ...] = ("unit_admin", "parent_admin", "superuser")
    post_data: Callable[[World], dict[str, Any]] = lambda world: {}


def everyone(status: int, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(PERSONAS, status)
    statuses["anonymous"] = LOGIN
    statuses.update(overrides)
    return statuses


STATION_MEMBERS = ("officer", "committee", "executive", "unit_admin")
station_viewers = dict.fromkeys((*STATION_MEMBERS, "parent_admin", "oversight", "assessor"), OK)
station_managers = {"unit_admin": OK, "parent_admin": OK, "superuser": OK}
station_read_only = dict.fromkeys(
    ("officer", "committee", "executive", "oversight", "assessor"), FORBIDDEN
)

# A station manager's form: the managers open it and send it, the station's other members and the oversight
# roles are refused (403), everyone else finds nothing (404).
station_form = everyone(MISSING, **station_read_only, **station_managers)
station_form_refused = everyone(MISSING, **station_read_only)


def managed(
    name: str,
    kwargs: Callable[[World], dict[str, Any]],
    post_data: Callable[[World], dict[str, Any]] = lambda world: {},
) -> Case:
    """The case of a station manager's form (`station_form`, its refused writes `station_form_refused`)."""
    return Case(name, kwargs, get=station_form, post=station_form_refused, post_data=post_data)
