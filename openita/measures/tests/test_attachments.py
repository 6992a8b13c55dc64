"""Progress attachments: checked by content, kept out of public media, served only through the plan's
permission check (also with debug off)."""

from datetime import date
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openita.conftest import World, client_for
from openita.measures.models import ProgressAttachment
from openita_testing.files import PDF

from .factories import approved_plan

YEAR = 2568
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def url(world: World, name: str, *args: object) -> str:
    return reverse(f"measures:{name}", args=[world.station.code, YEAR, *args])


def record(world: World, measure_id: int, upload: SimpleUploadedFile, links: str = "") -> None:
    client_for(world, "officer").post(
        url(world, "progress_add", measure_id),
        {
            "done_on": "2025-01-10",
            "description": "ประชุมชี้แจง",
            "percent": "50",
            "links": links,
            "evidence_files": [upload],
        },
    )


def test_svg_named_png_and_html_named_pdf_are_refused(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    measure = approved_plan(world.station, world.user("executive"), due=date(2025, 1, 31))
    measure_id = measure.measures.get().pk
    record(world, measure_id, SimpleUploadedFile("logo.png", SVG, "image/png"))
    record(world, measure_id, SimpleUploadedFile("report.pdf", HTML, "application/pdf"))
    record(world, measure_id, SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"))
    assert not ProgressAttachment.objects.exists()


def test_a_javascript_link_is_refused(world: World) -> None:
    plan = approved_plan(world.station, world.user("executive"), due=date(2025, 1, 31))
    measure = plan.measures.get()
    record(world, measure.pk, SimpleUploadedFile("r.pdf", PDF), links="javascript:alert(1)")
    assert not measure.progress_entries.exists()


def test_an_attachment_is_private_and_served_only_through_the_permission_checked_view(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = approved_plan(world.station, world.user("executive"), due=date(2025, 1, 31))
    record(world, plan.measures.get().pk, SimpleUploadedFile("รายงาน.pdf", PDF))
    attachment = ProgressAttachment.objects.get()
    stored = Path(django_settings.OPENITA_PRIVATE_FILES_ROOT) / attachment.file.name
    assert stored.read_bytes() == PDF
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.pdf"))

    settings.DEBUG = False
    page = client_for(world, "committee").get(url(world, "measure_detail", plan.measures.get().pk))
    download_url = url(world, "progress_attachment", attachment.pk)
    assert download_url in page.content.decode()
    response = client_for(world, "committee").get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client_for(world, "outsider").get(download_url).status_code == 404
    assert client_for(world, "anonymous").get(download_url).status_code == 302
