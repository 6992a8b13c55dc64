"""The public answering form: /s/<code>, no login, one indicator per screen, works without JavaScript.

The form keeps no state on the server between screens: each screen posts back every answer given so far
(hidden fields), the submission key made when the form was first shown, the chosen group and the personal
link token, if any. Only the last screen stores anything, exactly once per submission key. Refusals are
whole pages that say what happened and what to do (429 for limits, 410 for a closed survey).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openita.accounts.models import Membership

from . import limits, services
from .models import Campaign, CampaignStatus, PersonalLinkToken, QuotaGroup, UsedSubmissionKey
from .questionnaire import Questionnaire, questionnaire_for

# Set on a request whose answer was counted with its limits (so it is not counted again as a page).
ANSWER_COUNTED = "_survey_answer_counted"
ANSWER_PREFIX = "q_"  # a radio group of the current screen: q_<item code>
CARRIED_FIELD = "answers"  # the answers of the other screens, packed in one hidden field


@dataclass
class FormState:
    """What the respondent's form carries from screen to screen."""

    key: str
    step: int = 0
    group_code: str = ""
    token: str = ""
    access_code: str = ""
    answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_post(cls, data: Any) -> FormState:
        try:
            step = int(data.get("step", 0))
        except (TypeError, ValueError):
            step = 0
        answers = unpack_answers(str(data.get(CARRIED_FIELD, "")))
        answers.update(
            (name.removeprefix(ANSWER_PREFIX), str(value))
            for name, value in data.items()
            if name.startswith(ANSWER_PREFIX) and value != ""
        )
        return cls(
            key=str(data.get("key", "")),
            step=step,
            group_code=str(data.get("group", "")),
            token=str(data.get("t", "")),
            access_code=services.normalise_access_code(str(data.get("ac", ""))),
            answers=answers,
        )


def pack_answers(answers: dict[str, str]) -> str:
    """Answers of the other screens, carried in one hidden field: ``i1.1:3 i1.2:4 i2:yes``."""
    return " ".join(f"{code}:{option}" for code, option in answers.items())


def unpack_answers(packed: str) -> dict[str, str]:
    answers: dict[str, str] = {}
    for pair in packed.split():
        code, _, option = pair.partition(":")
        if code and option:
            answers[code] = option
    return answers


@dataclass(frozen=True)
class ResolvedLink:
    campaign: Campaign
    fixed_group: QuotaGroup | None
    groups: tuple[QuotaGroup, ...]  # the groups to choose from (none when the link fixes one)
    expires: float
    thanks: dict[str, bytes] = field(default_factory=dict)  # the thank-you page, by language


_links: dict[str, ResolvedLink] = {}
LINK_CACHE_SIZE = 5000


def forget_links(**kwargs: Any) -> None:
    """Drop this process's cached links (a campaign or group was saved); others expire within seconds."""
    _links.clear()


def resolve_link(code: str) -> ResolvedLink | None:
    """The campaign (and group) a short code stands for, kept a few seconds per process.

    The public form is openita's hottest path: the campaign, its unit, framework version and groups change
    rarely, so each server process reuses them for OPENITA_SURVEY_LINK_CACHE_SECONDS (a change made in
    another process shows within that time; opening and closing follow the dates on every request).
    """
    now = time.monotonic()
    cached = _links.get(code)
    if cached is not None and cached.expires > now:
        return cached
    seconds = float(getattr(settings, "OPENITA_SURVEY_LINK_CACHE_SECONDS", 10))
    campaign = Campaign.objects.with_unit().filter(code=code).order_by().first()
    fixed_group = None
    if campaign is None:
        fixed_group = (
            QuotaGroup.objects.select_related(
                "campaign__assessment__unit",
                "campaign__assessment__framework_version",
                "campaign__instrument",
            )
            .filter(link_code=code)
            .order_by()
            .first()
        )
        if fixed_group is None:
            return None
        campaign = fixed_group.campaign
    groups = () if fixed_group is not None else tuple(campaign.groups.all())
    resolved = ResolvedLink(campaign, fixed_group, groups, now + seconds)
    if seconds > 0:
        if len(_links) >= LINK_CACHE_SIZE:
            _links.clear()
        _links[code] = resolved
    return resolved


def thanks_page(link: ResolvedLink) -> HttpResponse:
    """The thank-you page: the same for every respondent of a campaign, rendered once per language
    for as long as the link is kept."""
    language = translation.get_language()
    html = link.thanks.get(language)
    if html is None:
        html = render_to_string("surveys/public/thanks.html", {"campaign": link.campaign}).encode()
        link.thanks[language] = html
    return HttpResponse(html)


def _message(
    request: HttpRequest,
    title: str,
    message: str,
    status: int,
    campaign: Campaign | None = None,
    retry_after: int | None = None,
) -> HttpResponse:
    response = render(
        request,
        "surveys/public/message.html",
        {"title": title, "message": message, "campaign": campaign},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _limit_message(request: HttpRequest, hit: limits.LimitHit) -> HttpResponse:
    minutes = max(1, (hit.retry_after_seconds + 59) // 60)
    if hit.scope == limits.SUBMISSIONS:
        message = _(
            "Many answers have been sent from your network today. To protect the survey, please "
            "send again tomorrow: your answers on this page are kept if you do not close it."
        )
    else:
        message = _(
            "Too many pages were requested from your network today. Please try again tomorrow, "
            "in about %(minutes)s minute(s)."
        ) % {"minutes": minutes}
    return _message(
        request, _("Please wait a moment"), message, 429, retry_after=hit.retry_after_seconds
    )


NOT_CACHED = "max-age=0, no-cache, no-store, must-revalidate, private"


def not_cached(
    view: Callable[[HttpRequest, str], HttpResponse],
) -> Callable[[HttpRequest, str], HttpResponse]:
    """What Django's never_cache says (nothing on these pages may be kept by a browser or a proxy), with
    constant headers instead of dates computed on every request."""

    @wraps(view)
    def wrapped(request: HttpRequest, code: str) -> HttpResponse:
        response = view(request, code)
        response["Cache-Control"] = NOT_CACHED
        response["Expires"] = "0"  # "0" is a date in the past (RFC 9111, 5.3)
        return response

    return wrapped


@not_cached
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, code: str) -> HttpResponse:
    # Every request counts once against its source's limit on pages: an answer sent from the last screen
    # is counted with the answer (one statement for all its counters), anything else as a page.
    sending = request.method == "POST" and request.POST.get("go") == "send"
    if not sending:
        hit = limits.check_source(request)
        if hit is not None:
            return _limit_message(request, hit)
    response = _resolve_and_answer(request, code)
    if sending and not getattr(request, ANSWER_COUNTED, False):
        hit = limits.check_source(request)
        if hit is not None:
            return _limit_message(request, hit)
    return response


def _resolve_and_answer(request: HttpRequest, code: str) -> HttpResponse:
    found = resolve_link(code)
    if found is None:
        return _message(
            request,
            _("Survey not found"),
            _("This link does not lead to a survey. Check the address or scan the QR code again."),
            404,
        )
    campaign = found.campaign
    # Staff pages ignore the browser's language (Thai first); a foreign service user answering the EIT gets
    # it in their browser's language unless they chose one with the switch.
    language = translation.get_language_from_request(request) if campaign.has_english else "th"
    with translation.override(language):
        return _answer(request, found)


def _answer(request: HttpRequest, link: ResolvedLink) -> HttpResponse:
    campaign = link.campaign
    today = timezone.localdate()
    status = campaign.status_on(today)
    if status == CampaignStatus.CLOSED:
        return render(request, "surveys/public/closed.html", {"campaign": campaign}, status=410)
    if status == CampaignStatus.SCHEDULED:
        return render(request, "surveys/public/not_open.html", {"campaign": campaign})
    if (
        campaign.has_english
        and request.user.is_authenticated
        and Membership.objects.filter(
            user=request.user, unit_id=campaign.assessment.unit_id
        ).exists()
    ):
        return _message(
            request,
            _("Staff cannot answer this survey"),
            _(
                "You are logged in as a member of %(unit)s. The EIT is for people outside the unit "
                "who have dealt with it; its staff answer the IIT."
            )
            % {"unit": campaign.unit.name},
            403,
            campaign,
        )
    if request.method == "GET":
        state = FormState(
            key=services.new_submission_key(campaign.pk), token=request.GET.get("t", "")
        )
    else:
        state = FormState.from_post(request.POST)
    token_group = None
    if state.token:
        token_row = (
            PersonalLinkToken.objects.filter(pk=services.token_hash(state.token), campaign=campaign)
            .select_related("group")
            .first()
        )
        if token_row is None or token_row.is_used:
            # A used link is refused, unless this is the resend of the very submission that used it.
            if token_row is None or not _already_sent(state):
                return _message(
                    request,
                    _("This personal link cannot be used"),
                    _(
                        "This personal link has already been used to answer, or is not valid. "
                        "Each personal link works once."
                    ),
                    410,
                    campaign,
                )
        else:
            token_group = token_row.group
    return _AnswerForm(request, link, token_group, state).respond()


def _already_sent(state: FormState) -> bool:
    return bool(state.key) and UsedSubmissionKey.objects.filter(pk=state.key).exists()


class _AnswerForm:
    """One screen of the form: read the post, move between screens, send at the end."""

    def __init__(
        self,
        request: HttpRequest,
        link: ResolvedLink,
        token_group: QuotaGroup | None,
        state: FormState,
    ) -> None:
        self.request = request
        self.link = link
        self.campaign = link.campaign
        self.fixed_group = link.fixed_group or token_group  # a group's link, or a contact's group
        self.groups = () if self.fixed_group is not None else link.groups
        self.state = state
        self.questionnaire: Questionnaire = questionnaire_for(self.campaign)
        self.errors: dict[str, str] = {}
        self.group_error = ""
        self.code_error = ""

    @property
    def asks_for_code(self) -> bool:
        """An IIT that asks for an access code (a personal link stands for one)."""
        return self.campaign.requires_access_code and not self.state.token

    def check_access_code(self) -> bool:
        if not self.asks_for_code:
            return True
        if not self.state.access_code:
            self.code_error = _("Enter the access code you were given.")
        elif not services.access_code_is_valid(self.campaign, self.state.access_code):
            self.code_error = _(
                "This access code has already been used, or is not valid. Each code works once."
            )
        return not self.code_error

    @property
    def page_count(self) -> int:
        return len(self.questionnaire.pages)

    def chosen_group(self) -> QuotaGroup | None:
        if self.fixed_group is not None:
            return self.fixed_group
        return next((g for g in self.groups if g.code == self.state.group_code), None)

    def respond(self) -> HttpResponse:
        if self.request.method == "GET":
            return self.render(0)
        go = self.request.POST.get("go", "next")
        step = min(max(self.state.step, 0), self.page_count)
        if go == "send" and step == self.page_count:
            return self.send()
        if go == "back":
            return self.render(max(step - 1, 0))
        if step == 0:
            if self.groups and self.chosen_group() is None:
                self.group_error = _("Choose the group that fits you best, then press Start.")
            if not self.check_access_code() or self.group_error:
                return self.render(0)
            return self.render(1)
        self.errors = self.questionnaire.problems(
            self.state.answers, [self.questionnaire.page(step)]
        )
        if self.errors:
            return self.render(step)
        return self.render(min(step + 1, self.page_count))

    def send(self) -> HttpResponse:
        """The last screen: store the answers (checked once, by the service) or say what to fix."""
        if self.groups and self.chosen_group() is None:
            self.group_error = _("Choose the group that fits you best, then press Start.")
            return self.render(0)
        answers = self.state.answers
        try:
            services.submit_response(
                self.campaign,
                answers={code: answers.get(code, "") for code in self.questionnaire.codes},
                submission_key=self.state.key,
                group=self.chosen_group(),
                token=self.state.token,
                access_code=self.state.access_code if self.asks_for_code else "",
                source_limits=limits.source_limits(self.request, timezone.now(), submission=True),
            )
        except services.InvalidAnswers:
            # Back to the first screen with something to fix (the last one, usually).
            step = self.questionnaire.first_page_with_problems(answers) or self.page_count
            self.errors = self.questionnaire.problems(answers, [self.questionnaire.page(step)])
            return self.render(step)
        except services.SourceLimitReached as refused:
            return _limit_message(self.request, refused.hit)
        except services.CampaignClosed:
            return render(
                self.request, "surveys/public/closed.html", {"campaign": self.campaign}, status=410
            )
        except services.DailyCapReached as refused:
            return _message(
                self.request,
                _("Please come back tomorrow"),
                str(refused.message),
                429,
                self.campaign,
            )
        except services.SubmissionRefused as refused:
            return _message(
                self.request,
                _("Your answers were not stored"),
                str(refused.message),
                400,
                self.campaign,
            )
        setattr(self.request, ANSWER_COUNTED, True)
        return thanks_page(self.link)

    def render(self, step: int) -> HttpResponse:
        page = self.questionnaire.page(step) if step else None
        shown = {question.code for question in page.questions} if page else set()
        context = {
            "campaign": self.campaign,
            "unit": self.campaign.unit,
            "questionnaire": self.questionnaire,
            "page": page,
            "step": step,
            "page_count": self.page_count,
            "percent": step * 100 // (self.page_count + 1),
            "is_last": step == self.page_count,
            "state": self.state,
            "answers": self.state.answers,
            "carried": pack_answers(
                {
                    code: value
                    for code, value in self.state.answers.items()
                    if code not in shown and code in self.questionnaire.by_code
                }
            ),
            "carried_field": CARRIED_FIELD,
            "errors": self.errors,
            "groups": self.groups,
            "fixed_group": self.fixed_group,
            "chosen_group": self.chosen_group(),
            "group_error": self.group_error,
            "code_error": self.code_error,
            "asks_for_code": self.asks_for_code,
            "answer_prefix": ANSWER_PREFIX,
        }
        return render(self.request, "surveys/public/form.html", context)
