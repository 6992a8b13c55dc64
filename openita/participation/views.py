"""The public board, the public participation page, and the staff's screens (thin: the work is in services)."""

from __future__ import annotations

from typing import Any, cast

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import ROLE_CAPABILITIES, Capability, can, unit_view
from openita.accounts.models import User
from openita.core.forms import apply_errors
from openita.core.uploads import private_file_response
from openita.core.years import check_year, current_fiscal_year
from openita.surveys.models import Campaign
from openita.units.models import Unit

from . import routing, services, sources
from .forms import (
    HONEYPOT,
    AnswerForm,
    AskForm,
    AssignForm,
    BlockForm,
    ComplaintConsentForm,
    PhotoForm,
    RecordForm,
    SettingsForm,
)
from .models import ParticipationRecord, Post, PostKind, PostState, RecordPhoto

BOARD_SIZE = 50


def _user(request: HttpRequest) -> User:
    """The logged-in person (the unit_view decorator let only them through)."""
    return cast(User, request.user)


def _public_unit(unit_code: str) -> Unit:
    unit = Unit.objects.filter(code=unit_code, is_active=True).select_related("parent").first()
    if unit is None:
        raise Http404("No such unit")
    return unit


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# -- public -------------------------------------------------------------------------------------------------


def _board_context(unit: Unit, form: AskForm) -> dict[str, Any]:
    posts = Post.objects.for_board().filter(unit=unit)
    return {
        "unit": unit,
        "form": form,
        "faq": list(posts.filter(faq=True)),
        "posts": list(posts.filter(faq=False)[:BOARD_SIZE]),
        "statistics": services.statistics_by_year(unit),
        "answer_days": services.settings_for(unit).answer_days,
    }


def board(request: HttpRequest, unit_code: str) -> HttpResponse:
    """The Q&A board: published posts and answers, the FAQ, the statistics, and the form (no account)."""
    unit = _public_unit(unit_code)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if values[HONEYPOT]:  # a robot: thanked, nothing kept
            return _no_store(render(request, "participation/public/sent.html", {"unit": unit}))
        try:
            sent = services.submit_post(
                unit,
                kind=values["kind"],
                body=values["body"],
                name=values["name"],
                contact=values["contact"],
                address=sources.address_of(request),
                corruption_ticked=values["corruption"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _after_sending(request, unit, sent, values)
    return _no_store(render(request, "participation/public/board.html", _board_context(unit, form)))


def _after_sending(
    request: HttpRequest, unit: Unit, sent: services.Sent, values: dict[str, Any]
) -> HttpResponse:
    context: dict[str, Any] = {"unit": unit, "outcome": sent.outcome}
    if sent.outcome == services.Outcome.RECEIVED:
        return _no_store(render(request, "participation/public/sent.html", context))
    if sent.outcome == services.Outcome.HELD:
        context["consent"] = ComplaintConsentForm(
            initial={key: values[key] for key in ("body", "name", "contact")}
        )
        context["body"] = values["body"]
        return _no_store(render(request, "participation/public/held.html", context))
    status = 429 if sent.outcome == services.Outcome.LIMITED else 403
    return _no_store(render(request, "participation/public/refused.html", context, status=status))


@require_POST
def to_complaint(request: HttpRequest, unit_code: str) -> HttpResponse:
    """With consent, the held post becomes a confidential complaint; its receipt is shown once."""
    unit = _public_unit(unit_code)
    form = ComplaintConsentForm(request.POST)
    if not form.is_valid():
        context = {"unit": unit, "consent": form, "body": request.POST.get("body", "")}
        return _no_store(render(request, "participation/public/held.html", context, status=400))
    try:
        receipt = services.report_as_complaint(
            unit,
            body=form.cleaned_data["body"],
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
            address=sources.address_of(request),
        )
    except services.Refused as refused:
        return _after_sending(request, unit, services.Sent(refused.outcome), {})
    grouped = " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))
    response = render(
        request,
        "complaints/public/receipt.html",
        {
            "unit": unit,
            "receipt": receipt,
            "grouped": grouped,
            "qr": segno.make(receipt, error="m").svg_inline(scale=5, dark="#000", light="#fff"),
            "staff": False,
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return _no_store(response)


def participation(request: HttpRequest, unit_code: str, fiscal_year: int) -> HttpResponse:
    """The published participation records of the unit's year (the page the unit gives the OIT)."""
    unit = _public_unit(unit_code)
    check_year(fiscal_year)
    records = list(
        services.published_records(unit, fiscal_year).prefetch_related("posts", "campaigns")
    )
    return render(
        request,
        "participation/public/records.html",
        {"unit": unit, "fiscal_year": fiscal_year, "records": records},
    )


def public_photo(
    request: HttpRequest, unit_code: str, fiscal_year: int, photo_id: int
) -> FileResponse:
    unit = _public_unit(unit_code)
    photo = get_object_or_404(
        RecordPhoto,
        pk=photo_id,
        record__unit=unit,
        record__fiscal_year=fiscal_year,
        record__published_on__isnull=False,
    )
    return private_file_response(photo.stored_name, photo.original_name)


# -- staff: the Q&A queue -------------------------------------------------------------------------------------

QUEUE_STATES = ("waiting", "unanswered", "published", "rejected", "all")


@unit_view(Capability.CONTRIBUTE)
def queue(request: HttpRequest, unit: Unit) -> HttpResponse:
    state = request.GET.get("state", "waiting")
    if state not in QUEUE_STATES:
        state = "waiting"
    posts = list(
        Post.objects.for_queue().filter(unit=unit).filter(services.posts_filter(state))[:200]
    )
    return render(
        request,
        "participation/queue.html",
        {
            "unit": unit,
            "posts": posts,
            "state": state,
            "states": QUEUE_STATES,
            "today": services.today(),
            "can_manage": can(request.user, unit, Capability.MANAGE_UNIT),
            "fiscal_year": current_fiscal_year(),
        },
    )


def _post(unit: Unit, post_id: int) -> Post:
    return get_object_or_404(Post, pk=post_id, unit=unit)


def _people(unit: Unit) -> Any:
    """Who a post may be assigned to: the unit's people who do its work (Capability.CONTRIBUTE)."""
    roles = [role for role, held in ROLE_CAPABILITIES.items() if Capability.CONTRIBUTE in held]
    return (
        User.objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True)
        .distinct()
        .order_by("first_name")
    )


@unit_view(Capability.CONTRIBUTE)
def post_detail(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    return render(
        request,
        "participation/post.html",
        {
            "unit": unit,
            "post": post,
            "assign_form": AssignForm(
                unit=unit,
                people=_people(unit),
                initial={"person": post.assigned_to_id, "line": post.assigned_line_id},
            ),
            "answer_form": AnswerForm(
                initial={"answer": post.answer, "official": post.answer_official}
            ),
            "block_form": BlockForm(),
            "today": services.today(),
            "states": PostState,
            "is_question": post.kind == PostKind.QUESTION,
        },
    )


def _back(unit: Unit, post: Post) -> HttpResponse:
    return redirect("participation:post", unit.code, post.pk)


def _run(request: HttpRequest, action: Any, done: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def moderate(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    publish = request.POST.get("decision") == "publish"
    services.moderate(post, publish=publish, by=_user(request))
    messages.success(
        request, _("The post was published.") if publish else _("The post will not be shown.")
    )
    return _back(unit, post)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def assign(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    form = AssignForm(request.POST, unit=unit, people=_people(unit))
    if form.is_valid():
        _run(
            request,
            lambda: services.assign(
                post,
                person=form.cleaned_data["person"],
                line=form.cleaned_data["line"],
                by=_user(request),
            ),
            _("Assigned."),
        )
    return _back(unit, post)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def answer(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.answer(
                post,
                text=form.cleaned_data["answer"],
                official=form.cleaned_data["official"],
                by=_user(request),
            ),
            _("The answer was saved."),
        )
    return _back(unit, post)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def faq(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    on = request.POST.get("faq") == "1"
    _run(
        request,
        lambda: services.set_faq(post, faq=on, by=_user(request)),
        _("Added to the FAQ.") if on else _("Taken out of the FAQ."),
    )
    return _back(unit, post)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def block(request: HttpRequest, unit: Unit, post_id: int) -> HttpResponse:
    post = _post(unit, post_id)
    form = BlockForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.block_source(post, days=form.cleaned_data["days"], by=_user(request)),
            _("The sender of this post is blocked."),
        )
    return _back(unit, post)


@unit_view(Capability.MANAGE_UNIT)
def qa_settings(request: HttpRequest, unit: Unit) -> HttpResponse:
    current = services.settings_for(unit)
    form = SettingsForm(request.POST or None, initial={"answer_days": current.answer_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(
                unit, answer_days=form.cleaned_data["answer_days"], by=_user(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("participation:queue", unit.code)
    version, phrases = routing.load_phrases()
    return render(
        request,
        "participation/settings.html",
        {"unit": unit, "form": form, "routing_version": version, "phrase_count": len(phrases)},
    )


# -- staff: participation records ------------------------------------------------------------------------------


def _record(unit: Unit, fiscal_year: int, record_id: int) -> ParticipationRecord:
    check_year(fiscal_year)
    return get_object_or_404(ParticipationRecord, pk=record_id, unit=unit, fiscal_year=fiscal_year)


def _campaigns(unit: Unit) -> Any:
    return Campaign.objects.filter(assessment__unit=unit).order_by("-opens_on")


@unit_view()
def records(request: HttpRequest, unit: Unit, fiscal_year: int) -> HttpResponse:
    check_year(fiscal_year)
    rows = [
        (item, services.missing_elements(item))
        for item in ParticipationRecord.objects.filter(
            unit=unit, fiscal_year=fiscal_year
        ).for_listing()
    ]
    return render(
        request,
        "participation/records.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "rows": rows,
            "can_edit": can(request.user, unit, Capability.CONTRIBUTE),
            "can_publish": can(request.user, unit, Capability.APPROVE),
            "statistics": services.year_statistics(unit, fiscal_year),
        },
    )


@unit_view(Capability.CONTRIBUTE)
def record_form(
    request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int | None = None
) -> HttpResponse:
    check_year(fiscal_year)
    item = _record(unit, fiscal_year, record_id) if record_id else None
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "kind": item.kind,
            "topic": item.topic,
            "held_on": item.held_on,
            "results": item.results,
            "changes": item.changes,
            "groups": "\n".join(f"{group.name}: {group.count}" for group in item.groups.all()),
            "posts": list(item.posts.values_list("pk", flat=True)),
            "campaigns": list(item.campaigns.values_list("pk", flat=True)),
        }
    form = RecordForm(request.POST or None, initial=initial, unit=unit, campaigns=_campaigns(unit))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        saved = services.save_record(
            unit,
            fiscal_year,
            by=_user(request),
            item=item,
            groups=values["groups"],
            posts=list(values["posts"]),
            campaigns=list(values["campaigns"]),
            **{name: values[name] for name in ("kind", "topic", "held_on", "results", "changes")},
        )
        messages.success(request, _("The record was saved."))
        return redirect("participation:record_edit", unit.code, fiscal_year, saved.pk)
    return render(
        request,
        "participation/record_form.html",
        {
            "unit": unit,
            "fiscal_year": fiscal_year,
            "item": item,
            "form": form,
            "photo_form": PhotoForm(),
            "missing": services.missing_elements(item) if item else [],
            "can_publish": can(request.user, unit, Capability.APPROVE),
        },
    )


@unit_view(Capability.APPROVE)
@require_POST
def record_publish(
    request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int
) -> HttpResponse:
    item = _record(unit, fiscal_year, record_id)
    if request.POST.get("action") == "withdraw":
        services.unpublish_record(item, by=_user(request))
        messages.success(request, _("The record was withdrawn from the public site."))
    else:
        _run(
            request,
            lambda: services.publish_record(item, by=_user(request)),
            _("The record was published."),
        )
    return redirect("participation:record_edit", unit.code, fiscal_year, item.pk)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def record_delete(
    request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int
) -> HttpResponse:
    item = _record(unit, fiscal_year, record_id)
    try:
        services.delete_record(item, by=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participation:record_edit", unit.code, fiscal_year, item.pk)
    messages.success(request, _("The record was deleted."))
    return redirect("participation:records", unit.code, fiscal_year)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def photo_add(request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int) -> HttpResponse:
    item = _record(unit, fiscal_year, record_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        _run(
            request,
            lambda: services.add_photo(
                item,
                form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
                by=_user(request),
            ),
            _("The photo was added."),
        )
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("participation:record_edit", unit.code, fiscal_year, item.pk)


@unit_view(Capability.CONTRIBUTE)
@require_POST
def photo_remove(
    request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int, photo_id: int
) -> HttpResponse:
    item = _record(unit, fiscal_year, record_id)
    photo = get_object_or_404(RecordPhoto, pk=photo_id, record=item)
    services.remove_photo(photo, by=_user(request))
    messages.success(request, _("The photo was removed."))
    return redirect("participation:record_edit", unit.code, fiscal_year, item.pk)


@unit_view()
def photo_file(
    request: HttpRequest, unit: Unit, fiscal_year: int, record_id: int, photo_id: int
) -> HttpResponse:
    item = _record(unit, fiscal_year, record_id)
    photo = get_object_or_404(RecordPhoto, pk=photo_id, record=item)
    # the staff see photos of records not yet published
    return cast(HttpResponse, private_file_response(photo.stored_name, photo.original_name))
