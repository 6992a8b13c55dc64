"""The anonymity threshold: the one source of the smallest group whose answers or scores are shown apart.

Read from the setting OPENITA_SURVEY_MIN_GROUP_SIZE (5 by default; the ITA framework sets no such number).
Surveys (tallies by quota group, exports) and scoring (line-of-work scores, stored and shown) both ask here,
so raising the setting protects every place at once.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_MIN_GROUP_SIZE = 5


def min_group_size() -> int:
    """The fewest answers a group needs before its answers or scores are shown or exported (at least 1)."""
    return max(1, int(getattr(settings, "OPENITA_SURVEY_MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE)))
