import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openita.accounts import services as account_services
from openita.conftest import World, client_for
from openita.frameworks.services import get_or_create_assessment
from openita.measures.tests.factories import tiny_framework
from openita.working_groups import services
from openita.working_groups.models import AppointmentOrder, Assignment, GroupRole, Meeting

YEAR = 2568
ORDER_ROWS = (
    "๑\tพ.ต.อ.\tประเสริฐ มั่นคงธรรม\tผู้กำกับการ\tประธานคณะทำงาน\n"
    "๒\tพ.ต.ท.\tอรุณ แสงทอง\tสารวัตรจราจร\tรองประธาน\n"
    "พ.ต.ต. | สมหญิง ใจดี | สารวัตรอำนวยการ | คณะทำงาน\n"
    "ร.ต.อ.หญิง | กนกพร ใสสะอาด | รองสารวัตรอำนวยการ | คณะทำงานและเลขานุการ\n"
)


@pytest.fixture
def assessment(world: World):
    tiny_framework(YEAR)
    return get_or_create_assessment(world.station, YEAR)


def test_members_are_read_from_rows_pasted_from_a_word_table() -> None:
    rows = services.parse_people(ORDER_ROWS)
    assert (rows[0].rank, rows[0].name, rows[0].job_title) == (
        "พ.ต.อ.",
        "ประเสริฐ มั่นคงธรรม",
        "ผู้กำกับการ",
    )
    roles = [services.role_from_text(row.role_text) for row in rows]
    assert roles == [GroupRole.CHAIR, GroupRole.VICE_CHAIR, GroupRole.MEMBER, GroupRole.SECRETARY]
    with pytest.raises(ValidationError):
        services.parse_people("พ.ต.อ.\n")


def test_an_order_keeps_its_members_in_order_and_links_accounts(world: World, assessment) -> None:
    officer = world.user("officer")
    officer.first_name, officer.last_name = "สมหญิง", "ใจดี"
    officer.save()
    order = services.save_order(
        assessment,
        number="๗/๒๕๖๘",
        issued_on=date(2024, 10, 9),
        title="แต่งตั้งคณะทำงานขับเคลื่อนการประเมิน ITA",
        members=services.parse_people(ORDER_ROWS),
    )
    members = list(order.members.all())
    assert [member.display_name for member in members][:2] == [
        "พ.ต.อ. ประเสริฐ มั่นคงธรรม",
        "พ.ต.ท. อรุณ แสงทอง",
    ]
    assert members[2].user == officer
    assert members[0].user is None


def test_a_meeting_has_attendees_agenda_resolutions_orders_and_assignments(
    world: World, assessment
) -> None:
    order = services.save_order(
        assessment,
        number="7/2568",
        issued_on=date(2024, 10, 9),
        title="คณะทำงาน",
        members=services.parse_people(ORDER_ROWS),
    )
    meeting = services.save_meeting(
        assessment,
        order=order,
        number="1/2568",
        held_on=date(2024, 10, 20),
        title="ประชุมคณะทำงาน ITA",
        attendees=services.members_as_attendees(order)[:3],
        absentees=services.parse_people("ร.ต.อ.หญิง | กนกพร ใสสะอาด | รอง สว.อก. | ไปราชการ"),
        agenda=[
            services.AgendaRow("เรื่องที่ประธานแจ้งให้ทราบ", "กรอบการประเมินปี 2568", "รับทราบ"),
            services.AgendaRow("มอบหมายผู้รับผิดชอบข้อ OIT", "", "เห็นชอบตามเสนอ"),
        ],
        chair_orders=["ให้ทุกสายงานส่งข้อมูลภายใน 7 วัน", ""],
    )
    assert [item.resolution for item in meeting.agenda_items.all()] == ["รับทราบ", "เห็นชอบตามเสนอ"]
    assert meeting.attendees.filter(present=True).count() == 3
    absent = meeting.attendees.get(present=False)
    assert absent.absence_reason == "ไปราชการ"
    assert meeting.attendees.filter(member__isnull=False).count() == 4  # absent members too
    assert [order.text for order in meeting.chair_orders.all()] == ["ให้ทุกสายงานส่งข้อมูลภายใน 7 วัน"]
    assignment = services.save_assignment(
        assessment,
        meeting=meeting,
        subject="โครงสร้าง อัตรากำลัง และข้อมูลผู้บริหาร",
        item_codes=["O1"],
        people=[world.user("unit_admin")],
        lines=[world.patrol],
        due_date=date(2025, 1, 31),
    )
    assert list(meeting.assignments.all()) == [assignment]
    with pytest.raises(ValidationError):
        services.save_assignment(assessment, subject="x", people=[world.user("outsider")])


def test_the_screens_record_an_order_and_a_meeting_with_an_assignment(world: World) -> None:
    tiny_framework(YEAR)
    admin = client_for(world, "unit_admin")
    base = [world.station.code, YEAR]
    response = admin.post(
        reverse("working_groups:order_create", args=base),
        {
            "number": "7/2568",
            "issued_on": "2024-10-09",
            "title": "แต่งตั้งคณะทำงาน",
            "members": ORDER_ROWS,
        },
    )
    assert response.status_code == 302
    page = admin.get(reverse("working_groups:meeting_create", args=base)).content.decode()
    assert "ประเสริฐ มั่นคงธรรม" in page  # attendance prefilled from the group
    response = admin.post(
        reverse("working_groups:meeting_create", args=base),
        {
            "number": "1/2568",
            "held_on": "2024-10-20",
            "title": "ประชุมคณะทำงาน",
            "attendees": "พ.ต.อ. | ประเสริฐ มั่นคงธรรม | ผกก. | ประธาน",
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-title": "มอบหมายข้อ OIT",
            "agenda-0-resolution": "เห็นชอบ",
            "agenda-1-title": "",
            "chair_orders": "ส่งข้อมูลภายใน 7 วัน",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse(
        "working_groups:meeting_detail", args=[*base, meeting.pk]
    )
    response = admin.post(
        reverse("working_groups:assignment_create", args=base) + f"?meeting={meeting.pk}",
        {"meeting": meeting.pk, "subject": "ข้อมูลผู้บริหาร", "item_codes": "O1 O2"},
    )
    assert Assignment.objects.get().item_codes == ["O1", "O2"]
    detail = client_for(world, "officer").get(response["Location"]).content.decode()
    for text in ("มอบหมายข้อ OIT", "เห็นชอบ", "ส่งข้อมูลภายใน 7 วัน", "O1, O2"):
        assert text in detail


def test_the_overview_takes_a_fixed_number_of_queries(
    world: World, assessment, django_assert_max_num_queries
) -> None:
    for number in range(5):
        order = services.save_order(
            assessment,
            number=f"{number}/2568",
            issued_on=date(2024, 10, 9),
            title="x",
            members=services.parse_people(ORDER_ROWS),
        )
        services.save_meeting(
            assessment, order=order, number=f"{number}", held_on=date(2024, 11, 1), title="y"
        )
        account_services.grant_role(world.user("officer"), world.station, "officer")
        services.save_assignment(assessment, subject="z", people=[world.user("officer")])
    client = client_for(world, "officer")
    url = reverse("working_groups:overview", args=[world.station.code, YEAR])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_members_and_attendees_are_picked_from_the_units_people(world: World) -> None:
    tiny_framework(YEAR)
    admin = client_for(world, "unit_admin")
    base = [world.station.code, YEAR]
    officer, committee = world.user("officer"), world.user("committee")
    form = admin.get(reverse("working_groups:order_create", args=base)).content.decode()
    assert f'value="{officer.pk}"' in form and 'name="unit_people"' in form
    assert f'value="{world.user("outsider").pk}"' not in form  # only the unit's people
    response = admin.post(
        reverse("working_groups:order_create", args=base),
        {
            "number": "8/2568",
            "issued_on": "2024-10-09",
            "title": "แต่งตั้งคณะทำงาน",
            "unit_people": [officer.pk, committee.pk],
            "members": "นาย | สมชาย ภายนอก | ผู้แทนชุมชน | ที่ปรึกษา",  # an outsider, typed
        },
    )
    assert response.status_code == 302
    order = AppointmentOrder.objects.get()
    seats = list(order.members.all())
    assert seats[0].group_role == GroupRole.ADVISOR  # the typed advisor heads the order
    assert {seat.user for seat in seats if seat.user} == {officer, committee}
    meeting_form = admin.get(reverse("working_groups:meeting_create", args=base)).content.decode()
    picked = re.search(
        rf'<input[^>]*name="present_people" value="{officer.pk}"[^>]*>', meeting_form
    )
    assert picked is not None and "checked" in picked[0]  # members of the unit come ticked
    assert "สมชาย ภายนอก" in meeting_form  # the outsider stays typed
    # More agenda items without saving: what was typed comes back, with empty items after it.
    more = admin.post(
        reverse("working_groups:meeting_create", args=base),
        {
            "title": "ประชุมคณะทำงาน",
            "present_people": [officer.pk],
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-title": "วาระที่พิมพ์ไว้",
            "agenda-1-title": "",
            "more_agenda": "1",
        },
    )
    page = more.content.decode()
    assert more.status_code == 200 and not Meeting.objects.exists()
    assert "วาระที่พิมพ์ไว้" in page and 'name="agenda-2-title"' in page
    assert 'value="ประชุมคณะทำงาน"' in page
