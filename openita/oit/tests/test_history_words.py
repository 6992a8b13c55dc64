"""An OIT item's history reads in people's words: Thai event names, people's names, Buddhist-era dates; never
database ids, storage paths, hashes, English event codes or ISO timestamps. English pages in English."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openita.conftest import World, client_for
from openita.oit import services
from openita.oit.tests.factories import make_workspace
from openita.oit.tests.test_workflow import BEFORE_DEADLINE
from openita_testing.files import png

pytestmark = pytest.mark.django_db


def history_of(page: str) -> str:
    return page.split('<h2 class="h5">')[-1]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_an_items_history_reads_in_peoples_words(world: World) -> None:
    space = make_workspace(world.station)
    disclosure = space.item("O1")
    admin, officer = world.user("unit_admin"), world.user("officer")
    services.assign(
        disclosure,
        admin,
        responsible=[officer],
        reviewer=world.user("committee"),
        due_date=datetime.date(2025, 3, 31),
    )
    services.add_file(disclosure, officer, SimpleUploadedFile("chart.png", png()))
    services.add_link(disclosure, officer, "https://st.example.go.th/about")
    services.submit(disclosure, officer)
    services.send_back(disclosure, admin, "ขอภาพที่ชัดกว่านี้")
    stored = disclosure.evidence.get(kind="file").stored_name
    url = reverse("oit:item", args=[world.station.code, 2568, "O1"])
    client = client_for(world, "unit_admin")

    history = history_of(client.get(url).content.decode())
    assert "ส่งตรวจทานแล้ว" in history  # submitted, in Thai
    assert "ส่งกลับให้แก้ไข: ขอภาพที่ชัดกว่านี้" in history
    assert officer.display_name in history and world.user("committee").display_name in history
    assert "31 มี.ค. 2568" in history  # the due date, Buddhist era
    for internal in ("submit", "send_back", "Assigned", stored, "2025-03-31", "T00:00"):
        assert internal not in history, internal
    assert not re.search(r"\b[0-9a-f]{64}\b", history)  # no hash
    for pk in (officer.pk, world.user("committee").pk, disclosure.pk, disclosure.assessment_id):
        assert (
            f"<ins>{pk}</ins>" not in history and f"<del>{pk}</del>" not in history
        )  # no database id

    client.post(reverse("set_language"), {"language": "en", "next": url})
    history = history_of(client.get(url).content.decode())
    assert "Sent back for changes: ขอภาพที่ชัดกว่านี้" in history
    assert "31 Mar 2025" in history and "มี.ค." not in history
