"""The demo's units show a full public site: published items, an approved plan, released results."""

from django.test import Client

from openita.oit.published import published_everywhere, released_results
from openita.units.models import Unit


def test_the_demo_publishes_items_plans_and_results(
    demo_db: None, django_capture_on_commit_callbacks: object
) -> None:
    published = published_everywhere()
    assert published.exists()
    disclosure = published.first()
    assert disclosure is not None
    unit, year = disclosure.assessment.unit, disclosure.assessment.fiscal_year
    client = Client()
    page = client.get(f"/p/{unit.code}/{year}/oit/{disclosure.item.code}/")
    assert page.status_code == 200 and "badge ok" in page.content.decode()
    assert released_results(Unit.objects.filter(code__startswith="demo-"))
    assert client.get("/api/3/action/package_list").json()["result"]
