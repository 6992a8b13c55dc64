"""openita stays Thai-first: every catalogue is complete and correct, and every string in the code has Thai.

- Each .po under openita/ has no empty and no fuzzy entry, a Thai header (nplurals=1), and every placeholder
  of a msgid (python-format or python-brace-format) in its msgstr.
- With GNU gettext installed, makemessages is run for each app (and the project templates) in a copy of the
  source tree: every string it extracts must be translated in the committed .po. Without gettext the test
  is skipped, except under CI=true, where it fails.
- Each Thai msgstr is what a Thai user sees (no other catalogue, Django's or openita's, wins over it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from openita.core.translations import Catalogue, catalogues, make_messages, po_files

PACKAGE_DIR = Path(settings.PACKAGE_DIR)
REPOSITORY_DIR = PACKAGE_DIR.parent
DJANGO_SUPPLEMENT = PACKAGE_DIR / "locale_django" / "th" / "LC_MESSAGES" / "django.po"
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"(?<!\{)\{(?P<field>[^{}]*)\}(?!\})")


def _relative(path: Path) -> str:
    return str(path.relative_to(REPOSITORY_DIR))


def _placeholders(text: str, flags: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    if "python-format" in flags:
        found.update(
            match.group(0) for match in PYTHON_FORMAT.finditer(text) if match["kind"] != "%"
        )
    if "python-brace-format" in flags:
        found.update("{" + match["field"] + "}" for match in BRACE_FORMAT.finditer(text))
    return found


def _translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _describe(entry: polib.POEntry, source_dir: str = "") -> str:
    where = ", ".join(
        f"{source_dir}/{path}:{line}" if source_dir else f"{path}:{line}"
        for path, line in entry.occurrences
    )
    context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
    return f"  {entry.msgid!r}{context}" + (f"  [{where}]" if where else "")


def _live_entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


CATALOGUE_FILES = po_files(PACKAGE_DIR)


def test_the_first_apps_and_the_project_templates_have_thai_catalogues() -> None:
    expected = {"core", "units", "accounts", "audit", "demo", "locale"}
    found = {
        catalogue.name if catalogue.source_dir != PACKAGE_DIR else "locale"
        for catalogue in catalogues(PACKAGE_DIR)
        if catalogue.po_path.exists()
    }
    assert expected <= found


@pytest.mark.parametrize("po_path", CATALOGUE_FILES, ids=_relative)
def test_the_catalogue_has_a_thai_header(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    assert not catalogue.metadata_is_fuzzy, (
        f"{_relative(po_path)}: remove '#, fuzzy' from the header"
    )
    assert catalogue.metadata.get("Language") == "th"
    assert catalogue.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")


@pytest.mark.parametrize("po_path", CATALOGUE_FILES, ids=_relative)
def test_every_entry_is_translated_and_none_is_fuzzy(po_path: Path) -> None:
    entries = _live_entries(po_path)
    fuzzy = [entry for entry in entries if "fuzzy" in entry.flags]
    empty = [
        entry
        for entry in entries
        if not all(text.strip() for text in _translations_of(entry))
        or (entry.msgid_plural and len(entry.msgstr_plural) != 1)
    ]
    problems = [f"{_relative(po_path)}:"]
    if fuzzy:
        problems += ["fuzzy (check the Thai, then remove the '#, fuzzy' line):"]
        problems += [_describe(entry) for entry in fuzzy]
    if empty:
        problems += ["without Thai (Thai has one plural form: fill msgstr[0] only):"]
        problems += [_describe(entry) for entry in empty]
    assert not fuzzy and not empty, "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGUE_FILES, ids=_relative)
def test_every_placeholder_of_a_msgid_is_in_its_thai(po_path: Path) -> None:
    problems = []
    for entry in _live_entries(po_path):
        expected = _placeholders(entry.msgid, entry.flags)
        if entry.msgid_plural:
            expected |= _placeholders(entry.msgid_plural, entry.flags)
        for text in _translations_of(entry):
            if not text:
                continue
            found = _placeholders(text, entry.flags)
            missing = sorted(set(expected) - set(found))
            unknown = sorted(set(found) - set(expected))
            if missing or unknown:
                problems.append(
                    f"{_describe(entry)} -> {text!r}: missing {missing}, unknown {unknown}"
                )
    assert not problems, f"{_relative(po_path)}: placeholders differ:\n" + "\n".join(problems)


def test_the_placeholder_check_sees_named_positional_and_brace_placeholders() -> None:
    assert _placeholders("%(name)s has %d of %(total).1f, 100%%", ["python-format"]) == Counter(
        {"%(name)s": 1, "%d": 1, "%(total).1f": 1}
    )
    assert _placeholders(
        "{min_days} to {max_days} {{literal}}", ["python-brace-format"]
    ) == Counter({"{min_days}": 1, "{max_days}": 1})
    assert _placeholders("%(name)s", []) == Counter()


@pytest.mark.parametrize("po_path", CATALOGUE_FILES, ids=_relative)
def test_the_compiled_catalogue_is_up_to_date(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    up_to_date = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
    assert up_to_date, (
        f"{_relative(mo_path)} is missing or older than its .po: run `make setup` "
        "(openita compiletranslations)"
    )


@pytest.mark.parametrize("po_path", CATALOGUE_FILES, ids=_relative)
def test_thai_users_see_each_msgstr_of_the_catalogue(po_path: Path) -> None:
    """A msgid shared with Django's contrib apps or with another openita catalogue must not show other Thai."""
    shadowed = []
    with translation.override("th"):
        for entry in _live_entries(po_path):
            if entry.msgid_plural:
                shown = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                )
                expected = entry.msgstr_plural[0]
            else:
                shown = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                expected = entry.msgstr
            if expected and shown != expected:
                shadowed.append(f"{_describe(entry)}: shows {shown!r}, not {expected!r}")
    assert not shadowed, (
        f"{_relative(po_path)}: another catalogue gives these msgids other Thai; use the same Thai "
        "everywhere, or a msgctxt (pgettext / {% translate ... context ... %}):\n"
        + "\n".join(shadowed)
    )


def test_the_django_supplement_translates_only_django_messages() -> None:
    django_dir = Path(django.__file__).parent
    django_msgids = {
        entry.msgid
        for path in django_dir.glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
    }
    stale = [
        entry.msgid
        for entry in _live_entries(DJANGO_SUPPLEMENT)
        if entry.msgid not in django_msgids
    ]
    assert not stale, (
        f"{_relative(DJANGO_SUPPLEMENT)} translates msgids Django {django.get_version()} no longer has "
        f"(update them to Django's new wording): {stale}"
    )


# --- every string in the code has Thai (needs GNU gettext) ---


def _missing_gettext_tools() -> list[str]:
    return [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of openita/ where makemessages may write: the work tree is never modified."""
    missing = _missing_gettext_tools()
    if missing:
        reason = (
            f"GNU gettext is not installed (missing {', '.join(missing)}), so the strings in the code "
            "cannot be extracted; install it with `apt-get install gettext`"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. CI must run this check.")
        pytest.skip(reason)
    copy = tmp_path_factory.mktemp("i18n") / "openita"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
    )
    return copy


def _extract(source_copy: Path, name: str) -> dict[tuple[str | None, str, str], polib.POEntry]:
    """Run makemessages from scratch for one catalogue of the copy; its msgids."""
    catalogue = next(found for found in catalogues(source_copy) if found.name == name)
    locale_paths = [
        source_copy / "locale",
        *sorted(source_copy.glob("*/locale")),
        source_copy / "locale_django",
    ]
    catalogue.po_path.unlink(missing_ok=True)
    with override_settings(LOCALE_PATHS=locale_paths):
        make_messages(catalogue)
    entries = _live_entries(catalogue.po_path) if catalogue.po_path.exists() else []
    return {_key(entry): entry for entry in entries}


@pytest.mark.parametrize("catalogue", catalogues(PACKAGE_DIR), ids=lambda catalogue: catalogue.name)
def test_every_string_in_the_code_has_thai(catalogue: Catalogue, source_copy: Path) -> None:
    strings = _extract(source_copy, catalogue.name)
    committed = (
        {_key(entry): entry for entry in _live_entries(catalogue.po_path)}
        if catalogue.po_path.exists()
        else {}
    )
    without_thai = [
        entry
        for key, entry in strings.items()
        if key not in committed
        or "fuzzy" in committed[key].flags
        or not all(text.strip() for text in _translations_of(committed[key]))
    ]
    where = _relative(catalogue.source_dir)
    assert not without_thai, (
        f"{len(without_thai)} string(s) of {where} have no Thai in {_relative(catalogue.po_path)}:\n"
        + "\n".join(_describe(entry, where) for entry in without_thai)
        + f"\nRun `make messages` (or `.venv/bin/openita updatemessages {catalogue.name}`), then fill "
        "every empty msgstr in Thai."
    )
