"""A unit's choices about its public site: whether officers' names show, the licence of its open data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "cc0-1.0", _("Creative Commons Zero (CC0 1.0)")
    OGL_TH = "ogl-th", _("Open Government Licence – Thailand")


# Each licence's address (dcterms:license in the catalogue) and its CKAN licence id.
LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.OGL_TH: "https://data.go.th/pages/ogl-th",
}
DEFAULT_LICENCE = Licence.CC_BY_4


class PublicProfile(models.Model):
    """The unit's settings for its public pages (no row: the defaults)."""

    unit = models.OneToOneField(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="public_profile",
    )
    show_officer_names = models.BooleanField(
        _("show the names of the officers responsible for each OIT item"), default=False
    )
    licence = models.CharField(
        _("licence of the open data"),
        max_length=20,
        choices=Licence.choices,
        default=DEFAULT_LICENCE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public site settings")
        verbose_name_plural = _("public site settings")

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[Licence(self.licence)]
