"""A unit with some items published and others left in every other state, each with distinctive text, and
a plan and results in published and unpublished states (for the leak test and the page tests)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openita.conftest import World
from openita.frameworks.models import Assessment
from openita.measures import services as measures
from openita.measures.models import MeasuresPlan
from openita.oit import services
from openita.oit.models import Disclosure
from openita.oit.tests.factories import make_workspace
from openita.scoring.services import OfficialScores, save_official_result
from openita_testing.files import PDF

YEAR = 2568
BEFORE_DEADLINE = datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC)
AFTER_DEADLINE = datetime.datetime(2025, 5, 20, 10, tzinfo=datetime.UTC)


def pdf(marker: str) -> bytes:
    return PDF.replace(b"trailer", f"%{marker}\ntrailer".encode())


@dataclass
class Published:
    world: World
    assessment: Assessment
    plan: MeasuresPlan
    public_texts: list[str] = field(default_factory=list)
    secret_texts: list[str] = field(default_factory=list)

    def item(self, code: str) -> Disclosure:
        return Disclosure.objects.select_related("assessment", "item").get(
            assessment=self.assessment, item__code=code
        )


def _prepare(world: World, disclosure: Disclosure, marker: str, admin: str = "unit_admin") -> None:
    officer = world.user("officer") if admin == "unit_admin" else world.user(admin)
    services.assign(
        disclosure,
        world.user(admin),
        responsible=[officer] if admin == "unit_admin" else [],
        reviewer=None,
        due_date=None,
    )
    services.add_link(disclosure, officer, f"https://station.example.go.th/{marker}")
    services.add_file(
        disclosure, officer, SimpleUploadedFile(f"{marker}.pdf", pdf(f"{marker}-CONTENT"))
    )


def publish_world(world: World) -> Published:
    """Station: O1 approved (public); O2 draft, O3 submitted, O4 checked, O5 approved then sent back.
    Other station: O1 locked by the assessor without approval. A plan approved with one measure, then a new
    draft with another; an official result of the year before, a computed result not released."""
    officer, admin, head = world.user("officer"), world.user("unit_admin"), world.user("executive")
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        space = make_workspace(world.station, YEAR)
        data = Published(world, space.assessment, measures.plan_for(world.station, YEAR))
        for code, marker in (
            ("O1", "PUBLIC-O1"),
            ("O2", "SECRET-DRAFT"),
            ("O3", "SECRET-SUBMITTED"),
            ("O4", "SECRET-CHECKED"),
            ("O5", "SECRET-SENT-BACK"),
        ):
            disclosure = space.item(code)
            _prepare(world, disclosure, marker)
            (data.public_texts if code == "O1" else data.secret_texts).append(marker)
            if code == "O2":
                continue
            services.submit(disclosure, officer)
            if code == "O3":
                continue
            services.check(disclosure, admin)
            if code == "O4":
                continue
            services.approve(disclosure, head, confirm_incomplete=True)
            if code == "O5":
                services.send_back(disclosure, head, "SECRET-COMMENT fix the file")
                data.secret_texts.append("SECRET-COMMENT")
        services.update_element(
            space.item("O2").elements.first(),  # type: ignore[arg-type]
            officer,
            self_checked=True,
            where_shown="SECRET-WHERE",
        )
        data.secret_texts.append("SECRET-WHERE")

        other = make_workspace(world.other_station, YEAR)
        _prepare(world, other.item("O1"), "SECRET-LOCKED-UNAPPROVED", admin="parent_admin")
        data.secret_texts.append("SECRET-LOCKED-UNAPPROVED")

        plan = data.plan
        first = measures.create_measure(plan, title="มาตรการเผยแพร่ PUBLIC-MEASURE", label="1")
        measures.add_progress(
            first,
            done_on=datetime.date(2025, 2, 1),
            description="PUBLIC-PROGRESS ประชุมชี้แจง",
            percent=40,
            links="https://station.example.go.th/progress",
        )
        data.public_texts += ["PUBLIC-MEASURE", "PUBLIC-PROGRESS"]
        measures.submit_plan(plan, admin, override_reason="ทดสอบ")
        measures.approve_plan(plan, head, override_reason="ทดสอบ")
        measures.start_new_version(plan, admin)
        measures.create_measure(plan, title="SECRET-NEW-DRAFT-MEASURE", label="2")
        data.secret_texts.append("SECRET-NEW-DRAFT-MEASURE")
        other_plan = measures.plan_for(world.other_station, YEAR)
        measures.create_measure(other_plan, title="SECRET-UNAPPROVED-PLAN", label="1")
        data.secret_texts.append("SECRET-UNAPPROVED-PLAN")
        _risk_registers(world, data, first)

        save_official_result(
            world.station,
            OfficialScores(
                fiscal_year=YEAR - 1,
                total=Decimal("88.25"),
                instruments={"IIT": Decimal(90), "EIT": Decimal(85), "OIT": Decimal("89.5")},
                grade="A",
            ),
        )
        data.public_texts.append("88.25")
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.lock(other.item("O1"), world.user("assessor"))
    from openita.scoring.models import AssessmentResult

    AssessmentResult.objects.create(
        unit=world.station,
        fiscal_year=YEAR,
        source="computed",
        assessment=data.assessment,
        total=Decimal("77.77"),
        grade="B",
    )
    data.secret_texts.append("77.77")
    assert timezone.now()
    return data


def _risk_registers(world: World, data: Published, in_plan: object) -> None:
    """Station: an assessment approved (version 1), one treatment in the approved plan, another put in the
    plan's newer draft with progress, then a version 2 changed and not approved. Other station: an
    assessment never approved."""
    from openita.risks import services as risks
    from openita.risks.models import Risk

    officer, admin, head = world.user("officer"), world.user("unit_admin"), world.user("executive")
    assessment = risks.start_assessment(world.station, YEAR, admin)
    risks.update_assessment(assessment, criteria="PUBLIC-RISK-CRITERIA")
    process = assessment.processes.first()
    assert process is not None
    reported = risks.save_risk(
        process,
        event="PUBLIC-RISK-EVENT",
        inherent_likelihood=4,
        inherent_impact=4,
        treatment="reduce",
        treatment_plan="PUBLIC-RISK-PLAN",
        owner=officer,
    )
    in_draft = risks.save_risk(
        process,
        event="PUBLIC-RISK-SECOND",
        inherent_likelihood=2,
        inherent_impact=2,
        treatment="reduce",
        treatment_plan="ตรวจสอบ",
    )
    risks.approve(assessment, head)
    Risk.objects.filter(pk=reported.pk).update(measure=in_plan)  # "PUBLIC-PROGRESS" shows under it
    draft_measure = risks.treatment_to_measure(in_draft, admin)  # into the plan's newer draft
    measures.add_progress(
        draft_measure,
        done_on=datetime.date(2025, 2, 2),
        description="SECRET-RISK-DRAFT-PROGRESS",
        percent=10,
    )
    newer = risks.new_version(assessment, admin)
    changed = Risk.objects.get(process__assessment=newer, event="PUBLIC-RISK-EVENT")
    risks.save_risk(changed.process, risk=changed, event="SECRET-RISK-NEW-VERSION")
    risks.update_assessment(newer, criteria="SECRET-RISK-CRITERIA-V2")
    other = risks.start_assessment(world.other_station, YEAR, world.user("parent_admin"))
    other_process = other.processes.first()
    assert other_process is not None
    risks.save_risk(
        other_process,
        event="SECRET-RISK-UNAPPROVED",
        inherent_likelihood=1,
        inherent_impact=1,
        treatment="reduce",
        treatment_plan="SECRET-RISK-UNAPPROVED-PLAN",
    )
    data.public_texts += ["PUBLIC-RISK-EVENT", "PUBLIC-RISK-PLAN", "PUBLIC-RISK-CRITERIA"]
    data.secret_texts += [
        "SECRET-RISK-DRAFT-PROGRESS",
        "SECRET-RISK-NEW-VERSION",
        "SECRET-RISK-CRITERIA-V2",
        "SECRET-RISK-UNAPPROVED",
    ]


@dataclass
class Small:
    evidence_id: int
    attachment_id: int


def publish_small(world: World) -> Small:
    """O1 of the station approved with a file; its plan approved with one measure and a photo."""
    from openita_testing.files import png

    officer, head = world.user("officer"), world.user("executive")
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        space = make_workspace(world.station, YEAR)
        disclosure = space.item("O1")
        _prepare(world, disclosure, "PUBLIC-O1")
        services.submit(disclosure, officer)
        services.check(disclosure, world.user("unit_admin"))
        services.approve(disclosure, head, confirm_incomplete=True)
        plan = measures.plan_for(world.station, YEAR)
        measure = measures.create_measure(plan, title="มาตรการ", label="1")
        entry = measures.add_progress(
            measure,
            done_on=datetime.date(2025, 2, 1),
            description="ประชุม",
            percent=50,
            files=[SimpleUploadedFile("photo.png", png())],
        )
        measures.submit_plan(plan, world.user("unit_admin"), override_reason="ทดสอบ")
        measures.approve_plan(plan, head, override_reason="ทดสอบ")
    evidence = disclosure.evidence.get(kind="file")
    return Small(evidence.pk, entry.attachments.get().pk)


def public_pages(world: World) -> list[str]:
    """One address of every kind of public page, for a world given by `publish_world`."""
    station, parent = world.station.code, world.province.code
    return [
        "/p/",  # the units at the top
        "/p/?q=ทดสอบ",  # search across units
        f"/p/{parent}/",  # a parent: its units with their publication state and results
        f"/p/{station}/",  # a unit's home
        f"/p/{station}/{YEAR}/oit/",  # the year's OIT list
        f"/p/{station}/{YEAR}/oit/O1/",  # a published item
        f"/p/{station}/{YEAR}/oit/O2/",  # an item not yet published
        f"/p/{station}/{YEAR}/measures/",  # the plan, its measures and progress
        f"/p/{station}/results/",  # results over the years
        "/opendata/",  # open data
    ]
