"""The documents' background tasks (found by openita.tasks at start-up): see services.make_batch."""

from openita.documents.services import make_batch

__all__ = ["make_batch"]
