"""Ranks as signature blocks write them: the name alone in brackets, the rank written out in full below.

    (ประเสริฐ มั่นคงธรรม)
    พันตำรวจเอก
    ผู้กำกับการสถานีตำรวจภูธรเมืองตาก

Tables write the short form beside the name ("พ.ต.อ.ประเสริฐ มั่นคงธรรม"); signatures never do. A title
(นาย, นาง, นางสาว) is not a rank: it stays in the brackets, before the name. Police and army ranks are
written out; another abbreviation (a navy or air-force rank, whose short forms collide with the army's) is
kept as typed, below the brackets all the same.
"""

from __future__ import annotations

POLICE_RANKS: dict[str, str] = {
    "พล.ต.อ.": "พลตำรวจเอก",
    "พล.ต.ท.": "พลตำรวจโท",
    "พล.ต.ต.": "พลตำรวจตรี",
    "พ.ต.อ.": "พันตำรวจเอก",
    "พ.ต.ท.": "พันตำรวจโท",
    "พ.ต.ต.": "พันตำรวจตรี",
    "ร.ต.อ.": "ร้อยตำรวจเอก",
    "ร.ต.ท.": "ร้อยตำรวจโท",
    "ร.ต.ต.": "ร้อยตำรวจตรี",
    "ด.ต.": "ดาบตำรวจ",
    "จ.ส.ต.": "จ่าสิบตำรวจ",  # also the army's จ่าสิบตรี: openita's units are mostly police
    "ส.ต.อ.": "สิบตำรวจเอก",
    "ส.ต.ท.": "สิบตำรวจโท",
    "ส.ต.ต.": "สิบตำรวจตรี",
    "พลฯ": "พลตำรวจ",
}
ARMY_RANKS: dict[str, str] = {
    "พล.อ.": "พลเอก",
    "พล.ท.": "พลโท",
    "พล.ต.": "พลตรี",
    "พ.อ.": "พันเอก",
    "พ.ท.": "พันโท",
    "พ.ต.": "พันตรี",
    "ร.อ.": "ร้อยเอก",
    "ร.ท.": "ร้อยโท",
    "ร.ต.": "ร้อยตรี",
    "จ.ส.อ.": "จ่าสิบเอก",
    "จ.ส.ท.": "จ่าสิบโท",
    "ส.อ.": "สิบเอก",
    "ส.ท.": "สิบโท",
    "ส.ต.": "สิบตรี",
}
FULL_RANKS: dict[str, str] = {**ARMY_RANKS, **POLICE_RANKS}
TITLES: dict[str, str] = {"นาย": "นาย", "นาง": "นาง", "นางสาว": "นางสาว", "น.ส.": "นางสาว"}
ACTING = "ว่าที่"
WOMAN = "หญิง"


def is_title(rank: str) -> bool:
    """Whether what stands before a name is a title (นาย, นางสาว), not a rank."""
    return " ".join(rank.split()) in TITLES


def title_of(rank: str) -> str:
    return TITLES.get(" ".join(rank.split()), "")


def full_rank(rank: str) -> str:
    """'พ.ต.อ.' → 'พันตำรวจเอก', 'ร.ต.อ.หญิง' → 'ร้อยตำรวจเอกหญิง', 'ว่าที่ ร.ต.' → 'ว่าที่ร้อยตรี'; a rank
    already written out, or one not known, as typed (spaces tidied)."""
    compact = "".join(rank.split())
    acting = compact.startswith(ACTING)
    core = compact.removeprefix(ACTING)
    woman = core.endswith(WOMAN)
    core = core.removesuffix(WOMAN)
    if core not in FULL_RANKS:
        return " ".join(rank.split())
    return f"{ACTING if acting else ''}{FULL_RANKS[core]}{WOMAN if woman else ''}"
