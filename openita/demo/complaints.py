"""Demo complaints: a complaint handler of Muang station (printed with the other demo logins) and a few cases in
different states, one received on paper, one naming the head of the station (handled by the province). Safe to
run again: the cases are made once. The handler unlocks them with the demo password on the complaints page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from openita.complaints import services as complaints
from openita.complaints.models import Case, Channel, Kind, State
from openita.complaints.services import Submission
from openita.demo.data import DEMO_PASSWORD, DEMO_PEOPLE, DemoPerson
from openita.units.models import Unit

STATION = "demo-tt-muang"
HANDLER = DemoPerson(
    "complaints",
    "ร.ต.อ.",
    "สุดา",
    "ใจซื่อ",
    "รองสารวัตรอำนวยการ ผู้รับเรื่องร้องเรียน",
    ((STATION, "complaint_handler", None),),
    what="complaint handler of Muang station: /complaints/demo-tt-muang/ (unlock with the password)",
)

CASES = [
    (Kind.CORRUPTION, Channel.WEB, "เจ้าหน้าที่จุดตรวจเรียกรับเงินแทนการออกใบสั่ง", State.RECEIVED, 3),
    (Kind.SERVICE, Channel.PHONE, "รอรับบริการแจ้งความนานเกินสองชั่วโมง", State.IN_PROGRESS, 20),
    (Kind.INTERNAL, Channel.WEB, "ถูกสั่งให้ไปทำธุระส่วนตัวของผู้บังคับบัญชาในเวลาราชการ", State.ACCEPTED, 9),
    (
        Kind.CORRUPTION,
        Channel.DAMRONGTHAM,
        "ส่งต่อจากศูนย์ดำรงธรรมจังหวัด: เรียกรับเงินค่าประกันตัว",
        State.COMPLETED,
        60,
    ),
    (
        Kind.SERVICE,
        Channel.PAPER,
        "ร้องเรียนเรื่องเสียงดังจากงานวัด (ไม่อยู่ในอำนาจ)",
        State.NOT_ACCEPTED,
        40,
    ),
]


def load_complaints_demo() -> None:
    from openita.demo.services import _give_known_authenticator, _load_person

    if HANDLER not in DEMO_PEOPLE:
        DEMO_PEOPLE.append(HANDLER)  # printed with the other logins by `openita loaddemo`
    station = Unit.objects.filter(code=STATION).first()
    if station is None:
        return
    handler = _load_person(HANDLER, {STATION: station})
    _give_known_authenticator(handler)
    private_key = complaints.unlock_handler_key(handler, DEMO_PASSWORD)
    if Case.objects.filter(unit=station).exists():
        return
    today = timezone.localdate()
    for kind, channel, what, state, days_ago in CASES:
        case, _receipt = complaints.submit(
            station,
            Submission(
                kind=kind,
                what=what,
                channel=channel,
                received_on=today - datetime.timedelta(days=days_ago),
            ),
            entered_by=None if channel == Channel.WEB else handler,
        )
        key = complaints.case_key_for(case, handler, private_key)
        assert key is not None
        path = {
            State.ACCEPTED: [State.ACCEPTED],
            State.IN_PROGRESS: [State.ACCEPTED, State.IN_PROGRESS],
            State.COMPLETED: [State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED],
            State.NOT_ACCEPTED: [State.NOT_ACCEPTED],
        }.get(state, [])
        for step in path:
            complaints.change_state(
                case, step, by=handler, case_key=key, explanation="ดำเนินการตามระเบียบแล้ว"
            )
        if state == State.IN_PROGRESS:
            complaints.add_message(case, key, "โปรดแจ้งวันและเวลาที่ไปรับบริการ", by=handler)
    complaints.submit(
        station,
        Submission(kind=Kind.CORRUPTION, what="หัวหน้าสถานีรับของขวัญจากผู้รับเหมา", names_head=True),
    )
