"""The announcements' screens speak one language (the checks of core/tests/test_page_languages.py, on a
small world instead of the demo)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from openita.announcements.tests.factories import YEAR, a_budget, a_service, complete_announcement
from openita.conftest import World
from openita.core.tests.test_page_languages import (
    english_words,
    thai_runs,
    typed_text,
    visible_text,
)


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_screens_speak_one_language(world: World, language: str) -> None:
    announcement = complete_announcement(world.station, issued_on=None)
    service = a_service(world.station)
    a_budget(world.station)
    client = Client()
    client.force_login(world.user("unit_admin"))
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    code = world.station.code
    paths = [
        reverse("announcements:index", args=[code, YEAR]),
        reverse("announcements:create", args=[code, YEAR, "no-gift"]),
        reverse("announcements:edit", args=[code, YEAR, announcement.pk]),
        reverse("announcements:budget", args=[code, YEAR]),
        reverse("announcements:service_edit", args=[code, service.pk]),
        reverse("announcements:colours", args=[code]),
    ]
    typed = typed_text()
    report = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        foreign = english_words(text, typed) if language == "th" else thai_runs(text, typed)
        if foreign:
            report[path] = sorted(foreign)
    assert report == {}
