"""Issue 13, seen 2: a unit admin changed the e-mail address of people above them (an executive, a superuser,
people of other units) and then had "forgot password" mail the account to themselves."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from openita.accounts import services
from openita.accounts.authz import can_edit_person
from openita.accounts.models import Role, User
from openita.conftest import World, client_for


def edit_url(person: User) -> str:
    return reverse("accounts:person_edit", args=[person.pk])


def form_of(person: User, **changes: str) -> dict[str, str]:
    values = {
        "username": person.username,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "rank": person.rank,
        "position": person.position,
        "phone": person.phone,
        "is_active": "on",
    }
    return {**values, **changes}


def ask_for_a_password_reset(email: str) -> None:
    Client().post(reverse("accounts:password_reset"), {"email": email})


def test_a_unit_admin_cannot_take_over_the_executive_of_their_unit(world: World) -> None:
    executive = world.user("executive")
    client = client_for(world, "unit_admin")
    assert client.get(edit_url(executive)).status_code == 200  # seen, read-only
    response = client.post(edit_url(executive), form_of(executive, email="attacker@example.org"))
    assert response.status_code == 403
    ask_for_a_password_reset("attacker@example.org")
    executive.refresh_from_db()
    assert executive.email == "executive@example.org"
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.update_person(executive, by=world.user("unit_admin"), email="x@example.org")


def test_nobody_but_a_site_admin_edits_a_superuser_even_one_holding_a_role_below(
    world: World,
) -> None:
    superuser = world.user("superuser")
    services.grant_role(superuser, world.station, Role.OFFICER)
    for persona in ("unit_admin", "parent_admin"):
        response = client_for(world, persona).post(
            edit_url(superuser), form_of(superuser, email="attacker@example.org")
        )
        assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "superuser@example.org"


def test_nobody_edits_a_person_whose_roles_reach_outside_their_units(world: World) -> None:
    officer = world.user("officer")
    services.grant_role(officer, world.elsewhere, Role.OFFICER)
    assert not can_edit_person(world.user("unit_admin"), officer)
    response = client_for(world, "unit_admin").post(
        edit_url(officer), form_of(officer, first_name="Renamed")
    )
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.first_name == "Officer"


def test_nobody_edits_themselves_or_a_peer_admin_through_the_people_screens(world: World) -> None:
    admin = world.user("unit_admin")
    peer = services.create_person(username="peer", email="peer@example.org", first_name="Peer")
    services.grant_role(peer, world.station, Role.UNIT_ADMIN)
    assert not can_edit_person(admin, admin)
    assert not can_edit_person(admin, peer)
    assert can_edit_person(world.user("parent_admin"), peer)


def test_a_unit_admin_still_edits_the_officers_of_their_unit(world: World) -> None:
    officer = world.user("officer")
    response = client_for(world, "unit_admin").post(
        edit_url(officer), form_of(officer, position="เสมียน")
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.position == "เสมียน"


def confirm_link(message: mail.EmailMessage) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/email/confirm/" in line)
    return line.split("testserver", 1)[1] if "testserver" in line else line.strip()


def test_a_new_address_takes_effect_only_once_confirmed_from_it(world: World) -> None:
    officer = world.user("officer")
    response = client_for(world, "unit_admin").post(
        edit_url(officer), form_of(officer, email="new.officer@example.org")
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.email == "officer@example.org"
    to_new, to_old = mail.outbox
    assert to_new.to == ["new.officer@example.org"]
    assert to_old.to == ["officer@example.org"]
    assert "new.officer@example.org" in to_old.body
    link = confirm_link(to_new)
    assert link not in to_old.body
    ask_for_a_password_reset("new.officer@example.org")
    assert len(mail.outbox) == 2  # no reset for an address not yet confirmed
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "new.officer@example.org" in page.content.decode()
    officer.refresh_from_db()
    assert officer.email == "officer@example.org"  # looking at the link changes nothing
    assert visitor.post(link).status_code == 302
    officer.refresh_from_db()
    assert officer.email == "new.officer@example.org"
    again = visitor.post(link)  # the link is used up
    assert again.status_code == 200 and "alert-danger" in again.content.decode()


def test_a_confirmation_link_is_single_use_unforgeable_and_expires(world: World) -> None:
    officer = world.user("officer")
    start = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        token = services.email_change_token(officer, "late@example.org")
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        with pytest.raises(services.ValidationError):
            services.confirm_email_change(forged)
        clock.move_to(start + datetime.timedelta(days=3, minutes=1))
        with pytest.raises(services.ValidationError):
            services.confirm_email_change(token)
        fresh = services.email_change_token(officer, "fresh@example.org")
        services.confirm_email_change(fresh)
        with pytest.raises(services.ValidationError):
            services.confirm_email_change(fresh)
    officer.refresh_from_db()
    assert officer.email == "fresh@example.org"


def test_the_confirmation_page_refuses_a_broken_link(db: None) -> None:
    page = Client().get(reverse("accounts:email_confirm", args=["not-a-token"]))
    assert page.status_code == 200
    assert "alert-danger" in page.content.decode()
    assert Client().post(reverse("accounts:email_confirm", args=["not-a-token"])).status_code == 200
