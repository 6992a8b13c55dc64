"""Where a benchmark's figures go in docs/benchmarks.md: under its own section, newest run first."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def record_run(section: str, lines: list[str], path: Path = BENCHMARKS) -> None:
    """Put a run (Markdown ``lines``, starting with its ``###`` heading) in the ``## ...`` section whose
    heading starts with ``section``: after the section's introduction, before its earlier runs. A section
    that is not there yet is added at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    run = "\n".join(lines).strip("\n") + "\n\n"
    start = text.find("\n" + section)
    if start < 0:
        path.write_text(f"{text.rstrip()}\n\n{section}\n\n{run}", encoding="utf-8")
        return
    body = start + 1 + len(section)
    ends = [text.find(marker, body) for marker in ("\n### ", "\n## ")]
    found = [end for end in ends if end >= 0]
    at = min(found) + 1 if found else len(text)
    before = text[:at].rstrip("\n") + "\n\n"
    path.write_text(before + run + text[at:].lstrip("\n"), encoding="utf-8")
