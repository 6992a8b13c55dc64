"""The unit's letterhead emblem: uploaded once by the unit admin (PNG or JPEG, checked by its content, kept
private) and printed at the top centre of the unit's appointment orders, 3 cm high; without one, nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from openita.conftest import World, client_for
from openita.core.uploads import private_storage
from openita.units import services


def picture(kind: str = "PNG", size: tuple[int, int] = (200, 220)) -> bytes:
    stream = io.BytesIO()
    PILImage.new("RGB", size, (120, 60, 20)).save(stream, kind)
    return stream.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_the_unit_admin_sets_and_removes_the_emblem(
    world: World, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("units:letterhead", args=[world.station.code])
    assert "ยังไม่มีตรา" in client.get(url).content.decode()
    response = client.post(url, {"image": upload("garuda.png", picture())})
    assert response.status_code == 302
    world.station.refresh_from_db()
    name = world.station.letterhead.name
    assert name.startswith("units/letterheads/") and name.endswith(".png")
    assert private_storage().exists(name)  # kept in the private files, never public media
    assert services.letterhead_bytes(world.station) == picture()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"remove": "on"})
    world.station.refresh_from_db()
    assert not world.station.letterhead
    assert services.letterhead_bytes(world.station) is None
    assert not private_storage().exists(name)  # the old file goes once the change is committed


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("garuda.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("garuda.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("garuda.gif", b"GIF89a" + b"\x00" * 20),
        ("garuda.jpg", picture("PNG")),  # a PNG named .jpg: its content is not what its name says
    ],
)
def test_only_real_png_or_jpeg_is_accepted(world: World, name: str, data: bytes) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("units:letterhead", args=[world.station.code])
    response = client.post(url, {"image": upload(name, data)})
    assert response.status_code == 200
    world.station.refresh_from_db()
    assert not world.station.letterhead


def test_a_jpeg_is_accepted(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.set_letterhead(world.station, upload("ตรา.jpeg", picture("JPEG")))
    assert world.station.letterhead.name.endswith(".jpeg")
    assert (services.letterhead_bytes(world.station) or b"").startswith(b"\xff\xd8")
