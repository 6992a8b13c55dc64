"""Hostile or damaged workbooks sent to the import screens give a message on the form, never a server error."""

import pytest

from openita.conftest import World, client_for
from openita.imports.tests.test_screens import upload
from openita_testing.workbooks import hostile_workbooks


@pytest.mark.parametrize("name", sorted(hostile_workbooks()))
def test_a_hostile_workbook_is_refused_on_the_upload_page(world: World, name: str) -> None:
    response = upload(
        client_for(world, "unit_admin"), "units", hostile_workbooks()[name], name="units.xlsx"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
