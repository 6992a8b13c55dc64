from io import StringIO

from django.core.management import call_command
from django.test import Client

from openita.accounts.models import User
from openita.measures import services
from openita.measures.models import Acknowledgement, Measure, MeasuresPlan, MeasureStatus
from openita.working_groups.models import Assignment, Meeting


def test_the_demo_has_an_approved_fy2568_plan_partly_carried_out(db: None) -> None:
    call_command("loaddemo", stdout=StringIO())
    counts = (MeasuresPlan.objects.count(), Measure.objects.count(), Meeting.objects.count())
    call_command("loaddemo", stdout=StringIO())
    assert counts == (
        MeasuresPlan.objects.count(),
        Measure.objects.count(),
        Meeting.objects.count(),
    )
    plan = MeasuresPlan.objects.get(
        assessment__unit__code="demo-tt-muang", assessment__fiscal_year=2568
    )
    assert services.approved_version(plan) is not None
    assert plan.issues.count() >= 5
    assert plan.issues.filter(source="weak_point").exists()  # from the scoring demo's FY2567 result
    from datetime import date

    statuses = {measure.status_on(date(2025, 2, 15)) for measure in plan.measures.all()}
    assert {MeasureStatus.DONE, MeasureStatus.IN_PROGRESS, MeasureStatus.OVERDUE} <= statuses
    assert Meeting.objects.filter(assessment=plan.assessment).count() == 2
    assert Assignment.objects.filter(assessment=plan.assessment).exists()
    assert Acknowledgement.objects.filter(version__plan=plan).count() == 3
    client = Client()
    # The head has a second factor: the test client's force_login stands for the whole log-in.
    client.force_login(User.objects.get(username="head"))
    page = client.get("/measures/demo-tt-muang/2568/").content.decode()
    assert "No Gift Policy" in page


def test_the_demo_plan_uses_the_8_column_fy2568_police_layout_and_fills_it(db: None) -> None:
    from openita.measures.layouts import TableContext, build_plan_table, layout_from_data
    from openita.measures.versioning import plan_snapshot

    call_command("loaddemo", stdout=StringIO())
    plan = MeasuresPlan.objects.get(
        assessment__unit__code="demo-tt-muang", assessment__fiscal_year=2568
    )
    layout = layout_from_data(plan.layout)
    assert layout.preset == "police-station-2568"
    assert [column.header_th for column in layout.columns] == [
        "ตัวชี้วัด",
        "ประเด็นที่ต้องเตรียมความพร้อม/ยกระดับ",
        "กิจกรรมที่จะดำเนินการ",
        "ผลผลิต",
        "วิธีการสร้างการรับรู้",
        "ระยะเวลาแล้วเสร็จ",
        "ผู้รับผิดชอบ",
        "ระยะเวลากำกับ ติดตาม",
    ]
    table = build_plan_table(plan_snapshot(plan), layout, TableContext(2568, "thai"))
    rows = [row.cells for section in table.sections for row in section.rows]
    assert len(rows) == plan.measures.count()
    for cells in rows:
        # every column but the indicator (written on the first row of its group) is filled
        assert all(cells[1:]), cells
        assert cells[2][0]  # the measure's title opens its activities
    assert sum(1 for cells in rows if cells[0]) == len(
        {measure.indicator_id for measure in plan.measures.all()}
    )
