"""``openita score``: compute and store results from the registered scoring inputs.

openita score --unit CODE --year 2568 [--json]     one unit: compute, store, print the full result
openita score --all --year 2568                    every assessment of the year, with a progress bar
openita score --under CODE --year 2568             every assessment in a unit's subtree
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openita.frameworks.models import Assessment
from openita.units.models import Unit

from ...engine import Result
from ...inputs import registered_inputs
from ...services import assessments_of_year, recompute, score_assessment
from ...store import store_results


class ProgressBar:
    """A one-line progress bar on a terminal; a line every tenth of the way elsewhere."""

    def __init__(self, total: int, stream: TextIO, width: int = 40) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.done = 0
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_tenth = -1

    def advance(self, count: int) -> None:
        self.done += count
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.width)
        elapsed = time.monotonic() - self.started
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} units · {elapsed:.1f} s"
        )
        if self.tty:
            self.stream.write(f"\r{line}")
            if self.done >= self.total:
                self.stream.write("\n")
        elif int(share * 10) != self.last_tenth:
            self.last_tenth = int(share * 10)
            self.stream.write(line + "\n")
        self.stream.flush()


def _text(value: Any) -> str:
    return "—" if value is None else str(value)


class Command(BaseCommand):
    help = "Compute and store ITA results (one unit, a subtree, or every unit) for a fiscal year."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", metavar="CODE", help="One unit: print its full result.")
        which.add_argument("--under", metavar="CODE", help="Every unit in this unit's subtree.")
        which.add_argument("--all", action="store_true", help="Every unit with an assessment.")
        parser.add_argument("--year", type=int, required=True, help="Fiscal year (BE), e.g. 2568.")
        parser.add_argument("--json", action="store_true", help="With --unit: print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if options["unit"]:
            self.score_one(options["unit"], year, as_json=options["json"])
            return
        units = None
        if options["under"]:
            root = Unit.objects.filter(code=options["under"]).first()
            if root is None:
                raise CommandError(f"no unit {options['under']}")
            units = list(Unit.objects.subtree_of(root))
        assessments = assessments_of_year(year, units)
        if not assessments:
            self.stdout.write(f"No assessments for fiscal year {year}: nothing to score.")
            return
        bar = ProgressBar(len(assessments), getattr(self.stderr, "_out", sys.stderr))
        started = time.monotonic()
        report = recompute(assessments, registered_inputs(), progress=bar.advance)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Scored {report.computed} of {len(assessments)} units for {year} in {elapsed:.1f} s."
        )
        for unit_code, message in report.failures:
            self.stderr.write(f"{unit_code}: {message}")
        if report.failures:
            raise CommandError(f"{len(report.failures)} units could not be scored")

    def score_one(self, code: str, year: int, *, as_json: bool) -> None:
        assessment = (
            Assessment.objects.filter(unit__code=code, fiscal_year=year)
            .select_related("unit", "framework_version")
            .first()
        )
        if assessment is None:
            if not Unit.objects.filter(code=code).exists():
                raise CommandError(f"no unit {code}")
            raise CommandError(f"{code} has no assessment for fiscal year {year}: nothing to score")
        inputs = registered_inputs()
        batch = [assessment]
        try:
            scored = score_assessment(
                assessment,
                inputs.survey_tallies(batch).get(assessment.pk, {}),
                inputs.oit_scores(batch).get(assessment.pk, {}),
                inputs.line_tallies(batch).get(assessment.pk),
            )
        except ValueError as error:
            raise CommandError(f"{code}: {error}") from error
        stored = store_results([scored])[0]
        if as_json:
            data = {
                "unit": code,
                "fiscal_year": year,
                **scored.result.to_json(),
                "rating_name": {"th": stored.rating_name_th, "en": stored.rating_name_en},
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.write_text(assessment, scored.result, stored.rating_name_th)

    def write_text(self, assessment: Assessment, result: Result, rating_name: str) -> None:
        out = self.stdout
        out.write(f"{assessment.unit.code} {assessment.unit.name_th} · {assessment.fiscal_year}")
        out.write(f"framework {result.framework}")
        passed = {True: "passed", False: "not passed", None: "—"}[result.passed]
        out.write(
            f"total {_text(result.total)} · grade {_text(result.grade)} · "
            f"{rating_name or '—'} · {passed}" + ("" if result.complete else " · incomplete")
        )
        for instrument in result.instruments:
            respondents = (
                "" if instrument.respondents is None else f" ({instrument.respondents} respondents)"
            )
            out.write(
                f"  {instrument.code:<4} {_text(instrument.score):>7}  weight "
                f"{instrument.weight}{respondents}"
            )
        out.write("indicators")
        for indicator in result.indicators:
            out.write(
                f"  {indicator.number:>3} {indicator.instrument:<4} {_text(indicator.score):>7}"
            )
        out.write("items")
        for item in result.items:
            indent = "    " if item.parent_code else "  "
            extra = ""
            if item.distribution:
                extra = "  " + " ".join(f"{k}:{v}" for k, v in item.distribution.items())
            elif item.elements_met is not None:
                extra = f"  {item.elements_met}/{item.elements_total} elements"
            out.write(f"{indent}{item.code:<8} {_text(item.score):>7}{extra}")
