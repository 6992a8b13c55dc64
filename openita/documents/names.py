"""People's names and typed text as documents write them: shared by every app that builds a document."""

from openita.core.thai import to_arabic_digits
from openita.documents.spec import Signer


def typed(value: str) -> str:
    """Text as a person typed it, with Thai digits turned into 0-9 (the document shows its own)."""
    return to_arabic_digits(value.strip())


def person_name(rank: str, name: str) -> str:
    """'พ.ต.อ.ประเสริฐ มั่นคงธรรม' (abbreviated ranks join the name), as signature blocks write it."""
    return Signer(typed(name), rank=typed(rank)).display_name
