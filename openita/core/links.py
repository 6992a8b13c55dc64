"""The one check for web addresses that people enter (evidence links, progress links, a unit's website, links in
imported tables): ``http`` or ``https`` only, so that no ``javascript:``, ``data:``, ``file:`` or ``ftp:`` address
is ever stored and later shown as a link."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")


@deconstructible
class WebLinkValidator(URLValidator):
    schemes = list(WEB_SCHEMES)
    message = _("Enter a full web address starting with http:// or https://.")


validate_web_link = WebLinkValidator()


def web_link_lines(text: str) -> list[str]:
    """The addresses of a one-a-line text, checked; raises ValidationError naming the first bad one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        try:
            validate_web_link(line)
        except ValidationError as error:
            raise ValidationError(
                _("“%(link)s”: enter a full web address starting with http:// or https://."),
                params={"link": line[:200]},
                code="link",
            ) from error
    return lines


class WebLinkField(forms.URLField):
    """A form field for one web address (``https://`` is assumed when no scheme is typed)."""

    default_validators = [validate_web_link]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)  # type: ignore[arg-type]
