"""No English inside Thai pages and no Thai inside English pages, on the main pages of every demo role.

The pages: the home page and the pages it links to, then the pages those link to, up to PAGES_PER_ROLE per
role (same site, GET, no downloads). A Thai page may show English words only when they are codes everybody
uses (IIT, OIT, PDF, …) or text people typed (anything stored in the database: names, web addresses, titles);
an English page may show Thai only as typed text. Everything else is chrome that needs a translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from openita.accounts.models import User
from openita_testing.demo_pages import DEMO_ROLES, main_pages, page_paths

PAGES_PER_ROLE = 25
# Codes and names that are the same in both languages.
ALLOWED_ENGLISH = {
    "ITA", "IIT", "EIT", "OIT", "NACC", "PDF", "Excel", "Word", "CSV", "XLSX", "DOCX", "SVG", "PNG",
    "pdf", "docx", "xlsx", "zip", "csv", "YAML", "JPEG", "MB", "KB", "UTF", "Windows", "OpenDocument",
    "QR", "URL", "openita", "OK", "TOTP", "ID", "FY", "IP", "LINE",
    "Atom", "sitemap", "xml", "JSON", "DCAT", "CKAN", "API", "CC", "BY",  # open-data formats and licences
    "English", "Thai",  # the language switch names each language in its own words
}  # fmt: skip
# Thai an English page shows on purpose: what Thai digits look like, next to the option that uses them.
ALLOWED_THAI = {"๑๒๓"}
# Pages whose samples show a file as people fill it in, in both languages.
SAMPLES = ("/imports/",)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
THAI = re.compile(r"[\u0e01-\u0e5b][\u0e01-\u0e5b .()0-9๐-๙/:,-]*[\u0e01-\u0e5b.]|[\u0e01-\u0e5b]")


class VisibleText(HTMLParser):
    """The text a person reads: no script, no code samples, no hidden input values; `lang` marks the
    language switch's own names."""

    SILENT = {
        "script",
        "style",
        "code",
        "kbd",
        "pre",
        "svg",
        "textarea",
        "option",
        "select",
        "template",
    }

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        silent = tag in self.SILENT or dict(attrs).get("lang") not in (None, "")
        self.stack.append(tag if not silent else f"!{tag}")
        if silent:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top = self.stack.pop()
            if top.startswith("!"):
                self.depth -= 1
            if top.lstrip("!") == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text nodes a person reads, one a line."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    parser = VisibleText()
    parser.feed(body)
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())


def typed_text() -> str:
    """Every string stored in the database, joined: what people (or the framework's files) typed."""
    values: list[str] = []
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.extend(str(value) for value in row if value)
    return "\n".join(values)


def links_of(client: Client, opened: dict[str, Any]) -> Callable[[str], list[str]]:
    """`main_pages`' opener; each page it opens is kept in `opened`, so that the check reads it from there
    instead of asking for it a second time (the home page, at least)."""

    def links(path: str) -> list[str]:
        response = opened[path] = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            return []
        return page_paths(re.findall(r'<a [^>]*href="([^"#]+)"', response.content.decode()))

    return links


def english_words(text: str, typed: str) -> set[str]:
    return {
        word for word in WORD.findall(text) if word not in ALLOWED_ENGLISH and word not in typed
    }


def thai_runs(text: str, typed: str) -> set[str]:
    """Thai in the text that nobody typed (a run is typed when each of its words is)."""
    return {
        run.strip()
        for run in THAI.findall(text)
        if run.strip() not in typed
        and run.strip() not in ALLOWED_THAI
        and any(word.strip(".,:;()") not in typed for word in run.split())
    }


@pytest.fixture
def demo(demo_db: None) -> str:
    return typed_text()


def client_in(language: str, username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_main_pages_of_every_role_speak_one_language(demo: str, language: str) -> None:
    report = {}
    for username in DEMO_ROLES:
        client = client_in(language, username)
        opened: dict[str, Any] = {}
        for path in main_pages(links_of(client, opened), PAGES_PER_ROLE):
            if path.startswith(SAMPLES):
                continue
            response = opened[path] if path in opened else client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            text = visible_text(response.content.decode())
            foreign = english_words(text, demo) if language == "th" else thai_runs(text, demo)
            if foreign:
                report[f"{username} {path}"] = sorted(foreign)[:12]
    assert report == {}, "\n".join(f"{where}: {words}" for where, words in report.items())


def test_the_checks_find_what_they_look_for() -> None:
    text = visible_text(
        "<body><p>บันทึก Save <code>O1</code> PDF</p><script>var x</script>"
        '<a lang="en">English</a> วันที่ 1 ม.ค. 2568</body>'
    )
    assert english_words(text, typed="") == {"Save"}
    assert thai_runs("Open until 5 กุมภาพันธ์ 2570", typed="") == {"กุมภาพันธ์"}
    assert thai_runs("Unit สถานีตำรวจ", typed="สถานีตำรวจภูธร") == set()
