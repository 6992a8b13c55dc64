"""Staff screens of the surveys: campaigns, quotas, progress, links, QR codes, posters, exports, imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.core.tabular import TableError
from openita.core.years import check_year, unit_page_year
from openita.frameworks.screens import choose_framework
from openita.frameworks.services import NoFrameworkVersion, ProvisionalFrameworkNeeded
from openita.units.models import Unit

from . import exports, imports, links, services
from .access import MANAGE, WATCH, campaign_view, may_manage, survey_unit_view
from .forms import AccessCodeForm, CampaignForm, GroupForm, UploadForm
from .models import Campaign, QuotaGroup, SurveyKind
from .questionnaire import questionnaire_for
from .tally import campaign_progress, units_progress


def _kind(kind: str) -> str:
    if kind not in SurveyKind.values:
        raise Http404("No such survey kind")
    return kind


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _campaign_url(campaign: Campaign, name: str = "campaign_detail") -> str:
    return reverse(f"surveys:{name}", args=[campaign.unit.code, campaign.code])


# ---------------------------------------------------------------------------------------------
# A unit's campaigns, and the units below a parent


def _with_year(request: HttpRequest, unit: Unit, fiscal_year: int | None) -> int | HttpResponse:
    """The URL's fiscal year; a URL without one goes to the same page in the working year (ADR 0016)."""
    if fiscal_year is None:
        match = request.resolver_match
        assert match is not None
        year = unit_page_year(request)
        return redirect(reverse(match.view_name, kwargs={**match.kwargs, "fiscal_year": year}))
    check_year(fiscal_year)
    return fiscal_year


@survey_unit_view(WATCH)
def unit_campaigns(
    request: HttpRequest, unit: Unit, fiscal_year: int | None = None
) -> HttpResponse:
    year = _with_year(request, unit, fiscal_year)
    if isinstance(year, HttpResponse):
        return year
    campaigns = {
        campaign.kind: campaign
        for campaign in Campaign.objects.with_unit()
        .with_response_counts()
        .filter(assessment__unit=unit, assessment__fiscal_year=year)
    }
    rows = [(kind, label, campaigns.get(kind)) for kind, label in SurveyKind.choices]
    return render(
        request,
        "surveys/unit_campaigns.html",
        {
            "unit": unit,
            "year": year,
            "rows": rows,
            "can_manage": may_manage(request.user, unit),
            "has_children": unit.children.exists(),
        },
    )


@survey_unit_view(WATCH)
def overview(request: HttpRequest, unit: Unit, fiscal_year: int | None = None) -> HttpResponse:
    """Every unit below this one, on one page, the laggards first."""
    year = _with_year(request, unit, fiscal_year)
    if isinstance(year, HttpResponse):
        return year
    below = Unit.objects.subtree_of(unit).exclude(pk=unit.pk).filter(is_active=True)
    progress = units_progress(below.order_by("path"), year)
    return render(
        request,
        "surveys/overview.html",
        {"unit": unit, "year": year, "progress": progress, "kinds": SurveyKind.choices},
    )


# ---------------------------------------------------------------------------------------------
# Setting up a campaign


@survey_unit_view(MANAGE)
def campaign_create(
    request: HttpRequest, unit: Unit, kind: str, fiscal_year: int | None = None
) -> HttpResponse:
    kind = _kind(kind)
    year = _with_year(request, unit, fiscal_year)
    if isinstance(year, HttpResponse):
        return year
    existing = services.find_campaign(unit, year, kind)
    if existing is not None:
        return redirect(_campaign_url(existing))
    opens_on, closes_on = services.default_dates(year, timezone.localdate())
    form = CampaignForm(
        request.POST or None,
        kind=kind,
        fiscal_year=year,
        initial={
            "opens_on": opens_on,
            "closes_on": closes_on,
            "daily_cap": services.default_daily_cap(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(unit, year, kind, **form.cleaned_data)
        except ProvisionalFrameworkNeeded:
            return choose_framework(unit, year, request.path)
        except NoFrameworkVersion as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Campaign created. Check the quotas, then spread the link.")
            )
            return redirect(_campaign_url(campaign, "campaign_edit"))
    return render(
        request,
        "surveys/campaign_form.html",
        {
            "unit": unit,
            "form": form,
            "kind_label": SurveyKind(kind).label,
            "year": year,
            "campaign": None,
        },
    )


@campaign_view(MANAGE)
def campaign_edit(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    groups = list(campaign.groups.select_related("line"))
    form = CampaignForm(
        request.POST or None,
        kind=campaign.kind,
        initial=CampaignForm.initial_for(campaign),
        fiscal_year=campaign.assessment.fiscal_year,
    )
    group_errors: dict[int, str] = {}
    if request.method == "POST" and form.is_valid():
        minimums: dict[int, int] = {}
        for group in groups:
            raw = request.POST.get(f"min_{group.pk}", str(group.minimum_count)).strip()
            if not raw.isdigit():
                group_errors[group.pk] = _("Enter a whole number.")
            else:
                minimums[group.pk] = int(raw)
        if not group_errors:
            try:
                services.update_campaign(campaign, **form.cleaned_data)
                services.set_group_minimums(campaign, minimums)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Campaign saved."))
                return redirect(_campaign_url(campaign, "campaign_edit"))
    return render(
        request,
        "surveys/campaign_form.html",
        {
            "unit": campaign.unit,
            "campaign": campaign,
            "form": form,
            "groups": groups,
            "group_rows": [
                (
                    group,
                    request.POST.get(f"min_{group.pk}", "")
                    if request.method == "POST"
                    else group.minimum_count,
                    group_errors.get(group.pk, ""),
                )
                for group in groups
            ],
            "warnings": services.plan_warnings(campaign, groups),
            "group_form": GroupForm(campaign=campaign),
            "kind_label": campaign.get_kind_display(),
            "year": campaign.fiscal_year,
        },
    )


@campaign_view(MANAGE)
def group_add(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if request.method != "POST":
        return redirect(_campaign_url(campaign, "campaign_edit"))
    if request.POST.get("all_lines"):
        added = services.add_line_groups(campaign)
        messages.success(request, _("%(count)s group(s) added.") % {"count": len(added)})
        return redirect(_campaign_url(campaign, "campaign_edit"))
    form = GroupForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            services.add_group(campaign, kind=form.kind, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Group added."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect(_campaign_url(campaign, "campaign_edit"))


@campaign_view(MANAGE)
def group_remove(request: HttpRequest, campaign: Campaign, group_id: int) -> HttpResponse:
    group = get_object_or_404(QuotaGroup, pk=group_id, campaign=campaign)
    if request.method == "POST":
        try:
            services.remove_group(group)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Group removed."))
    return redirect(_campaign_url(campaign, "campaign_edit"))


# ---------------------------------------------------------------------------------------------
# Progress, links, QR codes, posters, exports


def _link_rows(
    request: HttpRequest, campaign: Campaign, groups: list[QuotaGroup]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"group": None, "code": campaign.code, "url": links.short_url(request, campaign.code)}
    ]
    rows += [
        {"group": group, "code": group.link_code, "url": links.short_url(request, group.link_code)}
        for group in groups
    ]
    return rows


@campaign_view(WATCH)
def campaign_detail(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    today = timezone.localdate()
    progress = campaign_progress(campaign, today)
    groups = [item.group for item in progress.groups if item.group is not None]
    staff_cap = services.staff_cap(campaign)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "unit": campaign.unit,
            "campaign": campaign,
            "progress": progress,
            "status": campaign.status_on(today),
            "today": today,
            "links": _link_rows(request, campaign, groups),
            "warnings": services.plan_warnings(campaign, groups),
            "can_manage": may_manage(request.user, campaign.unit),
            "cap_reached": progress.today_count >= campaign.daily_cap,
            "staff_cap": staff_cap,
            "staff_cap_reached": staff_cap is not None and progress.total >= staff_cap,
            "day_groups": groups,
        },
    )


def _group_param(request: HttpRequest, campaign: Campaign) -> QuotaGroup | None:
    code = request.GET.get("group", "")
    if not code:
        return None
    return get_object_or_404(QuotaGroup, campaign=campaign, link_code=code)


@campaign_view(WATCH)
def qr_code(request: HttpRequest, campaign: Campaign, image_format: str) -> HttpResponse:
    group = _group_param(request, campaign)
    url = links.short_url(request, links.link_code_for(campaign, group))
    name = f"{campaign.unit.code}-{campaign.kind}-{group.code if group else 'all'}-qr"
    if image_format == "png":
        response = HttpResponse(links.qr_png(url), content_type="image/png")
    else:
        response = HttpResponse(links.qr_svg(url), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}.{image_format}"'
    return response


@campaign_view(WATCH)
def poster(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """An A4 page for the service counter: unit, QR code, short link, closing date (Thai)."""
    group = _group_param(request, campaign)
    url = links.short_url(request, links.link_code_for(campaign, group))
    return render(
        request,
        "surveys/poster.html",
        {
            "campaign": campaign,
            "unit": campaign.unit,
            "group": group,
            "url": url,
            "qr": links.qr_svg(url),
        },
    )


@campaign_view(WATCH)
def export_answers(request: HttpRequest, campaign: Campaign, file_format: str) -> HttpResponse:
    """The answers, once released: after the survey closes, with enough answers (docs/anonymity.md)."""
    try:
        services.release_answers(campaign)
    except services.NotReleased as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(_campaign_url(campaign))
    if file_format == "csv":
        response = HttpResponse(
            exports.answers_csv(campaign), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.answers_xlsx(campaign),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    filename = exports.export_filename(campaign, file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------------
# IIT access codes


@campaign_view(MANAGE)
def access_codes(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """Single-use access codes for the IIT: make a batch (a printable sheet or a CSV, shown once: only
    their hashes are kept), and whether the survey asks for one."""
    if campaign.kind != SurveyKind.IIT:
        raise Http404("Access codes belong to IIT campaigns")
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") in ("require", "optional"):
        services.set_access_codes_required(campaign, request.POST["action"] == "require")
        messages.success(request, _("Saved."))
        return redirect(_campaign_url(campaign, "access_codes"))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.create_access_codes(campaign, form.cleaned_data["count"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["file_format"] == "csv":
                response = HttpResponse(
                    "\ufeff" + "code\r\n" + "".join(f"{code}\r\n" for code in codes),
                    content_type="text/csv; charset=utf-8",
                )
                name = f"{campaign.unit.code}-{campaign.fiscal_year}-iit-access-codes.csv"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            return render(
                request,
                "surveys/access_code_sheet.html",
                {
                    "campaign": campaign,
                    "unit": campaign.unit,
                    "codes": codes,
                    "url": links.short_url(request, campaign.code),
                },
            )
    return render(
        request,
        "surveys/access_codes.html",
        {
            "campaign": campaign,
            "unit": campaign.unit,
            "form": form,
            "unused": services.unused_access_codes(campaign),
        },
    )


# ---------------------------------------------------------------------------------------------
# EIT contacts


@campaign_view(MANAGE)
def contacts(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if campaign.kind != SurveyKind.EIT:
        raise Http404("Contacts belong to EIT campaigns")
    upload = UploadForm()
    preview = None
    signed = ""
    if request.method == "POST" and "confirm" in request.POST:
        try:
            payload = imports.unsigned_rows(request.POST.get("rows", ""), f"contacts.{campaign.pk}")
        except signing.BadSignature:
            messages.error(
                request, _("The preview is too old or was changed. Upload the file again.")
            )
        else:
            count = services.import_contacts(
                campaign, imports.contacts_from_payload(campaign, payload)
            )
            messages.success(request, _("%(count)s contact(s) saved.") % {"count": count})
        return redirect(_campaign_url(campaign, "contacts"))
    if request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            uploaded = upload.cleaned_data["file"]
            try:
                preview = imports.preview_contacts(
                    campaign, imports.read_contacts(uploaded.read(), uploaded.name)
                )
            except TableError as error:
                upload.add_error("file", str(error))
            else:
                signed = imports.signed_rows(
                    imports.contacts_to_payload(preview.values()), f"contacts.{campaign.pk}"
                )
    contact_list = campaign.contacts.for_listing()
    return render(
        request,
        "surveys/contacts.html",
        {
            "unit": campaign.unit,
            "campaign": campaign,
            "upload": upload,
            "preview": preview,
            "signed": signed,
            "contacts": contact_list[:500],
            "contact_count": contact_list.count(),
            "to_invite": contact_list.filter(invited_on__isnull=True).exclude(email="").count(),
            "is_closed": campaign.status_on(timezone.localdate()) == "closed",
        },
    )


@campaign_view(MANAGE)
def contacts_invite(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if request.method != "POST" or campaign.kind != SurveyKind.EIT:
        return redirect(_campaign_url(campaign, "contacts"))
    if not campaign.is_open_on(timezone.localdate()):
        messages.error(request, _("Personal links are sent only while the survey is open."))
        return redirect(_campaign_url(campaign, "contacts"))
    base = links.short_url(request, campaign.code)
    sent = services.send_personal_links(campaign, lambda token: f"{base}?t={token}")
    messages.success(request, _("%(count)s personal link(s) sent by e-mail.") % {"count": sent})
    return redirect(_campaign_url(campaign, "contacts"))


@campaign_view(MANAGE)
def contacts_delete(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    if request.method != "POST" or campaign.kind != SurveyKind.EIT:
        return redirect(_campaign_url(campaign, "contacts"))
    try:
        if campaign.status_on(timezone.localdate()) == "closed":
            result = services.purge_after_campaign(campaign)
            deleted = result["contacts"]
        else:
            deleted = services.delete_contacts(campaign)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("%(count)s contact(s) deleted.") % {"count": deleted})
    return redirect(_campaign_url(campaign, "contacts"))


# ---------------------------------------------------------------------------------------------
# Paper questionnaires


@survey_unit_view(MANAGE)
def paper_import(
    request: HttpRequest, unit: Unit, kind: str, fiscal_year: int | None = None
) -> HttpResponse:
    kind = _kind(kind)
    year = _with_year(request, unit, fiscal_year)
    if isinstance(year, HttpResponse):
        return year
    campaign = services.find_campaign(unit, year, kind)
    upload = UploadForm()
    preview = None
    signed = ""
    if request.method == "POST" and "confirm" in request.POST and campaign is not None:
        try:
            payload = imports.unsigned_rows(request.POST.get("rows", ""), f"paper.{campaign.pk}")
            count = services.store_paper_answers(
                campaign, imports.sheets_from_payload(campaign, payload)
            )
        except signing.BadSignature:
            messages.error(
                request, _("The preview is too old or was changed. Upload the file again.")
            )
        except (ValidationError, services.SubmissionRefused) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(
                request, _("%(count)s paper questionnaire(s) stored.") % {"count": count}
            )
            return redirect(_campaign_url(campaign))
        return redirect("surveys:paper_import", unit.code, year, kind)
    if request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                if campaign is None:
                    campaign, _created = services.ensure_campaign(unit, year, kind)
                    messages.info(request, _("The campaign was created from the unit's framework."))
                uploaded = upload.cleaned_data["file"]
                preview = imports.preview_paper_answers(
                    campaign, imports.read_paper_answers(campaign, uploaded.read(), uploaded.name)
                )
            except TableError as error:
                upload.add_error("file", str(error))
            except (NoFrameworkVersion, ValidationError) as error:
                upload.add_error(None, str(error))
            else:
                signed = imports.signed_rows(
                    imports.sheets_to_payload(preview.values()), f"paper.{campaign.pk}"
                )
    return render(
        request,
        "surveys/paper_import.html",
        {
            "unit": unit,
            "year": year,
            "kind": kind,
            "kind_label": SurveyKind(kind).label,
            "campaign": campaign,
            "upload": upload,
            "preview": preview,
            "signed": signed,
            "codes": questionnaire_for(campaign).codes if campaign else [],
        },
    )
