"""Stand-in for the two helpers of openita.core.thai that documents need (same signatures).

Remove this module and import from openita.core.thai once that module is on main.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

_MONTHS = (
    "",
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
_MONTHS_ABBR = (
    "",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def to_thai_digits(value: object) -> str:
    return str(value).translate(_TO_THAI_DIGITS)


def format_thai_date(
    d: date,
    *,
    month: Literal["full", "abbr"] = "full",
    digits: Literal["arabic", "thai"] = "arabic",
    with_era: bool = False,
) -> str:
    name = _MONTHS[d.month] if month == "full" else _MONTHS_ABBR[d.month]
    era = "พ.ศ.\u00a0" if with_era else ""
    shown = f"{d.day} {name} {era}{d.year + 543}"
    return to_thai_digits(shown) if digits == "thai" else shown
