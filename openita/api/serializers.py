"""What each endpoint shows: plain fields, no personal details beyond names, positions and roles."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openita.accounts.models import Membership
from openita.documents.models import DocumentBatch
from openita.frameworks.models import Assessment, FrameworkVersion, Indicator, Instrument, OitItem
from openita.measures.models import Measure, MeasuresPlan, ProgressEntry
from openita.oit.models import Disclosure, Evidence
from openita.scoring.models import AssessmentResult, InstrumentScore, StoredItem
from openita.units.models import Line, Unit


class LineSerializer(serializers.ModelSerializer[Line]):
    class Meta:
        model = Line
        fields = ["code", "name_th", "name_en"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["code", "name_th", "name_en", "unit_type", "parent", "depth", "is_active"]


class UnitDetailSerializer(UnitSerializer):
    lines = LineSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "website", "lines"]


class PersonRoleSerializer(serializers.ModelSerializer[Membership]):
    """A person's role in the unit: names, rank, position and role only."""

    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    rank = serializers.CharField(source="user.rank")
    position = serializers.CharField(source="user.position")
    line = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["first_name", "last_name", "rank", "position", "role", "line"]


class FrameworkSerializer(serializers.ModelSerializer[FrameworkVersion]):
    class Meta:
        model = FrameworkVersion
        fields = [
            "id",
            "urn",
            "version",
            "fiscal_year",
            "name_th",
            "name_en",
            "status",
            "unit_types",
            "pass_threshold",
        ]


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    class Meta:
        model = Instrument
        fields = ["code", "kind", "name_th", "name_en", "weight"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    instrument = serializers.CharField(source="instrument.code")

    class Meta:
        model = Indicator
        fields = ["number", "instrument", "name_th", "name_en"]


class OitItemSerializer(serializers.ModelSerializer[OitItem]):
    indicator = serializers.IntegerField(source="indicator.number")

    class Meta:
        model = OitItem
        fields = ["code", "indicator", "title_th", "title_en", "formats"]


class FrameworkDetailSerializer(FrameworkSerializer):
    instruments = InstrumentSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    oit_items = OitItemSerializer(many=True, read_only=True)

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "instruments", "indicators", "oit_items"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    unit = serializers.CharField(source="unit.code")
    framework = serializers.IntegerField(source="framework_version_id")

    class Meta:
        model = Assessment
        fields = ["id", "unit", "fiscal_year", "framework"]


class InstrumentScoreSerializer(serializers.ModelSerializer[InstrumentScore]):
    class Meta:
        model = InstrumentScore
        fields = ["code", "weight", "score", "respondents"]


class ResultSerializer(serializers.ModelSerializer[AssessmentResult]):
    unit = serializers.CharField(source="unit.code")
    instrument_scores = InstrumentScoreSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "unit",
            "fiscal_year",
            "source",
            "framework_label",
            "total",
            "grade",
            "rating_code",
            "rating_name_th",
            "rating_name_en",
            "passed",
            "complete",
            "instrument_scores",
        ]


class ItemScoreSerializer(serializers.Serializer[StoredItem]):
    code = serializers.CharField()
    parent_code = serializers.CharField()
    kind = serializers.CharField()
    indicator_number = serializers.IntegerField()
    instrument_code = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    answers = serializers.IntegerField()
    elements_met = serializers.IntegerField(allow_null=True)
    elements_total = serializers.IntegerField(allow_null=True)


class IndicatorScoreSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    instrument_code = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class ResultDetailSerializer(ResultSerializer):
    indicator_scores = IndicatorScoreSerializer(many=True, read_only=True)
    item_scores = serializers.SerializerMethodField()

    class Meta(ResultSerializer.Meta):
        fields = [*ResultSerializer.Meta.fields, "indicator_scores", "item_scores"]

    @extend_schema_field(ItemScoreSerializer(many=True))
    def get_item_scores(self, result: AssessmentResult) -> Any:
        items = self.context.get("items", [])
        return ItemScoreSerializer(items, many=True).data


class QuotaProgressSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(allow_null=True)
    name_th = serializers.CharField(allow_null=True)
    name_en = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    minimum = serializers.IntegerField()
    is_met = serializers.BooleanField()


class CampaignSerializer(serializers.Serializer[Any]):
    """A survey campaign's progress against its minimum and quotas: counts only, never answers."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    minimum = serializers.IntegerField()
    answers = serializers.IntegerField()
    percent = serializers.IntegerField()
    is_complete = serializers.BooleanField()
    quotas = QuotaProgressSerializer(many=True)


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "url",
            "original_name",
            "file_format",
            "size",
            "sha256",
            "period",
            "added_at",
        ]


class OitDisclosureSerializer(serializers.ModelSerializer[Disclosure]):
    unit = serializers.CharField(source="assessment.unit.code")
    fiscal_year = serializers.IntegerField(source="assessment.fiscal_year")
    code = serializers.CharField(source="item.code")
    title_th = serializers.CharField(source="item.title_th")
    title_en = serializers.CharField(source="item.title_en")
    published = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "unit",
            "fiscal_year",
            "code",
            "title_th",
            "title_en",
            "status",
            "due_date",
            "approved_at",
            "published",
            "evidence",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_published(self, disclosure: Disclosure) -> bool:
        from openita.oit.published import is_published

        return is_published(disclosure)

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, disclosure: Disclosure) -> Any:
        """Only the evidence the public sees, once the item is published."""
        from openita.oit.published import is_published, public_evidence

        if not is_published(disclosure):
            return []
        return EvidenceSerializer(public_evidence(disclosure), many=True).data


class EvidenceLinkSerializer(serializers.Serializer[Any]):
    url = serializers.URLField(max_length=1000)
    period = serializers.DateField(required=False, allow_null=True)


class EvidenceFileSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    period = serializers.DateField(required=False, allow_null=True)


class PlanSerializer(serializers.ModelSerializer[MeasuresPlan]):
    unit = serializers.CharField(source="assessment.unit.code")
    fiscal_year = serializers.IntegerField(source="assessment.fiscal_year")
    versions = serializers.SerializerMethodField()

    class Meta:
        model = MeasuresPlan
        fields = ["id", "unit", "fiscal_year", "title", "versions"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_versions(self, plan: MeasuresPlan) -> list[dict[str, Any]]:
        return [
            {"number": version.number, "status": version.status, "approved_at": version.approved_at}
            for version in plan.versions.all()
        ]


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    plan = serializers.IntegerField(source="plan_id")
    owner = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "label",
            "title",
            "item_codes",
            "owner",
            "start_date",
            "due_date",
            "progress_percent",
            "last_progress_on",
            "is_withdrawn",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_owner(self, measure: Measure) -> str:
        return measure.owner.get_full_name() if measure.owner else ""


class ProgressSerializer(serializers.ModelSerializer[ProgressEntry]):
    class Meta:
        model = ProgressEntry
        fields = ["id", "done_on", "description", "percent", "done_by_text", "links", "created_at"]
        read_only_fields = ["id", "created_at"]


class ProgressInputSerializer(serializers.Serializer[Any]):
    done_on = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    done_by_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    links = serializers.CharField(required=False, allow_blank=True)


class DocumentKindSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())
    options = serializers.ListField(child=serializers.CharField())


class BatchRequestSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField(max_length=40)
    fiscal_year = serializers.IntegerField()
    kind = serializers.CharField(max_length=40)
    format = serializers.ChoiceField(choices=["pdf", "docx", "xlsx"])
    options = serializers.DictField(required=False)


class BatchSerializer(serializers.ModelSerializer[DocumentBatch]):
    unit = serializers.CharField(source="parent.code")
    kind = serializers.CharField(source="kind_code")
    format = serializers.CharField(source="file_format")

    class Meta:
        model = DocumentBatch
        fields = [
            "id",
            "unit",
            "fiscal_year",
            "kind",
            "format",
            "options",
            "status",
            "total",
            "done_count",
            "created_at",
            "finished_at",
        ]
