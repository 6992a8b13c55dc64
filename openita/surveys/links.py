"""Short links and QR codes of a campaign and of its quota groups."""

from __future__ import annotations

import io

import segno
from django.http import HttpRequest
from django.urls import reverse

from .models import Campaign, QuotaGroup


def short_path(code: str) -> str:
    return reverse("respond:answer", kwargs={"code": code})


def short_url(request: HttpRequest, code: str) -> str:
    """The absolute short link, as printed on posters and encoded in QR codes."""
    return request.build_absolute_uri(short_path(code))


def link_code_for(campaign: Campaign, group: QuotaGroup | None) -> str:
    return group.link_code if group is not None else campaign.code


def qr_png(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 10) -> str:
    """An SVG QR code that scales with its box (no fixed size), for screens and print."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, omitsize=True
    )
    return buffer.getvalue().decode()
