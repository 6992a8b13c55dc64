"""The endpoints of /api/v1/: thin views over the same services and the same authorisation helpers as the
screens (`openita.accounts.authz`): outsiders get 404, people who may see but not do get 403, and a request
without credentials gets 401."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from openita.accounts import authz
from openita.accounts.authz import Capability
from openita.accounts.models import Membership
from openita.audit.context import acting_as
from openita.core.years import is_fiscal_year
from openita.documents import kinds
from openita.documents import services as documents
from openita.documents.models import BatchStatus, DocumentBatch
from openita.documents.render import CONTENT_TYPES
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.measures import services as measures
from openita.measures.models import Measure, MeasuresPlan, PlanVersion, ProgressEntry
from openita.oit import services as oit
from openita.oit.models import Disclosure, OitDeadlines
from openita.scoring.models import AssessmentResult, InstrumentScore, ResultSource, result_items
from openita.surveys.access import may_watch
from openita.surveys.models import Campaign
from openita.surveys.tally import campaign_progress
from openita.units.models import Unit, UnitQuerySet

from . import serializers as s
from . import services
from .docs import doc
from .models import ApiToken

UNIT_PARAM = OpenApiParameter(
    "unit",
    str,
    description=doc(
        "A unit's code: only that unit and every unit below it.",
        "รหัสหน่วยงาน: เฉพาะหน่วยงานนั้นและหน่วยงานในสังกัดทุกระดับ",
    ),
)
SUBTREE_PARAM = OpenApiParameter(
    "subtree",
    bool,
    description=doc(
        "false: the unit named by `unit` only, without the units below it.",
        "false: เฉพาะหน่วยงานตาม `unit` ไม่รวมหน่วยงานในสังกัด",
    ),
)
YEAR_PARAM = OpenApiParameter(
    "fiscal_year",
    int,
    description=doc(
        "Fiscal year in the Buddhist era, ASCII digits (2569).",
        "ปีงบประมาณ พ.ศ. เป็นเลขอารบิก (2569)",
    ),
)
IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=doc(
        "Any unique text: a retry with the same key (same token, within a day) gets the first answer "
        "again instead of writing twice.",
        "ข้อความที่ไม่ซ้ำ: การส่งซ้ำด้วยคีย์เดิม (โทเคนเดิม ภายในหนึ่งวัน) จะได้คำตอบเดิม ไม่บันทึกซ้ำ",
    ),
)


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the services' ValidationError as 400 with its sentences."""
    if isinstance(error, DjangoValidationError):
        error = exceptions.ValidationError({"detail": error.messages})
    return drf_exception_handler(error, context)


# ----------------------------------------------------------------------------------------------------
# Scoping: which units a list covers


def fiscal_year_param(request: Request) -> int | None:
    raw = request.query_params.get("fiscal_year")
    if raw in (None, ""):
        return None
    if not (raw.isascii() and raw.isdigit() and is_fiscal_year(int(raw))):
        raise exceptions.ValidationError(
            {"fiscal_year": "A Buddhist-era year in ASCII digits, e.g. 2569."}
        )
    return int(raw)


def units_in_scope(request: Request) -> UnitQuerySet:
    """The units the person may see, narrowed to `?unit=<code>` and the units below it (`subtree=false`:
    that unit only). A unit the person may not see is 404, as on the screens."""
    units = authz.visible_units(request.user)
    code = request.query_params.get("unit")
    if code:
        unit = authz.get_unit_for(request.user, code)
        if request.query_params.get("subtree", "true").lower() in ("false", "0", "no"):
            units = units.filter(pk=unit.pk)
        else:
            units = units.filter(path__startswith=unit.path)
    return units


class ScopedList(generics.ListAPIView):
    """A list over the units in scope and an optional fiscal year (`unit_field` and `year_field` name
    where the queryset keeps them)."""

    unit_field = "unit"
    year_field = "fiscal_year"

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.base_queryset()
        if self.request.query_params.get("unit") or not authz.is_site_admin(self.request.user):
            units = units_in_scope(self.request)
            queryset = queryset.filter(**{f"{self.unit_field}__in": units.values("pk")})
        year = fiscal_year_param(self.request)
        if year is not None:
            queryset = queryset.filter(**{self.year_field: year})
        return queryset


SCOPED = [UNIT_PARAM, SUBTREE_PARAM, YEAR_PARAM]


# ----------------------------------------------------------------------------------------------------
# Units and people


@extend_schema(
    parameters=[UNIT_PARAM, SUBTREE_PARAM],
    description=doc("The units you may see.", "หน่วยงานที่ท่านมีสิทธิ์เห็น"),
)
class UnitList(generics.ListAPIView):
    serializer_class = s.UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return units_in_scope(self.request).select_related("parent")


@extend_schema(description=doc("One unit and its lines of work.", "หน่วยงานหนึ่งและสายงานของหน่วยงาน"))
class UnitDetail(generics.RetrieveAPIView):
    serializer_class = s.UnitDetailSerializer

    def get_object(self) -> Unit:
        unit = authz.get_unit_for(self.request.user, self.kwargs["unit_code"])
        return Unit.objects.prefetch_related("lines").select_related("parent").get(pk=unit.pk)


@extend_schema(
    description=doc(
        "The unit's people with their roles: names, rank, position and role only.",
        "บุคลากรของหน่วยงานและบทบาท: เฉพาะชื่อ ยศ ตำแหน่ง และบทบาท",
    )
)
class PeopleList(generics.ListAPIView):
    serializer_class = s.PersonRoleSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        unit = authz.get_unit_for(self.request.user, self.kwargs["unit_code"])
        return Membership.objects.filter(unit=unit, user__is_active=True).select_related(
            "user", "line"
        )


# ----------------------------------------------------------------------------------------------------
# Frameworks, assessments and results


@extend_schema(
    parameters=[YEAR_PARAM],
    description=doc("Framework versions (read only).", "กรอบการประเมินแต่ละฉบับ (อ่านอย่างเดียว)"),
)
class FrameworkList(generics.ListAPIView):
    serializer_class = s.FrameworkSerializer

    def get_queryset(self) -> QuerySet[FrameworkVersion]:
        queryset = FrameworkVersion.objects.all()
        year = fiscal_year_param(self.request)
        return queryset if year is None else queryset.filter(fiscal_year=year)


@extend_schema(
    description=doc(
        "A framework version with its instruments, indicators and OIT items.",
        "กรอบการประเมินพร้อมแบบวัด ตัวชี้วัด และข้อ OIT",
    )
)
class FrameworkDetail(generics.RetrieveAPIView):
    serializer_class = s.FrameworkDetailSerializer
    queryset = FrameworkVersion.objects.prefetch_related(
        "instruments", "indicators__instrument", "oit_items__indicator"
    )


@extend_schema(
    parameters=SCOPED,
    description=doc("Assessments of the units in scope.", "การประเมินของหน่วยงานที่เลือก"),
)
class AssessmentList(ScopedList):
    serializer_class = s.AssessmentSerializer

    def base_queryset(self) -> QuerySet[Assessment]:
        return Assessment.objects.select_related("unit")


def released_results() -> QuerySet[AssessmentResult]:
    """The results as the screens show them: the official result, otherwise openita's computed result once
    the year's OIT scores were released, never before (`openita.oit.published.released_results`)."""
    official = AssessmentResult.objects.filter(
        unit_id=OuterRef("unit_id"),
        fiscal_year=OuterRef("fiscal_year"),
        source=ResultSource.OFFICIAL,
        total__isnull=False,
    )
    released = OitDeadlines.objects.filter(
        assessment_id=OuterRef("assessment_id"), scores_released_at__isnull=False
    )
    return AssessmentResult.objects.filter(total__isnull=False).filter(
        Q(source=ResultSource.OFFICIAL)
        | (Q(source=ResultSource.COMPUTED) & Exists(released) & ~Exists(official))
    )


@extend_schema(
    parameters=SCOPED,
    description=doc(
        "Released results with their instrument scores, one per unit and year.",
        "ผลการประเมินที่เผยแพร่แล้ว พร้อมคะแนนรายแบบวัด หน่วยงานละหนึ่งผลต่อปี",
    ),
)
class ResultList(ScopedList):
    """The busiest list (a province's or a ministry's dashboard pulls every unit's result): rows read as
    plain values and the page's instrument scores in one more query, shaped as `ResultSerializer` shows
    them (docs/benchmarks.md, bench/api_bench.py)."""

    serializer_class = s.ResultSerializer
    # The serializer's plain fields, read as values (the unit's code and the scores are added).
    FIELDS = tuple(
        name for name in s.ResultSerializer.Meta.fields if name not in ("unit", "instrument_scores")
    )

    def base_queryset(self) -> QuerySet[AssessmentResult]:
        return released_results().order_by()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_queryset().values(*self.FIELDS, unit_code=F("unit__code"))
        page: list[dict[str, Any]] = self.paginate_queryset(rows) or []
        scores: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for result_id, code, weight, score, respondents in (
            InstrumentScore.objects.filter(result_id__in=[row["id"] for row in page])
            .order_by("result_id", "position", "pk")
            .values_list("result_id", "code", "weight", "score", "respondents")
        ):
            scores[result_id].append(
                {
                    "code": code,
                    "weight": _decimal(weight),
                    "score": _decimal(score),
                    "respondents": respondents,
                }
            )
        data = [
            {
                "id": row["id"],
                "unit": row["unit_code"],
                **{name: row[name] for name in self.FIELDS[1:]},
                "total": _decimal(row["total"]),
                "instrument_scores": scores[row["id"]],
            }
            for row in page
        ]
        return self.get_paginated_response(data)


def _decimal(value: Decimal | None) -> str | None:
    """A decimal as DRF's DecimalField gives it (a string with its places), or None."""
    return None if value is None else str(value)


@extend_schema(
    description=doc(
        "One released result with its indicator and item scores.",
        "ผลการประเมินหนึ่งรายการ พร้อมคะแนนรายตัวชี้วัดและรายข้อ",
    )
)
class ResultDetail(generics.RetrieveAPIView):
    serializer_class = s.ResultDetailSerializer

    def get_object(self) -> AssessmentResult:
        result = get_object_or_404(
            released_results()
            .select_related("unit")
            .prefetch_related("instrument_scores", "indicator_scores"),
            pk=self.kwargs["pk"],
        )
        authz.require(self.request.user, result.unit, Capability.VIEW)
        return result

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        result = self.get_object()
        serializer = self.get_serializer(result)
        serializer.context["items"] = result_items(result)
        return Response(serializer.data)


# ----------------------------------------------------------------------------------------------------
# Surveys


@extend_schema(
    parameters=[YEAR_PARAM],
    responses=s.CampaignSerializer(many=True),
    description=doc(
        "The unit's survey campaigns: answers counted against the minimum and each quota; never the answers.",
        "การสำรวจของหน่วยงาน: จำนวนผู้ตอบเทียบกับกลุ่มตัวอย่างขั้นต่ำและโควตา ไม่มีคำตอบ",
    ),
)
class CampaignList(APIView):
    def get(self, request: Request, unit_code: str) -> Response:
        unit = authz.get_unit_for(request.user, unit_code)
        if not may_watch(request.user, unit):
            raise PermissionDenied
        campaigns = Campaign.objects.filter(assessment__unit=unit).with_unit().order_by("pk")
        year = fiscal_year_param(request)
        if year is not None:
            campaigns = campaigns.filter(assessment__fiscal_year=year)
        today = timezone.localdate()
        rows = []
        for campaign in campaigns:
            progress = campaign_progress(campaign, today)
            rows.append(
                {
                    "id": campaign.pk,
                    "kind": campaign.kind,
                    "fiscal_year": campaign.fiscal_year,
                    "opens_on": campaign.opens_on,
                    "closes_on": campaign.closes_on,
                    "minimum": progress.minimum,
                    "answers": progress.total,
                    "percent": progress.percent,
                    "is_complete": progress.is_complete,
                    "quotas": [
                        {
                            "code": group.group.code if group.group else None,
                            "name_th": group.group.name_th if group.group else None,
                            "name_en": group.group.name_en if group.group else None,
                            "count": group.count,
                            "minimum": group.minimum,
                            "is_met": group.is_met,
                        }
                        for group in progress.groups
                    ],
                }
            )
        return Response(s.CampaignSerializer(rows, many=True).data)


# ----------------------------------------------------------------------------------------------------
# OIT


def disclosures() -> QuerySet[Disclosure]:
    return Disclosure.objects.select_related("assessment__unit", "item").prefetch_related(
        "evidence"
    )


def visible_disclosure(request: Request, pk: int) -> Disclosure:
    disclosure = get_object_or_404(disclosures(), pk=pk)
    authz.require(request.user, disclosure.assessment.unit, Capability.VIEW)
    return disclosure


def editable_disclosure(request: Request, pk: int) -> Disclosure:
    """The item, when the person may add evidence to it (`oit.services.may_edit`: the unit admin, or the
    person assigned to it who may contribute): 404 outsiders, 403 others."""
    disclosure = visible_disclosure(request, pk)
    if not oit.may_edit(request.user, disclosure):
        raise PermissionDenied
    return disclosure


@extend_schema(
    parameters=SCOPED,
    description=doc(
        "OIT items with their state; the evidence of published items.",
        "ข้อ OIT พร้อมสถานะ และหลักฐานของข้อที่เผยแพร่แล้ว",
    ),
)
class OitItemList(ScopedList):
    serializer_class = s.OitDisclosureSerializer
    unit_field = "assessment__unit"
    year_field = "assessment__fiscal_year"

    def base_queryset(self) -> QuerySet[Disclosure]:
        return disclosures()


@extend_schema(description=doc("One OIT item.", "ข้อ OIT หนึ่งข้อ"))
class OitItemDetail(generics.RetrieveAPIView):
    serializer_class = s.OitDisclosureSerializer

    def get_object(self) -> Disclosure:
        return visible_disclosure(self.request, self.kwargs["pk"])


class WriteView(APIView):
    """A write: audited as the person the token belongs to; with an Idempotency-Key a retry gets the first
    answer again (kept a day per token and key) instead of writing twice."""

    def write(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotImplementedError

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response | HttpResponse:
        key = request.headers.get("Idempotency-Key", "").strip()
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if not key or token is None:
            with acting_as(request.user):
                return self.write(request, *args, **kwargs)
        if len(key) > 255:
            raise exceptions.ValidationError({"Idempotency-Key": "At most 255 characters."})
        with transaction.atomic():
            # One write per token at a time: a retry racing the first try waits for its answer.
            ApiToken.objects.select_for_update().filter(pk=token.pk).first()
            stored = services.stored_response(token, key)
            if stored is not None:
                if stored.method != request.method or stored.path != request.path:
                    return Response(
                        {"detail": "This Idempotency-Key was used for another request."},
                        status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                    )
                replay = HttpResponse(
                    stored.body, status=stored.status_code, content_type=stored.content_type
                )
                replay["Idempotent-Replayed"] = "true"
                return replay
            with acting_as(request.user):
                response = self.write(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                services.store_response(
                    token,
                    key,
                    method=request.method or "POST",
                    path=request.path,
                    status_code=response.status_code,
                    body=JSONRenderer().render(response.data).decode(),
                    content_type="application/json",
                )
        return response


@extend_schema(
    request=s.EvidenceLinkSerializer,
    responses={201: s.EvidenceSerializer},
    parameters=[IDEMPOTENCY_PARAM],
    description=doc(
        "Add a link as evidence of a draft item (the person assigned to it, or the unit admin).",
        "เพิ่มลิงก์เป็นหลักฐานของข้อที่ยังเป็นร่าง (ผู้รับผิดชอบข้อนั้น หรือผู้ดูแลระบบของหน่วยงาน)",
    ),
)
class OitEvidenceLink(WriteView):
    def write(self, request: Request, pk: int) -> Response:
        disclosure = editable_disclosure(request, pk)
        data = s.EvidenceLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = oit.add_link(
            disclosure, request.user, data.validated_data["url"], data.validated_data.get("period")
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request={"multipart/form-data": s.EvidenceFileSerializer},
    responses={201: s.EvidenceSerializer},
    parameters=[IDEMPOTENCY_PARAM],
    description=doc(
        "Upload a file as evidence of a draft item (PDF, Word, Excel, image).",
        "อัปโหลดไฟล์เป็นหลักฐานของข้อที่ยังเป็นร่าง (PDF, Word, Excel, รูปภาพ)",
    ),
)
class OitEvidenceFile(WriteView):
    parser_classes = [MultiPartParser, FormParser]

    def write(self, request: Request, pk: int) -> Response:
        disclosure = editable_disclosure(request, pk)
        data = s.EvidenceFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = oit.add_file(
            disclosure,
            request.user,
            data.validated_data["file"],
            data.validated_data.get("period"),
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------------------------------
# Measures


@extend_schema(
    parameters=SCOPED,
    description=doc(
        "Measures plans with the state of each version.",
        "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส พร้อมสถานะของแต่ละฉบับ",
    ),
)
class PlanList(ScopedList):
    serializer_class = s.PlanSerializer
    unit_field = "assessment__unit"
    year_field = "assessment__fiscal_year"

    def base_queryset(self) -> QuerySet[MeasuresPlan]:
        return MeasuresPlan.objects.select_related("assessment__unit").prefetch_related(
            Prefetch("versions", queryset=PlanVersion.objects.order_by("number"))
        )


@extend_schema(
    parameters=[
        *SCOPED,
        OpenApiParameter("plan", int, description=doc("A plan's id.", "รหัสแผน")),
    ],
    description=doc("Measures with their progress.", "มาตรการพร้อมความคืบหน้า"),
)
class MeasureList(ScopedList):
    serializer_class = s.MeasureSerializer
    unit_field = "plan__assessment__unit"
    year_field = "plan__assessment__fiscal_year"

    def base_queryset(self) -> QuerySet[Measure]:
        queryset = Measure.objects.select_related("owner")
        plan = self.request.query_params.get("plan")
        if plan:
            if not plan.isdigit():
                raise exceptions.ValidationError({"plan": "A number."})
            queryset = queryset.filter(plan_id=int(plan))
        return queryset


def visible_measure(request: Request, pk: int) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("plan__assessment__unit", "owner"), pk=pk
    )
    authz.require(request.user, measure.plan.assessment.unit, Capability.VIEW)
    return measure


@extend_schema(
    description=doc(
        "A measure's progress entries; POST records progress (its responsible people, or the unit admin).",
        "รายการการดำเนินการของมาตรการ; POST บันทึกความคืบหน้า (ผู้รับผิดชอบมาตรการ หรือผู้ดูแลระบบของหน่วยงาน)",
    ),
)
class ProgressList(WriteView, generics.ListAPIView):
    serializer_class = s.ProgressSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[ProgressEntry]:
        measure = visible_measure(self.request, self.kwargs["pk"])
        return ProgressEntry.objects.filter(measure=measure)

    @extend_schema(
        request=s.ProgressInputSerializer,
        responses={201: s.ProgressSerializer},
        parameters=[IDEMPOTENCY_PARAM],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response | HttpResponse:
        return super().post(request, *args, **kwargs)

    def write(self, request: Request, pk: int) -> Response:
        measure = visible_measure(request, pk)
        unit = measure.plan.assessment.unit
        authz.require(request.user, unit, Capability.CONTRIBUTE)
        responsible = measure.owner_id == request.user.pk or (
            measure.people.filter(pk=request.user.pk).exists()
        )
        if not responsible and not authz.can(request.user, unit, Capability.MANAGE_UNIT):
            raise PermissionDenied
        data = s.ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = measures.add_progress(measure, actor=request.user, **data.validated_data)
        return Response(s.ProgressSerializer(entry).data, status=status.HTTP_201_CREATED)


# ----------------------------------------------------------------------------------------------------
# Documents


@extend_schema(
    responses=s.DocumentKindSerializer(many=True),
    description=doc(
        "The documents openita makes, with their formats and options.",
        "เอกสารที่ openita จัดทำได้ พร้อมรูปแบบไฟล์และตัวเลือก",
    ),
)
class DocumentKindList(APIView):
    def get(self, request: Request) -> Response:
        rows = [
            {
                "code": kind.code,
                "label": str(kind.label),
                "formats": list(kind.formats),
                "options": list(kind.options),
            }
            for kind in kinds.all_kinds()
        ]
        return Response(s.DocumentKindSerializer(rows, many=True).data)


@extend_schema(
    parameters=[
        OpenApiParameter("period", str, description=doc("h1 or year.", "h1 หรือ year")),
        OpenApiParameter("meeting", int, description=doc("A meeting number.", "ครั้งที่ประชุม")),
    ],
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    description=doc(
        "One unit's document of a year, made now (PDF, Word or Excel); 409 when its data is not there yet.",
        "เอกสารของหน่วยงานในปีงบประมาณหนึ่ง จัดทำทันที (PDF, Word หรือ Excel); 409 เมื่อยังไม่มีข้อมูล",
    ),
)
class DocumentDownload(APIView):
    def get(
        self, request: Request, unit_code: str, fiscal_year: int, kind_code: str, file_format: str
    ) -> HttpResponse:
        try:
            kind = kinds.get_kind(kind_code)
        except KeyError:
            raise Http404("No such document") from None
        unit = authz.get_unit_for(request.user, unit_code, Capability(kind.capability))
        if file_format not in kind.formats:
            raise Http404("No such format")
        try:
            options = kinds.clean_options(kind, request.query_params.dict())
        except ValueError as error:
            raise exceptions.ValidationError({"detail": str(error)}) from None
        document_request = kinds.DocumentRequest(unit=unit, fiscal_year=fiscal_year, **options)
        try:
            content, name = kinds.make_file(kind, document_request, file_format)
        except kinds.DocumentUnavailable as missing:
            return Response({"detail": str(missing)}, status=status.HTTP_409_CONFLICT)
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@extend_schema(
    request=s.BatchRequestSerializer,
    responses={202: s.BatchSerializer},
    parameters=[IDEMPOTENCY_PARAM],
    description=doc(
        "Ask for one kind of document for every unit below a unit, made on the task queue as one zip.",
        "ขอเอกสารชนิดหนึ่งของทุกหน่วยงานในสังกัด จัดทำในคิวงานเบื้องหลังเป็นไฟล์ zip เดียว",
    ),
)
class BatchCreate(WriteView):
    def write(self, request: Request) -> Response:
        data = s.BatchRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        parent = authz.get_unit_for(request.user, values["unit"])
        try:
            kind = kinds.get_kind(values["kind"])
        except KeyError:
            raise exceptions.ValidationError({"kind": "No such document."}) from None
        batch = documents.start_batch(
            parent,
            values["fiscal_year"],
            kind,
            values["format"],
            values.get("options") or {},
            request.user,
        )
        return Response(s.BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


def visible_batch(request: Request, pk: int) -> DocumentBatch:
    batch = get_object_or_404(DocumentBatch.objects.select_related("parent"), pk=pk)
    authz.require_in_subtree(request.user, batch.parent, Capability.VIEW)
    return batch


@extend_schema(description=doc("A batch's progress.", "ความคืบหน้าของชุดเอกสาร"))
class BatchDetail(generics.RetrieveAPIView):
    serializer_class = s.BatchSerializer

    def get_object(self) -> DocumentBatch:
        return visible_batch(self.request, self.kwargs["pk"])


@extend_schema(
    responses={(200, "application/zip"): OpenApiTypes.BINARY},
    description=doc("A finished batch's zip.", "ไฟล์ zip ของชุดเอกสารที่เสร็จแล้ว"),
)
class BatchFile(APIView):
    def get(self, request: Request, pk: int) -> FileResponse:
        batch = visible_batch(request, pk)
        path = documents.batch_file(batch) if batch.status == BatchStatus.DONE else None
        if path is None:
            raise Http404("No file")
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=documents.zip_name(batch),
            content_type="application/zip",
        )
