"""Survey fixtures: the police framework loaded, and the test station's IIT and EIT campaigns open today."""

from collections.abc import Iterator
from datetime import timedelta
from functools import cache
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.utils import timezone, translation

from openita.conftest import World
from openita.core.thai import fiscal_year_of
from openita.frameworks import services as framework_services
from openita.frameworks.library import SHIPPED_LIBRARY_DIR, canonical_library, read_library
from openita.frameworks.models import FrameworkVersion
from openita.surveys import services
from openita.surveys.models import Campaign, SurveyKind
from openita.surveys.public_views import forget_links
from openita.surveys.questionnaire import questionnaire_for
from openita_testing.replayed_rows import RowReplay

POLICE_LIBRARY = "ita-2568-police.yaml"


@cache
def _canonical(name: str) -> dict[str, Any]:
    library = read_library(
        SHIPPED_LIBRARY_DIR / name, known_unit_types=framework_services.known_unit_types()
    )
    assert library.is_valid, library.errors
    return canonical_library(library.data)


def load_shipped(name: str = POLICE_LIBRARY) -> FrameworkVersion:
    outcome = framework_services.load_library(_canonical(name), loaded_from=name)
    assert outcome.version is not None
    return outcome.version


_frameworks = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def police_framework(db: None) -> FrameworkVersion:
    return _frameworks.made(load_shipped)


def this_year() -> int:
    return fiscal_year_of(timezone.localdate())


def open_campaign(world: World, kind: str, **values: Any) -> Campaign:
    today = timezone.localdate()
    values.setdefault("opens_on", today - timedelta(days=10))
    values.setdefault("closes_on", today + timedelta(days=30))
    values.setdefault("provisional", True)  # today's year may have no framework of its own yet
    return services.create_campaign(world.station, this_year(), kind, **values)


@pytest.fixture
def iit(world: World, police_framework: FrameworkVersion) -> Campaign:
    return open_campaign(world, SurveyKind.IIT, population=120)


@pytest.fixture
def eit(world: World, police_framework: FrameworkVersion) -> Campaign:
    return open_campaign(world, SurveyKind.EIT)


def full_answers(campaign: Campaign, choose: int = 0) -> dict[str, str]:
    """An answer to every question: the ``choose``-th option of each (wrapping round)."""
    questionnaire = questionnaire_for(campaign)
    return {
        question.code: question.options[choose % len(question.options)].code
        for page in questionnaire.pages
        for question in page.questions
    }


def signed(campaign: Campaign, seed: str) -> str:
    """A submission key as the server issues it, made from ``seed`` (the same seed, the same key)."""
    return services.sign_submission_key(campaign.pk, (seed * 16)[:16])


def flush(campaign: Campaign) -> None:
    """Move every answer still waiting in the intake into the answers table (what a closed campaign's
    release does), so that tests of stored rows can read them."""
    from openita.surveys import store

    store.move_intake(campaign.pk, everything=True)


@pytest.fixture(autouse=True)
def _clean_slate() -> Iterator[None]:
    """Messages from services in English whatever a previous test's request activated; no cached state."""
    django_cache.clear()
    forget_links()
    with translation.override("en"):
        yield
