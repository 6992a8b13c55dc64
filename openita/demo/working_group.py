"""The working group of a demo year (units that run the whole cycle): the order appointing it early in
October, its first meeting a week later with the assignments of the OIT items, a follow-up meeting in
January."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from openita.core.thai import to_thai_digits
from openita.working_groups import services as group_services
from openita.working_groups.models import AppointmentOrder, Meeting

from .cast import DemoYear


@dataclass(frozen=True)
class GroupText:
    order_number: int
    members: str  # rank | name | position | role in the group, one a line
    absent: str  # a member away at the first meeting (one line of `members`, with the reason)
    chair: str
    secretary: str
    signed_by: str
    room: str


GROUPS = {
    "demo-tt-muang": GroupText(
        12,
        "พ.ต.อ. | ประเสริฐ มั่นคงธรรม | ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง | ประธานคณะทำงาน\n"
        "พ.ต.ท. | อรุณ แสงทอง | สารวัตรจราจร | รองประธานคณะทำงาน\n"
        "ร.ต.อ. | วีระ กล้าหาญ | รองสารวัตรสืบสวน | คณะทำงาน\n"
        "ด.ต. | สมศักดิ์ รักษ์ประชา | ผู้บังคับหมู่ (ป.) | คณะทำงาน\n"
        "ร.ต.อ.หญิง | กนกพร ใสสะอาด | รองสารวัตรอำนวยการ | คณะทำงานและเลขานุการ\n",
        "ร.ต.อ. | วีระ กล้าหาญ | รองสารวัตรสืบสวน | ไปราชการ",
        "พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        "ร.ต.อ.หญิง กนกพร ใสสะอาด",
        "พ.ต.อ. ประเสริฐ มั่นคงธรรม ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง",
        "ห้องประชุมสถานีตำรวจภูธรเมืองธารทอง",
    ),
    "demo-tt-immigration": GroupText(
        35,
        "พ.ต.อ. | ชาญชัย ด่านทอง | ผู้กำกับการตรวจคนเข้าเมืองจังหวัดธารทอง | ประธานคณะทำงาน\n"
        "พ.ต.ท. | สุรเชษฐ์ ทองประเสริฐ | รองผู้กำกับการตรวจคนเข้าเมืองจังหวัดธารทอง | รองประธานคณะทำงาน\n"
        "พ.ต.ต.หญิง | วรรณา ศรีด่าน | สารวัตรฝ่ายตรวจลงตรา | คณะทำงาน\n"
        "ร.ต.อ. | ภาณุ ด่านงาม | รองสารวัตรฝ่ายอำนวยการ | คณะทำงานและเลขานุการ\n",
        "พ.ต.ต.หญิง | วรรณา ศรีด่าน | สารวัตรฝ่ายตรวจลงตรา | ติดภารกิจที่ด่านตรวจคนเข้าเมือง",
        "พ.ต.อ. ชาญชัย ด่านทอง",
        "ร.ต.อ. ภาณุ ด่านงาม",
        "พ.ต.อ. ชาญชัย ด่านทอง ผู้กำกับการตรวจคนเข้าเมืองจังหวัดธารทอง",
        "ห้องประชุมตรวจคนเข้าเมืองจังหวัดธารทอง",
    ),
}

# (OIT item codes, subject, who of the cast, month and day due)
ASSIGNMENTS = (
    (["O1", "O2"], "โครงสร้าง อัตรากำลัง ข้อมูลผู้บริหาร อำนาจหน้าที่", "admin", (1, 31)),
    (["O5", "O6"], "ข่าวประชาสัมพันธ์และรายงานการปฏิบัติราชการประจำเดือน", "officer", (4, 30)),
    (["O13", "O14"], "ประกาศและสรุปผลการจัดซื้อจัดจ้างรายเดือน", "admin", (4, 30)),
    (["O16"], "ช่องทางร้องเรียนและสถิติเรื่องร้องเรียน", "committee", (3, 31)),
)


def schedule(dy: DemoYear) -> None:
    text = GROUPS.get(dy.unit.code)
    if not dy.cast.whole_cycle or text is None:
        return
    year = to_thai_digits(dy.year)
    orders: list[AppointmentOrder] = []
    room: dict[str, Any] = {
        "place": text.room,
        "title": "ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA",
        "chaired_by": text.chair,
        "minutes_by": text.secretary,
    }
    meetings: list[Meeting] = []

    def appoint() -> None:
        orders.append(
            group_services.save_order(
                dy.assessment,
                number=f"{to_thai_digits(text.order_number)}/{year}",
                issued_on=dy.at(10, 8),
                title=(
                    "แต่งตั้งคณะทำงานขับเคลื่อนและกำกับติดตามการประเมินคุณธรรมและความโปร่งใส "
                    f"ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ของ{dy.unit.name_th} "
                    f"ประจำปีงบประมาณ พ.ศ. {year}"
                ),
                group_name="คณะทำงานขับเคลื่อนการประเมิน ITA",
                duties=(
                    "๑. ศึกษากรอบการประเมินและวิเคราะห์ผลการประเมินปีที่ผ่านมา\n"
                    "๒. จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส และกำกับติดตามการดำเนินการ\n"
                    "๓. มอบหมายและติดตามการเผยแพร่ข้อมูลตามแบบตรวจ OIT"
                ),
                signed_by=text.signed_by,
                members=group_services.parse_people(text.members),
            )
        )

    def first_meeting() -> None:
        order = orders[0]
        absent = group_services.parse_people(text.absent)
        attendees = group_services.members_as_attendees(order)
        meetings.append(
            group_services.save_meeting(
                dy.assessment,
                order=order,
                number=f"๑/{year}",
                held_on=dy.at(10, 15),
                starts_at=time(13, 30),
                ends_at=time(15, 30),
                **room,
                attendees=[p for p in attendees if p.name not in {a.name for a in absent}],
                absentees=absent,
                agenda=[
                    group_services.AgendaRow(
                        "เรื่องที่ประธานแจ้งให้ทราบ",
                        f"กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. {year} และปฏิทินการประเมิน",
                        "ที่ประชุมรับทราบ",
                    ),
                    group_services.AgendaRow(
                        f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {to_thai_digits(dy.year - 1)}",
                        "ตัวชี้วัดที่ ๒ การใช้งบประมาณ และตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต ได้คะแนนต่ำกว่า ๘๕",
                        "ให้งานอำนวยการจัดทำมาตรการตามประเด็นที่ต้องปรับปรุง เสนอผู้บังคับบัญชา"
                        "ภายในเดือนพฤศจิกายน",
                    ),
                    group_services.AgendaRow(
                        "มอบหมายผู้รับผิดชอบข้อมูลตามแบบตรวจ OIT",
                        "",
                        "เห็นชอบตามตารางมอบหมายความรับผิดชอบ",
                    ),
                ],
                chair_orders=[
                    "ให้ทุกสายงานส่งข่าวกิจกรรมให้ผู้ช่วยประชาสัมพันธ์ภายใน ๗ วันหลังเสร็จกิจกรรม",
                    "ให้งานอำนวยการรายงานความก้าวหน้าของมาตรการในการประชุมประจำเดือน",
                ],
            )
        )
        lines = {line.code: line for line in dy.unit.lines.all()}
        for codes, subject, who, due in ASSIGNMENTS:
            person = getattr(dy.cast, who)
            group_services.save_assignment(
                dy.assessment,
                meeting=meetings[0],
                subject=subject,
                item_codes=codes,
                people=[person],
                lines=[lines["admin"]] if who == "admin" and "admin" in lines else [],
                due_date=dy.at(*due),
            )

    def second_meeting() -> None:
        group_services.save_meeting(
            dy.assessment,
            order=orders[0],
            number=f"๒/{year}",
            held_on=dy.at(1, 20),
            starts_at=time(9, 30),
            ends_at=time(11, 0),
            **room,
            attendees=group_services.members_as_attendees(orders[0]),
            agenda=[
                group_services.AgendaRow(
                    "ติดตามความก้าวหน้าของมาตรการ",
                    "มาตรการ No Gift Policy เสร็จแล้ว นโยบายต่อต้านการรับสินบนรอลงนาม "
                    "คู่มือการให้บริการใกล้เสร็จ",
                    "ให้เร่งรัดนโยบายต่อต้านการรับสินบนให้แล้วเสร็จภายในเดือนกุมภาพันธ์",
                ),
                group_services.AgendaRow(
                    "การเก็บข้อมูลแบบวัด IIT และ EIT",
                    "เริ่มเผยแพร่ QR code ที่จุดบริการแล้ว",
                    "ที่ประชุมรับทราบ",
                ),
            ],
            chair_orders=["ให้ทุกสายงานเน้นย้ำการให้บริการตามคู่มือและไม่รับของขวัญทุกชนิด"],
        )

    dy.timeline.add(dy.at(10, 8), appoint)
    dy.timeline.add(dy.at(10, 15), first_meeting, hour=15)
    dy.timeline.add(dy.at(1, 20), second_meeting, hour=11)
