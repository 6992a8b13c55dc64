"""Descriptions of the schema in both languages: English first, then Thai (one text, as OpenAPI has one)."""


def doc(english: str, thai: str) -> str:
    return f"{english}\n\n{thai}"
