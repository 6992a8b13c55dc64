"""The participation pages speak one language: no English chrome on Thai pages, no Thai on English ones."""

from __future__ import annotations

import pytest
from django.test import Client

from openita.conftest import World, client_for
from openita.core.tests.test_page_languages import (
    english_words,
    thai_runs,
    typed_text,
    visible_text,
)
from openita.participation.models import PostState
from openita.participation.tests.factories import make_post, make_record

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
YEAR = 2569


def _pages(world: World) -> list[tuple[str, str]]:
    post = make_post(world.station, state=PostState.PUBLISHED, name="สมชาย")
    item = make_record(world.station, YEAR, photo=True)
    make_record(world.station, YEAR, complete=False)
    from openita.participation import services

    services.publish_record(item, by=world.user("executive"))
    code = world.station.code
    return [
        ("anonymous", f"/p/{code}/qa/"),
        ("anonymous", f"/p/{code}/{YEAR}/participation/"),
        ("unit_admin", f"/qa/{code}/?state=all"),
        ("unit_admin", f"/qa/{code}/{post.pk}/"),
        ("unit_admin", f"/qa/{code}/settings/"),
        ("unit_admin", f"/participation/{code}/{YEAR}/"),
        ("unit_admin", f"/participation/{code}/{YEAR}/new/"),
        ("unit_admin", f"/participation/{code}/{YEAR}/{item.pk}/"),
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_each_page_speaks_one_language(world: World, language: str) -> None:
    pages = _pages(world)
    typed = typed_text()
    found = {}
    for persona, path in pages:
        client = Client() if persona == "anonymous" else client_for(world, persona)
        client.cookies["django_language"] = language
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        wrong = english_words(text, typed) if language == "th" else thai_runs(text, typed)
        if wrong:
            found[path] = wrong
    assert found == {}
