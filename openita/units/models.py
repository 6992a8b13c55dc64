from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openita.core.uploads import private_storage

UNIT_CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",
    _("Use 1–40 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
)


class UnitType(models.TextChoices):
    GENERAL = "general", _("General agency")
    POLICE_STATION = "police_station", _("Police station")
    IMMIGRATION = "immigration", _("Immigration office")
    LOCAL_ADMIN = "local_admin", _("Local administration")
    PROVINCIAL = "provincial", _("Provincial office")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class DigitStyle(models.TextChoices):
    THAI = "thai", _("Thai digits (๑๒๓)")
    ARABIC = "arabic", _("Arabic digits (123)")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        """The unit and all its descendants, at any depth."""
        return self.filter(path__startswith=unit.path)

    def for_listing(self) -> UnitQuerySet:
        return self.select_related("parent").order_by("path")


class Unit(models.Model):
    """A public body (หน่วยงาน). Units form a hierarchy of any depth through `parent`.

    `path` is a materialised path of zero-padded primary keys ("/000001/000007/"), kept by the services, so a
    subtree is one indexed prefix query on SQLite and PostgreSQL alike.
    """

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[UNIT_CODE_VALIDATOR])
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    unit_type = models.CharField(
        _("unit type"), max_length=20, choices=UnitType.choices, default=UnitType.GENERAL
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(
        _("position in the hierarchy"), max_length=255, db_index=True, editable=False, default=""
    )
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    document_digits = models.CharField(
        _("digits in documents"), max_length=10, choices=DigitStyle.choices, default=DigitStyle.THAI
    )
    # The emblem at the top of the unit's orders (the Garuda, ~3 cm high): PNG or JPEG checked by its
    # content (services.set_letterhead), in the private storage; read only by the document builders.
    letterhead = models.FileField(
        _("letterhead emblem"),
        upload_to="units/letterheads/",
        max_length=255,
        storage=private_storage,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]


class Line(models.Model):
    """A line of work (สายงาน / ฝ่าย / กอง) inside a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("code"), max_length=40, validators=[UNIT_CODE_VALIDATOR])
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("line of work")
        verbose_name_plural = _("lines of work")
        ordering = ["unit", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="line_code_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th
