"""The audit log cannot be edited: no screen deletes or changes entries, admin edits are audited, and the hash
chain shows any entry deleted or changed in the database (`openita audit verify`)."""

import itertools
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from openita.audit.chain import seal_pending
from openita.audit.models import AuditAction, AuditEntry, AuditEntryImmutable
from openita.conftest import World, client_for
from openita.scoring.models import AssessmentResult
from openita.units import services as unit_services


def verify() -> str:
    output = StringIO()
    call_command("audit", "verify", stdout=output)
    return output.getvalue()


def some_entries(world: World, count: int = 4) -> list[AuditEntry]:
    """Entries of the test world and of `count` changes, sealed (the test's transaction never commits, so
    the seal that follows a commit is run by hand)."""
    for number in range(count):
        unit_services.update_unit(
            world.station, parent=world.province, name_th=f"สถานีทดสอบ {number}"
        )
    seal_pending()
    return list(AuditEntry.objects.order_by("seq"))


def test_the_chain_links_every_entry_and_verifies(world: World) -> None:
    entries = some_entries(world)
    assert len(entries) > 4
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.entry_hash and len(entry.entry_hash) == 64
    assert "the chain is whole" in verify()


def test_deleting_an_entry_in_the_database_breaks_the_chain_at_the_next_one(world: World) -> None:
    entries = some_entries(world)
    victim, following = entries[-3], entries[-2]
    AuditEntry.objects.filter(pk=victim.pk).delete()  # as a database user would, past the model
    with pytest.raises(CommandError, match=rf"audit entry {following.pk} .*missing or was changed"):
        verify()


def test_changing_an_entry_in_the_database_breaks_the_chain_at_that_entry(world: World) -> None:
    entries = some_entries(world)
    victim = entries[-2]
    AuditEntry.objects.filter(pk=victim.pk).update(changes={"name_th": ["ก", "ข"]})
    with pytest.raises(CommandError, match=rf"audit entry {victim.pk} .*content was changed"):
        verify()


def test_recomputing_the_hash_of_a_changed_entry_breaks_the_link_of_the_next(world: World) -> None:
    from openita.audit.chain import digest_of

    entries = some_entries(world)
    victim, following = entries[-2], entries[-1]
    victim.message = "forged"
    forged = digest_of(victim, "units.unit", victim.prev_hash)
    AuditEntry.objects.filter(pk=victim.pk).update(message="forged", entry_hash=forged)
    with pytest.raises(CommandError, match=rf"audit entry {following.pk} "):
        verify()


def test_entries_cannot_be_changed_or_deleted_through_the_model(world: World) -> None:
    entry = some_entries(world, 1)[0]
    entry.message = "x"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()


def test_the_migration_links_entries_written_before_the_chain(world: World) -> None:
    from importlib import import_module

    some_entries(world)
    AuditEntry.objects.update(seq=None, prev_hash="", entry_hash="")
    migration = import_module("openita.audit.migrations.0003_hash_chain")
    migration.link_existing_entries(apps, None)
    assert "the chain is whole" in verify()


def test_no_admin_screen_deletes_or_changes_an_audit_entry(world: World) -> None:
    entry = some_entries(world, 1)[0]
    admin = client_for(world, "superuser")
    changelist = admin.get(reverse("admin:audit_auditentry_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert admin.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    assert (
        admin.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    ).status_code == 403
    assert admin.get(reverse("admin:audit_auditentry_add")).status_code == 403
    admin.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    change = admin.post(
        reverse("admin:audit_auditentry_change", args=[entry.pk]), {"message": "rewritten"}
    )
    assert change.status_code in (302, 403) or "rewritten" not in change.content.decode()
    entry.refresh_from_db()
    assert entry.message != "rewritten" and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_edit_in_the_django_admin_is_audited_with_its_actor(world: World) -> None:
    result = AssessmentResult.objects.create(
        unit=world.station, fiscal_year=2568, source="official", total=Decimal("70.00"), grade="B"
    )
    assert not AuditEntry.objects.filter(object_id=str(result.pk), action="update").exists()
    admin = client_for(world, "superuser")
    data = {
        "unit": world.station.pk,
        "fiscal_year": 2568,
        "source": "official",
        "assessment": "",
        "framework_label": "",
        "total": "99.00",
        "grade": "AA",
        "rating_code": "",
        "rating_name_th": "",
        "rating_name_en": "",
        "passed": "unknown",
        "note": "",
    }
    page = admin.get(reverse("admin:scoring_assessmentresult_change", args=[result.pk]))
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin.post(reverse("admin:scoring_assessmentresult_change", args=[result.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_id=str(result.pk), action=AuditAction.UPDATE)
    assert entry.actor == world.user("superuser")
    assert entry.changes["total"] == ["70.00", "99.00"]
    seal_pending()
    assert "the chain is whole" in verify()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("threads share one SQLite test database connection badly; PostgreSQL only")
    from django.db import connections

    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for step in range(5):
                unit_services.update_unit(
                    world.station, parent=world.province, name_th=f"สถาน {number}-{step}"
                )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert "the chain is whole" in verify()


@pytest.mark.django_db(transaction=True)
def test_entries_are_sealed_right_after_their_transaction_commits(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import transaction

    from openita.audit import chain

    seals: list[int] = []
    original = chain.seal_pending

    def counting_seal() -> int:
        seals.append(original())
        return seals[-1]

    monkeypatch.setattr(chain, "seal_pending", counting_seal)
    with transaction.atomic():
        for number in range(3):
            unit_services.update_unit(world.station, parent=world.province, name_th=f"ส {number}")
        assert AuditEntry.objects.filter(seq=None).count() == 3  # not sealed before the commit
    assert seals == [3]  # one seal for the whole transaction, right after it
    assert not AuditEntry.objects.filter(seq=None).exists()
    assert "the chain is whole" in verify()


def test_a_sealing_in_between_keeps_one_chain(world: World) -> None:
    some_entries(world, 2)
    unit_services.update_unit(world.station, parent=world.province, name_th="ต่อท้าย")
    assert seal_pending() >= 1
    assert seal_pending() == 0
    positions = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    assert "the chain is whole" in verify()
