"""Who is acting: set by the middleware for requests and by `acting_as` in commands and jobs."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_current_actor: ContextVar[Any] = ContextVar("openita_audit_actor", default=None)
_suspended: ContextVar[bool] = ContextVar("openita_audit_suspended", default=False)


def current_actor() -> Any:
    return _current_actor.get()


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _current_actor.set(user)
    try:
        yield
    finally:
        _current_actor.reset(token)


def is_suspended() -> bool:
    return _suspended.get()


@contextmanager
def auditing_suspended() -> Iterator[None]:
    """For bulk loads that record one summary event themselves (e.g. loading a framework library)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


_in_admin: ContextVar[bool] = ContextVar("openita_audit_in_admin", default=False)


def in_admin() -> bool:
    """Whether the change is made through the Django admin (whose models are audited there too)."""
    return _in_admin.get()


@contextmanager
def admin_request(active: bool = True) -> Iterator[None]:
    token = _in_admin.set(active)
    try:
        yield
    finally:
        _in_admin.reset(token)
