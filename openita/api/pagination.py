"""Cursor pagination: stable pages however the data changes between requests (no offsets)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = (
        "id"  # the primary key: unique and never changing, so a page never skips or repeats a row
    )
