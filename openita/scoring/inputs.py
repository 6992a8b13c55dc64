"""Where the scoring inputs of an assessment come from: a small provider interface.

The engine takes plain data (`SurveyTallies`, `OitScores`). The surveys app knows the answers and the OIT
app the item scores; each registers a *source* here (in its AppConfig.ready), and scoring asks the
registered sources for a batch of assessments at a time:

    from openita.scoring.inputs import register_survey_tallies
    register_survey_tallies(tallies_for_assessments)   # (assessments) -> {assessment id: tallies}

Until a source is registered, its part is empty (no answers, no OIT scores): results then show no
scores for it, and no total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from openita.frameworks.models import Assessment

from .engine import OitScores, SurveyTallies

SurveyTalliesSource = Callable[[Sequence[Assessment]], Mapping[int, SurveyTallies]]
OitScoresSource = Callable[[Sequence[Assessment]], Mapping[int, OitScores]]
# assessment id → line code → tallies of that line's respondents
LineTalliesSource = Callable[[Sequence[Assessment]], Mapping[int, Mapping[str, SurveyTallies]]]


class ScoringInputs(Protocol):
    """What scoring needs for a batch of assessments, keyed by assessment id (missing = nothing yet)."""

    def survey_tallies(self, assessments: Sequence[Assessment]) -> Mapping[int, SurveyTallies]: ...

    def oit_scores(self, assessments: Sequence[Assessment]) -> Mapping[int, OitScores]: ...

    def line_tallies(
        self, assessments: Sequence[Assessment]
    ) -> Mapping[int, Mapping[str, SurveyTallies]]: ...


@dataclass
class SourcedInputs:
    """Inputs from one source per part; a part without a source is empty."""

    surveys: SurveyTalliesSource | None = None
    oit: OitScoresSource | None = None
    lines: LineTalliesSource | None = None

    def survey_tallies(self, assessments: Sequence[Assessment]) -> Mapping[int, SurveyTallies]:
        return self.surveys(assessments) if self.surveys else {}

    def oit_scores(self, assessments: Sequence[Assessment]) -> Mapping[int, OitScores]:
        return self.oit(assessments) if self.oit else {}

    def line_tallies(
        self, assessments: Sequence[Assessment]
    ) -> Mapping[int, Mapping[str, SurveyTallies]]:
        return self.lines(assessments) if self.lines else {}


@dataclass(frozen=True)
class FixedInputs:
    """Inputs given as data, for tests, the demo and imports: assessment id → tallies / OIT scores."""

    tallies: Mapping[int, SurveyTallies]
    oit: Mapping[int, OitScores]
    lines: Mapping[int, Mapping[str, SurveyTallies]] | None = None

    def survey_tallies(self, assessments: Sequence[Assessment]) -> Mapping[int, SurveyTallies]:
        return {a.pk: self.tallies[a.pk] for a in assessments if a.pk in self.tallies}

    def oit_scores(self, assessments: Sequence[Assessment]) -> Mapping[int, OitScores]:
        return {a.pk: self.oit[a.pk] for a in assessments if a.pk in self.oit}

    def line_tallies(
        self, assessments: Sequence[Assessment]
    ) -> Mapping[int, Mapping[str, SurveyTallies]]:
        lines = self.lines or {}
        return {a.pk: lines[a.pk] for a in assessments if a.pk in lines}


_registered = SourcedInputs()
_override: ScoringInputs | None = None


def register_survey_tallies(source: SurveyTalliesSource) -> None:
    _registered.surveys = source


def register_oit_scores(source: OitScoresSource) -> None:
    _registered.oit = source


def register_line_tallies(source: LineTalliesSource) -> None:
    _registered.lines = source


def registered_inputs() -> ScoringInputs:
    """The inputs scoring uses: the registered sources (or what `using_inputs` put in their place)."""
    return _override if _override is not None else _registered


@contextmanager
def using_inputs(inputs: ScoringInputs) -> Iterator[None]:
    """Use other inputs for a while (tests, the demo)."""
    global _override
    previous = _override
    _override = inputs
    try:
        yield
    finally:
        _override = previous
