"""Writes on framework versions and assessments. Every function runs in one transaction.

Versioning rules (docs/frameworks.md, "Versions"):

- a library loads as a *published* version; a clone or a new version starts as a *draft*;
- only drafts are edited, and every edit is checked against the whole library (the same validator as
  files), so a draft is always loadable and exportable;
- the first assessment that uses a version *freezes* it: it never changes again, a new version is made
  instead (``new_version_for_editing``);
- loading a library again is idempotent: same content, nothing happens; changed content replaces a
  published version that no assessment uses yet, and is refused for a frozen version or a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.audit.context import auditing_suspended
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.units.models import Unit, UnitType

from .compare import similarity
from .export import version_library
from .item_import import ItemRow
from .library import canonical_library, content_hash, display_name, read_library
from .models import (
    Assessment,
    FrameworkVersion,
    GradeBand,
    Indicator,
    Instrument,
    OitElement,
    OitItem,
    RatingLevel,
    SampleQuota,
    SampleRule,
    Scale,
    ScaleOption,
    SubIndicator,
    SurveyItem,
    VersionStatus,
)
from .purposes import purpose_codes
from .validation import Problem, errors_of, validate_library_data

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
KEPT_FROZEN = "kept_frozen"
KEPT_DRAFT = "kept_draft"
ANNOTATED = "annotated"

# Keys that say where a part comes from, what it is for and how it is published, not how a unit is assessed
# or scored: a frozen version takes new values of these from its library (ADR 0008; `monthly`: ADR 0022).
ANNOTATION_KEYS = frozenset({"source", "confidence", "purposes", "monthly"})
INVALID = "invalid"


class NoFrameworkVersion(Exception):
    """No published framework covers this unit type in or before this fiscal year."""


class ProvisionalFrameworkNeeded(NoFrameworkVersion):
    """No published framework of this fiscal year covers the unit type: the latest earlier one
    (``candidate``) may be used provisionally, only when a person chooses so (ADR 0016)."""

    def __init__(self, fiscal_year: int, candidate: FrameworkVersion) -> None:
        self.fiscal_year = fiscal_year
        self.candidate = candidate
        super().__init__(
            _(
                "No framework of fiscal year %(year)s is published yet. Open the year with the latest "
                "published framework (%(label)s) as a provisional framework, or wait for the framework "
                "of the year."
            )
            % {"year": fiscal_year, "label": candidate.label}
        )


class FrameworkNotEditable(ValidationError):
    pass


class LibraryProblems(ValidationError):
    """The library (or the draft after an edit) has errors; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([f"{problem.field}: {problem.message}" for problem in self.problems])


@dataclass
class LoadOutcome:
    """What loading one library did."""

    name: str
    status: str
    version: FrameworkVersion | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != INVALID


def known_unit_types() -> list[str]:
    return list(UnitType.values)


# ---------------------------------------------------------------------------------------------
# Loading


def load_library_file(path: Path) -> LoadOutcome:
    """Read, check and load one library file (idempotent; see the module docstring)."""
    library = read_library(path, known_unit_types=known_unit_types())
    name = display_name(path)
    if not library.is_valid:
        return LoadOutcome(name, INVALID, None, library.problems)
    outcome = load_library(canonical_library(library.data), loaded_from=name)
    outcome.problems = library.problems
    return outcome


@transaction.atomic
def load_library(library: dict[str, Any], *, loaded_from: str = "") -> LoadOutcome:
    """Store a *valid canonical* library as a published version, or update or keep the stored one."""
    digest = content_hash(library)
    label = f"{library['urn']}@{library['version']}"
    existing = (
        FrameworkVersion.objects.select_for_update()
        .filter(urn=library["urn"], version=library["version"])
        .first()
    )
    if existing is not None:
        if existing.content_hash == digest:
            return LoadOutcome(label, UNCHANGED, existing)
        if existing.status == VersionStatus.FROZEN:
            if without_annotations(version_library(existing)) != without_annotations(library):
                return LoadOutcome(label, KEPT_FROZEN, existing)
            with auditing_suspended():
                _refresh_annotations(existing, library)
                existing.content_hash = digest
                existing.save(
                    update_fields=[
                        "content_hash",
                        "source",
                        "confidence",
                        "scoring_source",
                        "scoring_confidence",
                        "updated_at",
                    ]
                )
            record(existing, AuditAction.EVENT, message=f"Sources and purposes from {loaded_from}")
            return LoadOutcome(label, ANNOTATED, existing)
        if existing.status == VersionStatus.DRAFT:
            return LoadOutcome(label, KEPT_DRAFT, existing)
        with auditing_suspended():
            _delete_tree(existing)
            _set_version_fields(existing, library)
            existing.content_hash = digest
            existing.loaded_from = loaded_from
            existing.save()
            _create_tree(existing, library)
        record(existing, AuditAction.EVENT, message=f"Reloaded from {loaded_from or 'data'}")
        return LoadOutcome(label, UPDATED, existing)
    version = FrameworkVersion(
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
        content_hash=digest,
        loaded_from=loaded_from,
    )
    with auditing_suspended():
        _set_version_fields(version, library)
        version.save()
        _create_tree(version, library)
    record(version, AuditAction.EVENT, message=f"Loaded from {loaded_from or 'data'}")
    return LoadOutcome(label, CREATED, version)


def without_annotations(value: Any) -> Any:
    """A canonical library without its annotations (sources, confidence, purposes)."""
    if isinstance(value, dict):
        return {k: without_annotations(v) for k, v in value.items() if k not in ANNOTATION_KEYS}
    if isinstance(value, list):
        return [without_annotations(entry) for entry in value]
    return value


def _annotate(objects: Sequence[Any], nodes: dict[Any, dict[str, Any]], key: Any) -> None:
    """Copy source, confidence (and purposes, for OIT items) from the matching library nodes."""
    changed = []
    fields = ["source", "confidence"]
    for obj in objects:
        node = nodes.get(key(obj))
        if node is None:
            continue
        values: dict[str, Any] = _provenance(node)
        if isinstance(obj, OitItem):
            values["purposes"] = list(node.get("purposes", []))
            values["monthly"] = dict(node.get("monthly", {}))
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    if changed:
        type(changed[0]).objects.bulk_update(
            changed, fields + (["purposes", "monthly"] if isinstance(changed[0], OitItem) else [])
        )


def _refresh_annotations(version: FrameworkVersion, library: dict[str, Any]) -> None:
    """Give a stored version the sources, confidence and purposes of ``library`` (same content
    otherwise): every part is found by its code."""
    version.source = library.get("source", "")
    version.confidence = library.get("confidence", "")
    version.scoring_source = library["scoring"].get("source", "")
    version.scoring_confidence = library["scoring"].get("confidence", "")
    code = attrgetter("code")
    by_code = lambda nodes: {node["code"]: node for node in nodes}  # noqa: E731
    _annotate(list(version.instruments.all()), by_code(library["instruments"]), code)
    _annotate(
        list(version.indicators.all()),
        {node["number"]: node for node in library["indicators"]},
        attrgetter("number"),
    )
    _annotate(list(version.sub_indicators.all()), by_code(library.get("sub_indicators", [])), code)
    _annotate(list(version.scales.all()), by_code(library["scales"]), code)
    survey_nodes = by_code(library["survey_items"])
    for node in library["survey_items"]:
        survey_nodes.update(by_code(node.get("sub_items", [])))
    _annotate(list(version.survey_items.all()), survey_nodes, code)
    _annotate(list(version.oit_items.all()), by_code(library["oit_items"]), code)
    element_nodes = {
        (item["code"], element.get("code", str(position))): element
        for item in library["oit_items"]
        for position, element in enumerate(item.get("elements", []), start=1)
    }
    _annotate(
        list(OitElement.objects.filter(item__version=version).select_related("item")),
        element_nodes,
        lambda element: (element.item.code, element.code),
    )
    _annotate(list(version.grade_bands.all()), by_code(library["grade_bands"]), code)
    _annotate(list(version.rating_levels.all()), by_code(library["rating_levels"]), code)
    rules = library.get("sample_rules", [])
    _annotate(list(version.sample_rules.all()), by_code(rules), code)
    _annotate(
        list(SampleQuota.objects.filter(rule__version=version).select_related("rule")),
        {
            (rule["code"], quota["code"]): quota
            for rule in rules
            for quota in rule.get("quotas", [])
        },
        lambda quota: (quota.rule.code, quota.code),
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _set_version_fields(version: FrameworkVersion, library: dict[str, Any]) -> None:
    version.urn = library["urn"]
    version.version = library["version"]
    version.fiscal_year = library["fiscal_year"]
    version.unit_types = list(library["unit_types"])
    version.name_th = library["name"]["th"]
    version.name_en = library["name"]["en"]
    description = library.get("description") or {"th": "", "en": ""}
    version.description_th = description["th"]
    version.description_en = description["en"]
    version.source = library.get("source", "")
    version.confidence = library.get("confidence", "")
    scoring = library["scoring"]
    version.pass_threshold = Decimal(str(scoring["pass_threshold"]))
    version.indicator_benchmark = Decimal(str(scoring["indicator_benchmark"]))
    version.oit_scoring_mode = scoring["oit_scoring"]
    version.rollup = dict(scoring["rollup"])
    version.scoring_source = scoring.get("source", "")
    version.scoring_confidence = scoring.get("confidence", "")


def _provenance(node: dict[str, Any]) -> dict[str, str]:
    return {"source": node.get("source", ""), "confidence": node.get("confidence", "")}


def _texts(node: dict[str, Any], key: str, column: str) -> dict[str, str]:
    text = node.get(key) or {"th": "", "en": ""}
    return {f"{column}_th": text["th"], f"{column}_en": text["en"]}


def _delete_tree(version: FrameworkVersion) -> None:
    version.survey_items.all().delete()
    version.oit_items.all().delete()
    version.sample_rules.all().delete()
    version.sub_indicators.all().delete()
    version.indicators.all().delete()
    version.instruments.all().delete()
    version.scales.all().delete()
    version.grade_bands.all().delete()
    version.rating_levels.all().delete()


def _create_tree(version: FrameworkVersion, library: dict[str, Any]) -> None:
    """Create every part of a canonical library under ``version`` (bulk inserts, few queries)."""
    instruments = Instrument.objects.bulk_create(
        Instrument(
            version=version,
            position=position,
            code=node["code"],
            kind=node["kind"],
            weight=Decimal(str(node["weight"])),
            **_texts(node, "name", "name"),
            **_texts(node, "help", "help"),
            **_provenance(node),
        )
        for position, node in enumerate(library["instruments"])
    )
    instrument_by_code = {instrument.code: instrument for instrument in instruments}
    indicators = Indicator.objects.bulk_create(
        Indicator(
            version=version,
            position=position,
            instrument=instrument_by_code[node["instrument"]],
            number=node["number"],
            **_texts(node, "name", "name"),
            **_texts(node, "help", "help"),
            **_provenance(node),
        )
        for position, node in enumerate(library["indicators"])
    )
    indicator_by_number = {indicator.number: indicator for indicator in indicators}
    sub_indicators = SubIndicator.objects.bulk_create(
        SubIndicator(
            version=version,
            position=position,
            indicator=indicator_by_number[node["indicator"]],
            code=node["code"],
            **_texts(node, "name", "name"),
            **_texts(node, "help", "help"),
            **_provenance(node),
        )
        for position, node in enumerate(library.get("sub_indicators", []))
    )
    sub_indicator_by_code = {sub.code: sub for sub in sub_indicators}
    scales = Scale.objects.bulk_create(
        Scale(
            version=version,
            position=position,
            code=node["code"],
            **_texts(node, "name", "name"),
            **_provenance(node),
        )
        for position, node in enumerate(library["scales"])
    )
    scale_by_code = {scale.code: scale for scale in scales}
    ScaleOption.objects.bulk_create(
        ScaleOption(
            scale=scale_by_code[node["code"]],
            position=position,
            code=option["code"],
            score=Decimal(str(option["score"])),
            **_texts(option, "label", "label"),
        )
        for node in library["scales"]
        for position, option in enumerate(node["options"])
    )
    _create_survey_items(version, library, indicator_by_number, scale_by_code)
    _create_oit_items(version, library, indicator_by_number, sub_indicator_by_code)
    GradeBand.objects.bulk_create(
        GradeBand(
            version=version,
            position=position,
            code=node["code"],
            min_score=Decimal(str(node["min_score"])),
            **_texts(node, "name", "name"),
            **_provenance(node),
        )
        for position, node in enumerate(library["grade_bands"])
    )
    RatingLevel.objects.bulk_create(
        RatingLevel(
            version=version,
            position=position,
            code=node["code"],
            min_total=Decimal(str(node["min_total"])),
            instrument_minimums=dict(node.get("instrument_minimums", {})),
            **_texts(node, "name", "name"),
            **_provenance(node),
        )
        for position, node in enumerate(library["rating_levels"])
    )
    _create_sample_rules(version, library, instrument_by_code)


def _create_survey_items(
    version: FrameworkVersion,
    library: dict[str, Any],
    indicator_by_number: dict[int, Indicator],
    scale_by_code: dict[str, Scale],
) -> None:
    items = library["survey_items"]
    parents = SurveyItem.objects.bulk_create(
        SurveyItem(
            version=version,
            position=position * 100,
            indicator=indicator_by_number[node["indicator"]],
            code=node["code"],
            scale=scale_by_code[node["scale"]],
            reverse_scored=node.get("reverse", False),
            **_texts(node, "text", "text"),
            **_texts(node, "help", "help"),
            **_provenance(node),
        )
        for position, node in enumerate(items)
    )
    SurveyItem.objects.bulk_create(
        SurveyItem(
            version=version,
            position=parent.position + sub_position + 1,
            indicator=parent.indicator,
            parent=parent,
            code=sub["code"],
            scale=scale_by_code[sub.get("scale", node["scale"])],
            reverse_scored=sub.get("reverse", node.get("reverse", False)),
            **_texts(sub, "text", "text"),
            **_texts(sub, "help", "help"),
            **_provenance(sub),
        )
        for parent, node in zip(parents, items, strict=True)
        for sub_position, sub in enumerate(node.get("sub_items", []))
    )


def _create_oit_items(
    version: FrameworkVersion,
    library: dict[str, Any],
    indicator_by_number: dict[int, Indicator],
    sub_indicator_by_code: dict[str, SubIndicator],
) -> None:
    default_scoring = library["scoring"]["oit_scoring"]
    nodes = library["oit_items"]
    items = OitItem.objects.bulk_create(
        OitItem(
            version=version,
            position=position,
            indicator=indicator_by_number[node["indicator"]],
            sub_indicator=sub_indicator_by_code.get(node.get("sub_indicator", "")),
            code=node["code"],
            formats=list(node.get("formats", [])),
            monthly=dict(node.get("monthly", {})),
            purposes=list(node.get("purposes", [])),
            scoring_mode=node.get("scoring", default_scoring),
            **_texts(node, "title", "title"),
            **_texts(node, "help", "help"),
            **_texts(node, "year_condition", "year_condition"),
            **_provenance(node),
        )
        for position, node in enumerate(nodes)
    )
    OitElement.objects.bulk_create(
        OitElement(
            item=item,
            position=position,
            code=element.get("code", str(position + 1)),
            text_th=element["th"],
            text_en=element["en"],
            **_provenance(element),
        )
        for item, node in zip(items, nodes, strict=True)
        for position, element in enumerate(node.get("elements", []))
    )


def _create_sample_rules(
    version: FrameworkVersion, library: dict[str, Any], instrument_by_code: dict[str, Instrument]
) -> None:
    nodes = library.get("sample_rules", [])
    rules = SampleRule.objects.bulk_create(
        SampleRule(
            version=version,
            position=position,
            instrument=instrument_by_code[node["instrument"]],
            code=node["code"],
            unit_types=list(node.get("unit_types", [])),
            minimum_count=node.get("minimum_count"),
            population_share_percent=_decimal(node.get("population_share_percent")),
            combine=node.get("combine", "greater"),
            maximum_count=node.get("maximum_count"),
            cap_at_population=node.get("cap_at_population", False),
            **_texts(node, "name", "name"),
            **_texts(node, "note", "note"),
            **_provenance(node),
        )
        for position, node in enumerate(nodes)
    )
    SampleQuota.objects.bulk_create(
        SampleQuota(
            rule=rule,
            position=position,
            code=quota["code"],
            kind=quota["kind"],
            minimum_count=quota.get("minimum_count"),
            **_texts(quota, "name", "name"),
            **_provenance(quota),
        )
        for rule, node in zip(rules, nodes, strict=True)
        for position, quota in enumerate(node.get("quotas", []))
    )


# ---------------------------------------------------------------------------------------------
# Versions: clone, publish, freeze


def next_version_number(urn: str) -> int:
    latest = FrameworkVersion.objects.filter(urn=urn).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


@transaction.atomic
def clone_version(
    source: FrameworkVersion,
    *,
    urn: str,
    fiscal_year: int,
    name_th: str,
    name_en: str,
    unit_types: Sequence[str] | None = None,
) -> FrameworkVersion:
    """A draft copy of ``source`` (its whole tree) under ``urn``, for ``fiscal_year``.

    The same urn makes the next version of that framework; a new urn starts at version 1.
    """
    library = version_library(source)
    library["urn"] = urn
    library["version"] = next_version_number(urn)
    library["fiscal_year"] = fiscal_year
    library["name"] = {"th": name_th, "en": name_en}
    if unit_types is not None:
        library["unit_types"] = list(unit_types)
    problems = errors_of(validate_library_data(library, known_unit_types=known_unit_types()))
    if problems:
        raise LibraryProblems(problems)
    version = FrameworkVersion(status=VersionStatus.DRAFT, parent=source)
    with auditing_suspended():
        _set_version_fields(version, library)
        version.content_hash = content_hash(library)
        version.save()
        _create_tree(version, library)
    record(version, AuditAction.EVENT, message=f"Cloned from {source.label}")
    return version


@transaction.atomic
def new_version_for_editing(source: FrameworkVersion) -> FrameworkVersion:
    """The next version of the same framework, as a draft: how a published or frozen one is edited."""
    return clone_version(
        source,
        urn=source.urn,
        fiscal_year=source.fiscal_year,
        name_th=source.name_th,
        name_en=source.name_en,
    )


def check_version(version: FrameworkVersion) -> list[Problem]:
    """Every problem of a stored version, as the file validator would report it."""
    return validate_library_data(
        version_library(version),
        known_unit_types=known_unit_types(),
        default_file=version.label,
    )


@transaction.atomic
def publish_version(version: FrameworkVersion) -> FrameworkVersion:
    """Make a draft usable by assessments, once it has no errors."""
    if version.status != VersionStatus.DRAFT:
        raise FrameworkNotEditable(_("Only a draft can be published."))
    errors = errors_of(check_version(version))
    if errors:
        raise LibraryProblems(errors)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    return version


@transaction.atomic
def freeze_version(version: FrameworkVersion) -> FrameworkVersion:
    """Mark a version as used: its content never changes again."""
    if version.status == VersionStatus.FROZEN:
        return version
    if version.status == VersionStatus.DRAFT:
        raise FrameworkNotEditable(_("A draft cannot be used by an assessment; publish it first."))
    version.status = VersionStatus.FROZEN
    version.frozen_at = timezone.now()
    version.save(update_fields=["status", "frozen_at", "updated_at"])
    return version


# ---------------------------------------------------------------------------------------------
# Assessments


def _usable_versions(unit_type: str, **filters: Any) -> list[FrameworkVersion]:
    return [
        version
        for version in FrameworkVersion.objects.usable().filter(**filters)
        if version.covers(unit_type)
    ]


def _newest(versions: Sequence[FrameworkVersion]) -> FrameworkVersion:
    return max(versions, key=lambda v: (v.fiscal_year, v.published_at or v.created_at, v.version))


def own_year_version(unit_type: str, fiscal_year: int) -> FrameworkVersion | None:
    """The published (or frozen) framework of that very fiscal year for the unit type, if there is one;
    within a year, the most recently published, then the highest version."""
    versions = _usable_versions(unit_type, fiscal_year=fiscal_year)
    return _newest(versions) if versions else None


def select_framework_version(
    unit_type: str, fiscal_year: int, *, provisional: bool = False
) -> FrameworkVersion:
    """The framework version an assessment of this unit type and fiscal year uses.

    The published (or frozen) version of that fiscal year covering the unit type. When the year has none,
    the latest earlier one only with ``provisional=True`` (a person chose it): otherwise
    ``ProvisionalFrameworkNeeded`` names it. A unit never gets an older framework silently.
    """
    own = own_year_version(unit_type, fiscal_year)
    if own is not None:
        return own
    earlier = _usable_versions(unit_type, fiscal_year__lt=fiscal_year)
    if not earlier:
        raise NoFrameworkVersion(
            _("No framework covers unit type %(unit_type)s in fiscal year %(year)s or before.")
            % {"unit_type": unit_type, "year": fiscal_year}
        )
    candidate = _newest(earlier)
    if not provisional:
        raise ProvisionalFrameworkNeeded(fiscal_year, candidate)
    return candidate


@transaction.atomic
def get_or_create_assessment(
    unit: Unit, fiscal_year: int, *, provisional: bool = False
) -> Assessment:
    """The unit's assessment of the year: the one service that opens a year (OIT workspace, measures plan,
    survey campaign, ITA calendar, working group all come here). Made on first use with the framework
    version of its unit type and year (``select_framework_version``), which is then frozen; with the
    latest earlier framework only when ``provisional`` (the person chose it), and then the assessment is
    provisional until it is moved onto its year's framework (``move_to_framework``)."""
    existing = Assessment.objects.select_related("framework_version").of(unit, fiscal_year).first()
    if existing is not None:
        return existing
    version = select_framework_version(unit.unit_type, fiscal_year, provisional=provisional)
    freeze_version(version)
    try:
        with transaction.atomic():  # a savepoint: another request may have made it meanwhile
            assessment = Assessment.objects.create(
                unit=unit, fiscal_year=fiscal_year, framework_version=version
            )
    except IntegrityError:
        return Assessment.objects.get(unit=unit, fiscal_year=fiscal_year)
    if assessment.is_provisional:
        record(
            assessment,
            AuditAction.EVENT,
            message=f"Opened with {version.label} as a provisional framework",
        )
    return assessment


# What the apps above do when an assessment moves onto another framework version: each rebinds its rows to
# the parts of the new version (matched by code) and returns the problems that forbid the move.
FrameworkMover = Callable[[Assessment, FrameworkVersion, FrameworkVersion], list[str]]
_movers: list[FrameworkMover] = []


def on_framework_move(mover: FrameworkMover) -> None:
    """Register ``mover(assessment, old, new)``; apps register in their ready()."""
    if mover not in _movers:
        _movers.append(mover)


def move_target(assessment: Assessment) -> FrameworkVersion | None:
    """The framework of the assessment's own year it can move onto: None when it already uses it or the
    year's framework is not published yet."""
    own = own_year_version(assessment.unit.unit_type, assessment.fiscal_year)
    if own is None or own.pk == assessment.framework_version_id:
        return None
    return own


@transaction.atomic
def move_to_framework(assessment: Assessment, version: FrameworkVersion) -> Assessment:
    """Move a (provisional) assessment onto a published framework of its own fiscal year: every app rebinds
    its rows (OIT items, survey instruments, measures' indicators) by code; if one cannot (an item with
    work on it that the new framework no longer has), nothing moves and the problems are raised."""
    if version.fiscal_year != assessment.fiscal_year:
        raise ValidationError(
            _("Only a framework of fiscal year %(year)s can be used for this year.")
            % {"year": assessment.fiscal_year}
        )
    if version.status == VersionStatus.DRAFT or not version.covers(assessment.unit.unit_type):
        raise ValidationError(_("This framework is not published for this unit type."))
    old = assessment.framework_version
    if old.pk == version.pk:
        return assessment
    problems: list[str] = []
    for mover in _movers:
        problems += mover(assessment, old, version)
    if problems:
        raise ValidationError(problems)
    freeze_version(version)
    assessment.framework_version = version
    assessment.save(update_fields=["framework_version", "updated_at"])
    record(assessment, AuditAction.EVENT, message=f"Moved from {old.label} to {version.label}")
    return assessment


# ---------------------------------------------------------------------------------------------
# Editing a draft (each edit is checked against the whole library, then committed or rolled back)


def _require_editable(version: FrameworkVersion) -> None:
    if not version.is_editable:
        raise FrameworkNotEditable(
            _("%(label)s is %(status)s: make a new version to edit it.")
            % {"label": version.label, "status": version.get_status_display()}
        )


def _after_edit(version: FrameworkVersion) -> None:
    """Refuse the edit (the transaction rolls back) if the draft now has errors; else refresh its hash."""
    library = version_library(version)
    errors = errors_of(
        validate_library_data(
            library, known_unit_types=known_unit_types(), default_file=version.label
        )
    )
    if errors:
        raise LibraryProblems(errors)
    version.content_hash = content_hash(library)
    version.save(update_fields=["content_hash", "updated_at"])


VERSION_SETTINGS = (
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "fiscal_year",
    "unit_types",
    "pass_threshold",
    "indicator_benchmark",
    "oit_scoring_mode",
)


@transaction.atomic
def update_version_settings(version: FrameworkVersion, **values: Any) -> FrameworkVersion:
    _require_editable(version)
    for name in VERSION_SETTINGS:
        if name in values:
            setattr(version, name, values[name])
    version.save()
    _after_edit(version)
    return version


@transaction.atomic
def update_scoring(
    version: FrameworkVersion,
    *,
    weights: dict[str, Decimal] | None = None,
    band_minimums: dict[str, Decimal] | None = None,
    rating_minimums: dict[str, tuple[Decimal, dict[str, float]]] | None = None,
) -> FrameworkVersion:
    """Change instrument weights, grade-band lower bounds and rating-level conditions together (they are
    checked together: weights must still add up to 100, one band must still start at 0).

    ``rating_minimums``: level code → (lowest total, lowest score per instrument code).
    """
    _require_editable(version)
    for instrument in version.instruments.all():
        if weights and instrument.code in weights:
            instrument.weight = weights[instrument.code]
            instrument.save(update_fields=["weight"])
    for band in version.grade_bands.all():
        if band_minimums and band.code in band_minimums:
            band.min_score = band_minimums[band.code]
            band.save(update_fields=["min_score"])
    for level in version.rating_levels.all():
        if rating_minimums and level.code in rating_minimums:
            level.min_total, level.instrument_minimums = rating_minimums[level.code]
            level.save(update_fields=["min_total", "instrument_minimums"])
    _after_edit(version)
    return version


TEXT_FIELDS = {
    Indicator: ("name_th", "name_en", "help_th", "help_en"),
    SubIndicator: ("name_th", "name_en", "help_th", "help_en"),
    SurveyItem: ("text_th", "text_en", "help_th", "help_en"),
}


@transaction.atomic
def update_part(part: Indicator | SubIndicator | SurveyItem, **values: Any) -> Any:
    """Change the texts of an indicator, sub-indicator or survey item."""
    _require_editable(part.version)
    allowed = TEXT_FIELDS[type(part)]
    changed = [name for name in allowed if name in values]
    for name in changed:
        setattr(part, name, values[name])
    part.save(update_fields=changed)
    _after_edit(part.version)
    return part


OIT_ITEM_FIELDS = (
    "title_th",
    "title_en",
    "help_th",
    "help_en",
    "year_condition_th",
    "year_condition_en",
    "formats",
    "scoring_mode",
    "purposes",
    "confidence",
    "source",
)


def _element_codes(given: Sequence[str]) -> list[str]:
    """Keep the codes elements already have (stable identifiers); number new or repeated ones after the
    highest number in use."""
    used: set[str] = set()
    numbers = [int(code) for code in given if code.isdigit()]
    next_number = max(numbers, default=0) + 1
    codes = []
    for code in given:
        if not code or code in used:
            code = str(next_number)
            next_number += 1
        used.add(code)
        codes.append(code)
    return codes


@transaction.atomic
def update_oit_item(
    item: OitItem, *, elements: Sequence[dict[str, str]] | None = None, **values: Any
) -> OitItem:
    """Change an OIT item; ``elements`` (dicts with code, text_th, text_en, and optionally source and
    confidence) replaces its checklist in the given order."""
    _require_editable(item.version)
    changed = [name for name in OIT_ITEM_FIELDS if name in values]
    for name in changed:
        setattr(item, name, values[name])
    item.save(update_fields=changed)
    if elements is not None:
        item.elements.all().delete()
        codes = _element_codes([element.get("code") or "" for element in elements])
        OitElement.objects.bulk_create(
            OitElement(
                item=item,
                position=position,
                code=codes[position],
                text_th=element["text_th"],
                text_en=element["text_en"],
                source=element.get("source", ""),
                confidence=element.get("confidence", ""),
            )
            for position, element in enumerate(elements)
        )
    _after_edit(item.version)
    return item


SAMPLE_RULE_FIELDS = (
    "name_th",
    "name_en",
    "minimum_count",
    "population_share_percent",
    "combine",
    "maximum_count",
    "cap_at_population",
    "note_th",
    "note_en",
)


@transaction.atomic
def update_sample_rule(
    rule: SampleRule, *, quota_minimums: dict[str, int | None] | None = None, **values: Any
) -> SampleRule:
    _require_editable(rule.version)
    changed = [name for name in SAMPLE_RULE_FIELDS if name in values]
    for name in changed:
        setattr(rule, name, values[name])
    rule.save(update_fields=changed)
    for quota in rule.quotas.all():
        if quota_minimums and quota.code in quota_minimums:
            quota.minimum_count = quota_minimums[quota.code]
            quota.save(update_fields=["minimum_count"])
    _after_edit(rule.version)
    return rule


# -- purposes ---------------------------------------------------------------------------------


def matching_item(source: FrameworkVersion | Assessment, purpose: str) -> OitItem | None:
    """The OIT item of a version (or of an assessment's version) that is for ``purpose``.

    Purposes (``purposes.yaml``) say what an item is for independently of its number, which changes
    every year: ``matching_item(assessment, "complaint-channel")`` is O28 in FY2566 general and O16
    in FY2567 police. The first such item in framework order; None when the version has none.
    """
    if purpose not in purpose_codes():
        raise ValueError(f"unknown purpose '{purpose}' (see openita/frameworks/purposes.yaml)")
    version = source.framework_version if isinstance(source, Assessment) else source
    # A list held in a JSON column: filtered here, the same on SQLite and PostgreSQL.
    items = OitItem.objects.filter(version=version).order_by("position")
    return next((item for item in items if purpose in (item.purposes or [])), None)


# -- importing an OIT item list ---------------------------------------------------------------


def _matching_node(row: ItemRow, nodes: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The draft's item a spreadsheet row stands for: one with a purpose in common, else the same
    code with a title not unlike, else a very similar title."""
    if row.purposes:
        for node in nodes:
            if set(row.purposes) & set(node.get("purposes", [])):
                return node
    for node in nodes:
        if node["code"] == row.code and similarity(node["title"]["th"], row.title_th) >= 0.4:
            return node
    best = max(nodes, key=lambda node: similarity(node["title"]["th"], row.title_th), default=None)
    if best is not None and similarity(best["title"]["th"], row.title_th) >= 0.75:
        return best
    return None


def _imported_node(row: ItemRow, match: dict[str, Any] | None) -> dict[str, Any]:
    node: dict[str, Any] = {"code": row.code}
    indicator = row.indicator if row.indicator is not None else (match or {}).get("indicator")
    node["indicator"] = indicator
    sub_indicator = row.sub_indicator
    if not sub_indicator and match and match.get("indicator") == indicator:
        sub_indicator = match.get("sub_indicator", "")
    if sub_indicator:
        node["sub_indicator"] = sub_indicator
    purposes = row.purposes or list((match or {}).get("purposes", []))
    if purposes:
        node["purposes"] = purposes
    node["title"] = {"th": row.title_th, "en": row.title_en}
    if row.year_condition_th:
        node["year_condition"] = {
            "th": row.year_condition_th,
            "en": row.year_condition_en or row.year_condition_th,
        }
    if row.formats:
        node["formats"] = row.formats
    node["elements"] = [{"th": th, "en": en} for th, en in row.elements]
    if row.source:
        node["source"] = row.source
    if row.confidence:
        node["confidence"] = row.confidence
    return node


@transaction.atomic
def import_oit_items(version: FrameworkVersion, rows: Sequence[ItemRow]) -> FrameworkVersion:
    """Replace a draft's OIT items with the rows of a spreadsheet (``item_import.read_item_rows``).

    A row without indicator, sub-indicator or purposes takes them from the draft's item it stands for
    (same purposes, same code and a similar title, or a very similar title). The whole list is
    checked like a library file: nothing is saved when a row is wrong (LibraryProblems, one problem
    per row, ``row N``)."""
    _require_editable(version)
    library = version_library(version)
    old_nodes = library["oit_items"]
    nodes: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for row in rows:
        node = _imported_node(row, _matching_node(row, old_nodes))
        if node["indicator"] is None:
            problems.append(
                Problem(
                    version.label,
                    row.line,
                    f"row {row.line} ({row.code}).indicator",
                    "no indicator given, and no item of the draft has the same purposes, code or "
                    "title to take it from",
                )
            )
        nodes.append(node)
    if problems:
        raise LibraryProblems(problems)
    library["oit_items"] = nodes
    errors = errors_of(
        validate_library_data(
            library, known_unit_types=known_unit_types(), default_file=version.label
        )
    )
    if errors:
        raise LibraryProblems(errors)
    with auditing_suspended():
        version.oit_items.all().delete()
        _create_oit_items(
            version,
            canonical_library(library),
            {indicator.number: indicator for indicator in version.indicators.all()},
            {sub.code: sub for sub in version.sub_indicators.all()},
        )
    record(version, AuditAction.EVENT, message=f"{len(nodes)} OIT items imported")
    _after_edit(version)
    return version


def previous_year_version(version: FrameworkVersion) -> FrameworkVersion | None:
    """The usable version of the latest earlier fiscal year sharing a unit type with ``version``
    (what "What changed since last year" compares with)."""
    candidates = (
        FrameworkVersion.objects.usable()
        .filter(fiscal_year__lt=version.fiscal_year)
        .order_by("-fiscal_year", "-published_at", "-version")
    )
    wanted = set(version.unit_types)
    return next((c for c in candidates if wanted & set(c.unit_types)), None)
