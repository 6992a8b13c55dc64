"""Thai calendar and numbers (placeholder; the full module lands with the Thai utilities branch)."""

from datetime import date


def fiscal_year_of(d: date) -> int:
    return d.year + 543 + (1 if d.month >= 10 else 0)
