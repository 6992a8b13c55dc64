from django.http import HttpRequest, HttpResponse

from openita.accounts.authz import Capability, unit_view
from openita.units.models import Unit


@unit_view(Capability.VIEW)
def plan_overview(
    request: HttpRequest, unit: Unit, fiscal_year: int, **kwargs: object
) -> HttpResponse:
    return HttpResponse(unit.name)
