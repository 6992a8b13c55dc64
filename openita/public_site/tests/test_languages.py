"""Every kind of public page speaks one language: no English chrome on a Thai page, no Thai chrome on an English
one (typed text, such as unit names and framework titles, may be in either); the same rule and helpers as the
back office's `openita/core/tests/test_page_languages.py`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from openita.conftest import World
from openita.core.tests.test_page_languages import (
    english_words,
    thai_runs,
    typed_text,
    visible_text,
)
from openita.public_site.tests.factories import public_pages, publish_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["th", "en"])
def test_public_pages_speak_one_language(world: World, language: str) -> None:
    publish_world(world)
    typed = typed_text()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    report = {}
    for address in public_pages(world):
        response = client.get(address)
        assert response.status_code == 200, address
        assert f'<html lang="{language}">' in response.content.decode(), address
        text = visible_text(response.content.decode())
        found = english_words(text, typed) if language == "th" else thai_runs(text, typed)
        if found:
            report[address] = sorted(found)
    assert report == {}


def test_the_language_switch_is_a_link_back_to_the_same_page(world: World) -> None:
    client = Client()
    page = client.get(f"/p/{world.station.code}/").content.decode()
    assert f'href="/i18n/public/en/?next=/p/{world.station.code}/"' in page
    response = client.get("/i18n/public/en/", {"next": f"/p/{world.station.code}/"})
    assert response.status_code == 303 and response["Location"] == f"/p/{world.station.code}/"
    english = client.get(f"/p/{world.station.code}/").content.decode()
    assert '<html lang="en">' in english and 'href="/i18n/public/th/' in english
    assert (
        Client()
        .get(f"/p/{world.station.code}/")
        .content.decode()
        .startswith('<!doctype html>\n\n<html lang="th">')
    )  # the cache keeps each language's page apart
    for elsewhere in ("https://example.com/", "//example.com/", "javascript:alert(1)"):
        assert client.get("/i18n/public/th/", {"next": elsewhere})["Location"] == "/p/"
    assert client.get("/i18n/public/fr/").status_code == 404
