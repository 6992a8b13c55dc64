from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.accounts.authz import is_site_admin
from openita.accounts.models import Membership, Role


def oit_navigation(request: HttpRequest) -> dict[str, Any]:
    """ "My OIT items" for everyone logged in; the assessor's desk for assessors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    links = [{"url": reverse("oit:my_items"), "label": _("My OIT items")}]
    if is_site_admin(user) or Membership.objects.filter(user=user, role=Role.ASSESSOR).exists():
        links.append({"url": reverse("oit:desk"), "label": _("Assessor's desk")})
    return {"oit_nav_links": links}
