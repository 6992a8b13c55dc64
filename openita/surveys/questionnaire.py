"""The questions of a campaign, read once from its frozen framework version, and the checks on answers.

A `Questionnaire` is plain data (no model instances): one `Page` per indicator, each with the questions a
respondent answers (sub-items, and items without sub-items). A framework version in use is frozen, so a
questionnaire is built once per process and kept (`questionnaire_for`). The same checks serve the web form,
the paper import and the service that stores answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openita.frameworks.models import Instrument, ScaleOption, SurveyItem

from .models import Campaign


def _pick(thai: str, english: str) -> str:
    return english or thai if get_language() == "en" else thai


@dataclass(frozen=True)
class Option:
    code: str
    label_th: str
    label_en: str

    @property
    def label(self) -> str:
        return _pick(self.label_th, self.label_en)


@dataclass(frozen=True)
class Question:
    code: str
    text_th: str
    text_en: str
    options: tuple[Option, ...]
    stem_th: str = ""  # the parent item's text, for a sub-item
    stem_en: str = ""
    parent_code: str = ""

    @property
    def number(self) -> str:
        """What people call the question: ``i3.2`` -> ``3.2``, ``e5`` -> ``5``."""
        return self.code.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    @property
    def text(self) -> str:
        return _pick(self.text_th, self.text_en)

    @property
    def stem(self) -> str:
        return _pick(self.stem_th, self.stem_en)

    @cached_property
    def option_codes(self) -> frozenset[str]:
        return frozenset(option.code for option in self.options)

    def resolve(self, value: object) -> str | None:
        """The option code a written answer stands for: the code itself or a label (Thai or English)."""
        text = str(value if value is not None else "").strip()
        if text in self.option_codes:
            return text
        folded = text.casefold()
        for option in self.options:
            if folded in (
                option.code.casefold(),
                option.label_th.casefold(),
                option.label_en.casefold(),
            ):
                return option.code
        return None


@dataclass(frozen=True)
class Page:
    number: int
    name_th: str
    name_en: str
    questions: tuple[Question, ...]

    @property
    def name(self) -> str:
        return _pick(self.name_th, self.name_en)


@dataclass(frozen=True)
class Questionnaire:
    instrument_code: str
    name_th: str
    name_en: str
    help_th: str
    help_en: str
    pages: tuple[Page, ...]
    by_code: dict[str, Question] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        return _pick(self.name_th, self.name_en)

    @property
    def help(self) -> str:
        return _pick(self.help_th, self.help_en)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """Every answerable item code, in the order of the form (the columns of exports and imports)."""
        return tuple(question.code for page in self.pages for question in page.questions)

    def page(self, number: int) -> Page:
        """The page by its position in the form, from 1."""
        return self.pages[number - 1]

    def problems(
        self, answers: Mapping[str, str], pages: Iterable[Page] | None = None
    ) -> dict[str, str]:
        """A message per question that needs fixing: unanswered, or an answer that is not an option.

        With ``pages``, only their questions are checked; without, every question is, and codes that are
        not questions of this form are reported too.
        """
        problems: dict[str, str] = {}
        for page in self.pages if pages is None else pages:
            for question in page.questions:
                value = answers.get(question.code, "")
                if value == "":
                    problems[question.code] = _(
                        "Question %(number)s has no answer: choose one of the options."
                    ) % {"number": question.number}
                elif value not in question.option_codes:
                    problems[question.code] = _(
                        "Question %(number)s: “%(value)s” is not one of the options."
                    ) % {"number": question.number, "value": value}
        if pages is None:
            for code in answers:
                if code not in self.by_code:
                    problems[code] = _("“%(code)s” is not a question of this survey.") % {
                        "code": code
                    }
        return problems

    def first_page_with_problems(self, answers: Mapping[str, str]) -> int | None:
        for number, page in enumerate(self.pages, start=1):
            if self.problems(answers, [page]):
                return number
        return None


_built: dict[tuple[int, str], Questionnaire] = {}


def questionnaire_for(campaign: Campaign) -> Questionnaire:
    """The campaign's questionnaire, built from its frozen framework version once per process."""
    version = campaign.assessment.framework_version
    key = (campaign.instrument_id, version.content_hash)
    questionnaire = _built.get(key)
    if questionnaire is None:
        questionnaire = build_questionnaire(campaign.instrument)
        if version.is_frozen:
            _built[key] = questionnaire
    return questionnaire


def build_questionnaire(instrument: Instrument) -> Questionnaire:
    items = list(
        SurveyItem.objects.filter(indicator__instrument=instrument)
        .select_related("indicator", "parent")
        .order_by("indicator__number", "position")
    )
    options_by_scale: dict[int, list[ScaleOption]] = {}
    for option in ScaleOption.objects.filter(
        scale_id__in={item.scale_id for item in items}
    ).order_by("scale_id", "position"):
        options_by_scale.setdefault(option.scale_id, []).append(option)
    parents = {item.parent_id for item in items if item.parent_id is not None}
    pages: list[Page] = []
    questions: list[Question] = []
    current = None
    for item in items:
        if current is None or item.indicator_id != current.pk:
            if current is not None:
                pages.append(
                    Page(current.number, current.name_th, current.name_en, tuple(questions))
                )
            current, questions = item.indicator, []
        if item.pk in parents:
            continue
        parent = item.parent
        questions.append(
            Question(
                code=item.code,
                text_th=item.text_th,
                text_en=item.text_en,
                options=tuple(
                    Option(option.code, option.label_th, option.label_en)
                    for option in options_by_scale.get(item.scale_id, [])
                ),
                stem_th=parent.text_th if parent else "",
                stem_en=parent.text_en if parent else "",
                parent_code=parent.code if parent else "",
            )
        )
    if current is not None:
        pages.append(Page(current.number, current.name_th, current.name_en, tuple(questions)))
    questionnaire = Questionnaire(
        instrument_code=instrument.code,
        name_th=instrument.name_th,
        name_en=instrument.name_en,
        help_th=instrument.help_th,
        help_en=instrument.help_en,
        pages=tuple(pages),
    )
    questionnaire.by_code.update(
        (question.code, question) for page in pages for question in page.questions
    )
    return questionnaire
