"""The complaint channel's screens (thin: the work is in services).

Every response here says `Cache-Control: no-store` and `Referrer-Policy: no-referrer` (`private_page`); the public
pages load nothing from other sites (the site's CSP forbids it anyway) and a receipt never appears in a URL: it
travels in POST bodies only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openita.accounts import throttle as login_throttle
from openita.accounts.authz import Capability, get_unit_for
from openita.accounts.models import User
from openita.accounts.second_factor import is_verified
from openita.complaints import keyring, services, throttle
from openita.complaints.access import (
    handlers_of,
    is_handler_in,
    is_named,
    may_appoint,
    may_appoint_custodian,
    may_handle,
)
from openita.complaints.document_kinds import case_document
from openita.complaints.forms import (
    AppointForm,
    ComplaintForm,
    MessageForm,
    NamedPeopleForm,
    ReceiptForm,
    SenderMessageForm,
    SettingsForm,
    StaffEntryForm,
    StateForm,
    SubStateForm,
    UnitChoiceForm,
    UnlockForm,
)
from openita.complaints.models import Case, CaseFile, EscrowKey, State, SubState
from openita.complaints.services import TRANSITIONS, Submission
from openita.complaints.statistics import statistics_item, unit_statistics
from openita.core.forms import apply_errors
from openita.core.years import check_year, working_fiscal_year
from openita.documents.render import render as render_document
from openita.units.models import Unit


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Handlers' pages: never cached; referrers only to this site (a stricter policy would make browsers send
    `Origin: null` with the pages' forms, which the CSRF check refuses)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The sender's pages: never cached, no referrer at all, the language chosen by a link (`?lang=en`).

    They are exempt from the CSRF check on purpose: with `Referrer-Policy: no-referrer` browsers send
    `Origin: null` with the form, which Django refuses; and the forms carry no authority of the visitor (no
    session, no login): a forged submission could only file a complaint, and the receipt page needs the receipt
    itself, which is the credential (ADR 0023)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = request.GET.get("lang", "")
        if chosen in ("th", "en"):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = view(request, *args, **kwargs)
        if chosen in ("th", "en"):
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _public_unit(unit_code: str) -> Unit:
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None or not getattr(unit, "is_active", True):
        raise Http404("No such unit")
    return unit


def _qr_svg(receipt: str) -> str:
    return segno.make(receipt, error="m").svg_inline(scale=5, dark="#000", light="#fff")


# -- public -------------------------------------------------------------------------------------------------


@public_page
def intake(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _public_unit(unit_code)
    form = ComplaintForm(
        request.POST or None, initial={"kind": request.GET.get("kind", "corruption")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            _case, receipt = services.submit(unit, _submission(request, form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _receipt_page(request, unit, receipt)
    return render(request, "complaints/public/intake.html", {"unit": unit, "form": form})


def _submission(request: HttpRequest, values: dict[str, Any], **staff: Any) -> Submission:
    fields = ("kind", "what", "who", "when", "where", "sender_name", "sender_contact", "names_head")
    return Submission(
        **{name: values[name] for name in fields}, files=request.FILES.getlist("files"), **staff
    )


def _receipt_page(
    request: HttpRequest, unit: Unit, receipt: str, *, staff: bool = False
) -> HttpResponse:
    grouped = " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
    return render(
        request,
        "complaints/public/receipt.html",
        {
            "unit": unit,
            "receipt": receipt,
            "grouped": grouped,
            "qr": _qr_svg(receipt),
            "staff": staff,
        },
    )


@public_page
def follow(request: HttpRequest, unit_code: str) -> HttpResponse:
    """The way back in: the receipt (POST only) opens the case's state and messages; the sender answers and adds
    files here. Wrong receipts are slowed, then locked, per source."""
    unit = _public_unit(unit_code)
    form = ReceiptForm(request.POST or None)
    context: dict[str, Any] = {"unit": unit, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "complaints/public/follow.html", context)
    retry_at = throttle.wait_until(request)
    if retry_at is not None:
        context["retry_at"] = retry_at
        return render(request, "complaints/public/follow.html", context, status=429)
    opened = services.open_with_receipt(form.cleaned_data["receipt"])
    if opened is None or opened[0].unit_id != unit.pk:
        throttle.failed(request)
        form.add_error("receipt", _("No complaint has this receipt. Check the digits."))
        return render(request, "complaints/public/follow.html", context, status=404)
    case, case_key = opened
    receipt = form.cleaned_data["receipt"]
    reply = SenderMessageForm(initial={"receipt": receipt})
    if request.POST.get("action") == "reply":
        reply = SenderMessageForm(request.POST)
        if reply.is_valid():
            try:
                services.add_message(
                    case, case_key, reply.cleaned_data["body"], files=request.FILES.getlist("files")
                )
            except ValidationError as error:
                apply_errors(reply, error)
            else:
                context["sent"] = True
                reply = SenderMessageForm(initial={"receipt": receipt})
    case.refresh_from_db()
    context.update(
        case=case,
        opened=services.read_case(case, case_key, for_sender=True) if not case.purged else None,
        reply=reply,
        receipt=receipt,
    )
    return render(request, "complaints/public/case.html", context)


# -- handlers -----------------------------------------------------------------------------------------------


def handler_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A unit a handler handles: 404 to those who cannot see the unit, 403 to the rest, and the second factor
    proved in this session."""

    @wraps(view)
    @login_required
    @private_page
    def wrapper(request: HttpRequest, unit_code: str, *args: Any, **kwargs: Any) -> HttpResponse:
        unit = get_unit_for(request.user, unit_code, Capability.VIEW)
        if not is_handler_in(request.user, unit):
            raise PermissionDenied
        if not is_verified(request):
            raise PermissionDenied
        return view(request, unit, *args, **kwargs)

    return wrapper


def _case_or_404(unit: Unit, number: int, user: Any) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("unit", "handling_unit", "forwarded_to"),
        pk=number,
    )
    shared = case.shared_with.filter(pk=unit.pk).exists()
    if case.handling_unit_id != unit.pk and not shared:
        raise Http404
    if is_named(user, case) or not may_handle(user, case):
        raise PermissionDenied(_("You are named in this complaint: you may not open it."))
    return case


@handler_view
def cases(request: HttpRequest, unit: Unit) -> HttpResponse:
    user = request.user
    visible = list(
        Case.objects.filter(Q(handling_unit=unit) | Q(shared_with=unit))
        .exclude(named_people__pk=int(user.pk or 0))
        .distinct()
        .select_related("unit", "sub_state")
        .order_by("-received_on", "-pk")
    )
    return render(
        request,
        "complaints/cases.html",
        {
            "unit": unit,
            "cases": visible,
            "unlocked": keyring.unlocked(request) is not None,
            "today": timezone.localdate(),
        },
    )


@handler_view
def unlock(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The password opens the handler's key; guesses count on the account's log-in counter (the same password),
    with the same growing waits."""
    form = UnlockForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        attempt = login_throttle.begin(user.username, request)
        if isinstance(attempt, datetime.datetime):
            form.add_error("password", _("Too many wrong passwords. Try again later."))
            status = 429
        else:
            try:
                private_key = services.unlock_handler_key(user, form.cleaned_data["password"])
            except PermissionDenied as error:
                form.add_error("password", str(error))
            else:
                login_throttle.succeeded(attempt)
                target = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                    target = reverse("complaints:cases", args=[unit.code])
                response = redirect(target)
                keyring.remember(request, response, private_key)
                return response
    return render(
        request,
        "complaints/unlock.html",
        {"unit": unit, "form": form, "next": request.GET.get("next", "")},
        status=status,
    )


def _open(request: HttpRequest, unit: Unit, case: Case) -> bytes | HttpResponse:
    private_key = keyring.unlocked(request)
    if private_key is None:
        return redirect(f"{reverse('complaints:unlock', args=[unit.code])}?next={request.path}")
    case_key = services.case_key_for(case, request.user, private_key)  # type: ignore[arg-type]
    if case_key is None:
        return render(request, "complaints/no_key.html", {"unit": unit, "case": case}, status=403)
    return case_key


@handler_view
def case_detail(request: HttpRequest, unit: Unit, case_id: int) -> HttpResponse:
    case = _case_or_404(unit, case_id, request.user)
    case_key = _open(request, unit, case)
    if isinstance(case_key, HttpResponse):
        return case_key
    services.share_keys(case, case_key)
    services.audit_view(case, request.user)  # type: ignore[arg-type]
    return _case_page(request, unit, case, case_key)


def _staff_of(unit: Unit) -> Any:
    return (
        User.objects.filter(memberships__unit=unit, is_active=True)
        .distinct()
        .order_by("first_name")
    )


def _case_page(
    request: HttpRequest, unit: Unit, case: Case, case_key: bytes, **forms: Any
) -> HttpResponse:
    states = sorted(TRANSITIONS[case.state] - {State.FORWARDED})
    if case.state in (State.ACCEPTED, State.IN_PROGRESS):
        states = [case.state, *states]  # a sub-state change without moving on
    context = {
        "unit": unit,
        "case": case,
        "opened": services.read_case(case, case_key) if not case.purged else None,
        "state_form": forms.get("state_form") or StateForm(states=states, unit=case.handling_unit),
        "message_form": forms.get("message_form") or MessageForm(),
        "unit_form": forms.get("unit_form") or UnitChoiceForm(),
        "named_form": forms.get("named_form") or NamedPeopleForm(choices=_staff_of(case.unit)),
        "named": case.named_people.all(),
        "can_move": bool(states),
        "can_forward": State.FORWARDED in TRANSITIONS[case.state],
        "purge_on": services.purge_date(case),
    }
    return render(request, "complaints/case.html", context)


@handler_view
@require_POST
def case_act(request: HttpRequest, unit: Unit, case_id: int) -> HttpResponse:
    case = _case_or_404(unit, case_id, request.user)
    case_key = _open(request, unit, case)
    if isinstance(case_key, HttpResponse):
        return case_key
    user: User = request.user  # type: ignore[assignment]
    action = request.POST.get("action")
    forms: dict[str, Any] = {}
    form: Any
    try:
        if action == "state":
            states = sorted(TRANSITIONS[case.state] | {case.state})
            form = StateForm(request.POST, states=states, unit=case.handling_unit)
            forms["state_form"] = form
            if not form.is_valid():
                raise ValidationError("")
            services.change_state(
                case,
                form.cleaned_data["state"],
                by=user,
                case_key=case_key,
                explanation=form.cleaned_data["explanation"],
                sub_state=form.cleaned_data["sub_state"],
            )
        elif action in ("message", "note"):
            form = MessageForm(request.POST)
            forms["message_form"] = form
            if not form.is_valid():
                raise ValidationError("")
            services.add_message(
                case,
                case_key,
                form.cleaned_data["body"],
                by=user,
                internal=action == "note" or form.cleaned_data["internal"],
                files=request.FILES.getlist("files"),
            )
        elif action == "name":
            form = NamedPeopleForm(request.POST, choices=_staff_of(case.unit))
            forms["named_form"] = form
            if not form.is_valid():
                raise ValidationError("")
            services.name_people(case, list(form.cleaned_data["people"]), by=user)
            if case.named_people.filter(pk=user.pk).exists():
                messages.info(
                    request, _("You named yourself: you can no longer open this complaint.")
                )
                return redirect("complaints:cases", unit.code)
        elif action in ("forward", "share"):
            form = UnitChoiceForm(request.POST)
            forms["unit_form"] = form
            if not form.is_valid():
                raise ValidationError("")
            if action == "forward":
                services.forward(
                    case,
                    form.cleaned_data["unit"],
                    by=user,
                    case_key=case_key,
                    note=form.cleaned_data["note"],
                )
            else:
                services.share(case, form.cleaned_data["unit"], by=user, case_key=case_key)
        else:
            raise Http404
    except ValidationError as error:
        for form in forms.values():
            if error.messages and error.messages != [""]:
                apply_errors(form, error)
        case.refresh_from_db()
        return _case_page(request, unit, case, case_key, **forms)
    messages.success(request, _("Saved."))
    return redirect("complaints:case", unit.code, case.pk)


@handler_view
def case_file(request: HttpRequest, unit: Unit, case_id: int, file_id: int) -> HttpResponse:
    case = _case_or_404(unit, case_id, request.user)
    case_key = _open(request, unit, case)
    if isinstance(case_key, HttpResponse):
        return case_key
    item = get_object_or_404(CaseFile, pk=file_id, case=case)
    from openita.complaints import crypto

    name = crypto.unseal(case_key, bytes(item.sealed_name)).decode("utf-8")
    services.audit_view(case, request.user, "file downloaded")  # type: ignore[arg-type]
    response = HttpResponse(
        services.read_file(item, case_key), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@handler_view
def case_pdf(request: HttpRequest, unit: Unit, case_id: int) -> HttpResponse:
    case = _case_or_404(unit, case_id, request.user)
    case_key = _open(request, unit, case)
    if isinstance(case_key, HttpResponse):
        return case_key
    opened = services.read_case(case, case_key)
    user: User = request.user  # type: ignore[assignment]
    services.audit_view(case, user, "exported as PDF")
    data = render_document(case_document(opened, user.display_name, timezone.now()), "pdf")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="complaint-{case.unit.code}-{case.number}.pdf"'
    )
    return response


@handler_view
def staff_entry(request: HttpRequest, unit: Unit) -> HttpResponse:
    form = StaffEntryForm(
        request.POST or None,
        named_choices=_staff_of(unit),
        initial={"received_on": timezone.localdate(), "kind": "corruption"},
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            _case, receipt = services.submit(
                unit,
                _submission(
                    request,
                    values,
                    channel=values["channel"],
                    received_on=values["received_on"],
                    named_people=list(values["named_people"]),
                ),
                entered_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _receipt_page(request, unit, receipt, staff=True)
    return render(request, "complaints/staff_entry.html", {"unit": unit, "form": form})


# -- appointing, settings, statistics -------------------------------------------------------------------


@login_required
@private_page
def manage(request: HttpRequest, unit_code: str) -> HttpResponse:
    """Handlers (appointed by the head of unit or from above), the escrow custodian (from the parent unit), and
    the unit's deadlines, retention and sub-states (its handlers or admins)."""
    unit = get_unit_for(request.user, unit_code, Capability.VIEW)
    user: User = request.user  # type: ignore[assignment]
    appoints = may_appoint(user, unit)
    edits = is_handler_in(user, unit) or Capability.MANAGE_UNIT in _caps(user, unit)
    escrow_from_above = may_appoint_custodian(user, unit)
    if not (appoints or edits or escrow_from_above):
        raise PermissionDenied
    escrow_secret = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            escrow_secret = _manage_action(
                request, unit, user, action, appoints, edits, escrow_from_above
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        if not escrow_secret:
            return redirect("complaints:manage", unit.code)
    current = services.settings_for(unit)
    return render(
        request,
        "complaints/manage.html",
        {
            "unit": unit,
            "handlers": handlers_of(unit).order_by("first_name"),
            "appoints": appoints,
            "edits": edits,
            "escrow_from_above": escrow_from_above,
            "escrow": EscrowKey.objects.filter(unit=unit).select_related("custodian").first(),
            "escrow_secret": escrow_secret,
            "appoint_form": AppointForm(),
            "settings_form": SettingsForm(
                initial={name: getattr(current, name) for name in SettingsForm.base_fields}
            ),
            "sub_state_form": SubStateForm(),
            "sub_states": SubState.objects.filter(unit=unit),
        },
    )


def _caps(user: Any, unit: Unit) -> frozenset[Capability]:
    from openita.accounts.authz import capabilities_in

    return capabilities_in(user, unit)


def _manage_action(
    request: HttpRequest,
    unit: Unit,
    user: User,
    action: str,
    appoints: bool,
    edits: bool,
    escrow: bool,
) -> str:
    import base64

    if action in ("appoint", "remove") and not appoints:
        raise PermissionDenied
    if action in ("settings", "sub_state") and not edits:
        raise PermissionDenied
    if action in ("appoint", "remove", "escrow"):
        form = AppointForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give a username."))
        person = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if person is None:
            raise ValidationError(_("No such person."))
        if action == "appoint":
            services.appoint_handler(unit, person, by=user)
        elif action == "remove":
            services.remove_handler(unit, person, by=user)
        else:
            if not escrow:
                raise PermissionDenied
            secret = services.create_escrow(unit, person, by=user)
            return base64.b32encode(secret).decode("ascii")
    elif action == "settings":
        settings_form = SettingsForm(request.POST)
        if not settings_form.is_valid():
            raise ValidationError(_("Check the numbers."))
        services.save_unit_settings(unit, by=user, **settings_form.cleaned_data)
    elif action == "sub_state":
        sub_form = SubStateForm(request.POST)
        if not sub_form.is_valid():
            raise ValidationError(_("Give the name in Thai."))
        services.add_sub_state(unit, **sub_form.cleaned_data)
    else:
        raise Http404
    messages.success(request, _("Saved."))
    return ""


@login_required
@private_page
def statistics(
    request: HttpRequest, unit_code: str, fiscal_year: int | None = None
) -> HttpResponse:
    unit = get_unit_for(request.user, unit_code, Capability.VIEW)
    year = fiscal_year or working_fiscal_year(request)
    check_year(year)
    period = request.GET.get("period") or None
    if period not in (None, "h1", "year"):
        raise Http404
    figures = unit_statistics(unit, year, period)
    return render(
        request,
        "complaints/statistics.html",
        {
            "unit": unit,
            "figures": figures,
            "fiscal_year": year,
            "period": period or figures.period.name,
            "item": statistics_item(unit, year),  # the year's OIT item, found by its purpose
        },
    )
