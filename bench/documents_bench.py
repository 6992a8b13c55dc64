"""Micro-benchmark: the sample measures plan with 30 plan rows, as PDF (and Word, Excel).

    .venv/bin/python bench/documents_bench.py [--rows 30] [--runs 5]

Prints the one-off cost of loading PyThaiNLP's dictionary, then per format the best and median
of several renders and the process's peak resident memory. Each render gets a document that
differs from the one before (a numbered title) and starts with an empty segmentation cache, so
neither Typst's incremental compilation nor the cache of cut text makes it look faster than a
real request.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed(action: Callable[[int], object], runs: int) -> list[float]:
    from openita.documents.text import break_units

    seconds = []
    for run in range(runs):
        break_units.cache_clear()
        start = time.perf_counter()
        action(run)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    import django

    django.setup()
    import pypdf

    from openita.documents.render import render_docx, render_pdf, render_xlsx
    from openita.documents.samples import measures_plan_sample
    from openita.documents.spec import Document, Metadata, Paragraph, text
    from openita.documents.text import warm_up

    def plan(run: int) -> Document:
        sample = measures_plan_sample(plan_rows=arguments.rows)
        heading = Paragraph(text(f"ฉบับทดสอบที่ {run} {sample.metadata.title}"))
        return Document(
            metadata=Metadata(title=f"{sample.metadata.title} {run}"),
            blocks=(heading, *sample.blocks),
        )

    start = time.perf_counter()
    warm_up()
    report(f"dictionary load (once per process): {time.perf_counter() - start:.2f} s")
    report(f"peak memory after load: {peak_memory_mib():.0f} MiB")

    start = time.perf_counter()
    pdf = render_pdf(plan(-1))
    report(f"first PDF (cold caches): {time.perf_counter() - start:.2f} s")
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    report(f"{arguments.rows}-row plan: {pages} pages, {len(pdf) / 1024:.0f} KiB PDF")
    for name, renderer in (("pdf", render_pdf), ("docx", render_docx), ("xlsx", render_xlsx)):

        def render_once(run: int, renderer: Callable[[Document], bytes] = renderer) -> bytes:
            return renderer(plan(run))

        seconds = timed(render_once, arguments.runs)
        report(
            f"{name:>4}: best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s "
            f"over {arguments.runs} runs; peak memory {peak_memory_mib():.0f} MiB"
        )


if __name__ == "__main__":
    main()
