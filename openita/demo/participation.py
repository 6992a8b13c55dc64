"""The demo's Q&A board and participation records at Mueang station: questions in every state (waiting for
moderation, not published, published and waiting for an answer, with a draft answer, answered officially, in the
FAQ, one overdue), in the last closed year and the current one; and two published participation records of the
last closed year, one with a photo and linked to the board. Made once: a station that has posts keeps them."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openita.accounts import authz
from openita.accounts.authz import Capability
from openita.accounts.models import Membership, Role, User
from openita.core.thai import fiscal_year_of
from openita.participation import services
from openita.participation.models import Post, PostKind, RecordKind
from openita.surveys.models import Campaign
from openita.units.models import Unit

STATION = "demo-tt-muang"
IMMIGRATION = "demo-tt-immigration"
# (days after the start of the year, kind, body, name, what happens: pending | rejected | published | draft |
# answered | faq, days to answer, answer)
CLOSED_YEAR_POSTS = [
    (12, PostKind.QUESTION, "สถานีรับแจ้งความออนไลน์ได้หรือไม่ ต้องเตรียมเอกสารอะไรบ้าง", "ประชาชนตำบลในเมือง",
     "faq", 3, "แจ้งความออนไลน์ได้ที่ระบบของสำนักงานตำรวจแห่งชาติ เตรียมบัตรประชาชนและหลักฐานที่เกี่ยวข้อง "
     "แล้วมายืนยันตัวตนที่สถานีภายใน ๗ วัน"),
    (40, PostKind.QUESTION, "ขอทราบขั้นตอนการขอคัดสำเนาบันทึกประจำวัน", "",
     "faq", 6, "ยื่นคำร้องที่งานธุรการพร้อมบัตรประชาชน ได้รับสำเนาภายในวันเดียวกันโดยไม่มีค่าธรรมเนียม"),
    (75, PostKind.SUGGESTION, "ควรย้ายจุดตรวจหน้าตลาดเช้าเพราะรถติดมากช่วงเจ็ดโมง", "แม่ค้าตลาดเช้า",
     "published", 0, ""),
    (110, PostKind.QUESTION, "ช่วงเทศกาลสงกรานต์สถานีมีจุดบริการประชาชนที่ใดบ้าง", "",
     "answered", 12, "มีจุดบริการที่สี่แยกหอนาฬิกาและหน้าสถานีขนส่ง ตลอด ๒๔ ชั่วโมง ระหว่างวันที่ ๑๑–๑๗ เมษายน"),
    (150, PostKind.PRAISE, "ขอชมเจ้าหน้าที่สายตรวจที่ช่วยพาเด็กหลงทางกลับบ้าน", "ผู้ปกครอง", "published", 0, ""),
    (200, PostKind.COMMENT, "ข้อความโฆษณาขายสินค้า", "", "rejected", 0, ""),
    (240, PostKind.QUESTION, "ต้องการขอใบรับรองความประพฤติ ใช้เวลากี่วัน", "", "answered", 20,
     "ใช้เวลาประมาณ ๓ วันทำการ ยื่นคำร้องได้ที่งานอำนวยการ"),
]  # fmt: skip
CURRENT_YEAR_POSTS = [
    (-25, PostKind.QUESTION, "อยากทราบว่าสถานีมีบริการรับแจ้งของหายนอกเวลาราชการหรือไม่", "", "answered", 4,
     "รับแจ้งได้ตลอด ๒๔ ชั่วโมงที่ร้อยเวรประจำสถานี"),
    (-20, PostKind.QUESTION, "ที่จอดรถของผู้มาติดต่อสถานีไม่พอ จะขยายหรือไม่", "", "draft", 0,
     "สถานีอยู่ระหว่างประสานเทศบาลเพื่อขอใช้ที่ดินข้างสถานี"),
    (-18, PostKind.QUESTION, "ขอเบอร์ติดต่องานจราจรโดยตรง", "", "published", 0, ""),
    (-2, PostKind.QUESTION, "ถ้าจะขอกล้องวงจรปิดหน้าบ้านไปดูต้องทำอย่างไร", "ชาวบ้านซอย ๓", "pending", 0, ""),
    (-1, PostKind.SUGGESTION, "อยากให้มีป้ายบอกทางไปห้องรับแจ้งความเป็นภาษาอังกฤษด้วย", "", "pending", 0, ""),
]  # fmt: skip
IMMIGRATION_POSTS = [
    (20, PostKind.QUESTION, "ต่ออายุวีซ่าท่องเที่ยวต้องใช้เอกสารอะไรบ้าง", "", "faq", 2,
     "แบบคำขอ ตม.7 หนังสือเดินทาง รูปถ่าย ๔×๖ ซม. ๑ รูป และค่าธรรมเนียม ๑,๙๐๐ บาท"),
    (90, PostKind.SUGGESTION, "อยากให้มีบัตรคิวออนไลน์สำหรับการรายงานตัว ๙๐ วัน", "ผู้ประกอบการที่พัก",
     "answered", 9, "ด่านฯ เปิดจองคิวผ่านระบบออนไลน์แล้ว และรายงานตัวทางออนไลน์ได้ที่ระบบของสำนักงานตรวจคนเข้าเมือง"),
]  # fmt: skip


def _png() -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (320, 200), (222, 232, 240))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 120, 300, 180), fill=(11, 83, 148))
    for x in range(40, 300, 40):
        draw.ellipse((x - 12, 70, x + 12, 110), fill=(120, 90, 60))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _admin(unit: Unit) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_ADMIN).select_related("user").first()
    )
    return membership.user if membership else None


def _executive(unit: Unit) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role=Role.EXECUTIVE).select_related("user").first()
    )
    return membership.user if membership else None


def _approver(unit: Unit) -> User | None:
    """The office has no head among the demo people: the first person who may approve for it (above it)."""
    for person in User.objects.filter(is_active=True).order_by("pk"):
        if authz.can(person, unit, Capability.APPROVE):
            return person
    return None


def _play(unit: Unit, by: User, day: datetime.date, row: tuple, today: datetime.date) -> Post:
    _offset, kind, body, name, fate, answer_days, answer = row
    post = Post.objects.create(
        unit=unit,
        kind=kind,
        body=body,
        name=name,
        received_on=day,
        answer_by=day + datetime.timedelta(days=services.settings_for(unit).answer_days),
    )
    if fate == "pending":
        return post
    services.moderate(post, publish=fate != "rejected", by=by)
    if fate in ("draft", "answered", "faq"):
        services.answer(post, text=answer, official=fate != "draft", by=by)
        if fate != "draft":
            post.answered_on = min(day + datetime.timedelta(days=answer_days), today)
            post.save(update_fields=["answered_on"])
    if fate == "faq":
        services.set_faq(post, faq=True, by=by)
    return post


def _closed_year_board(
    code: str, head_of: Callable[[Unit], User | None], rows: list[tuple], today: datetime.date
) -> tuple[Unit, User, User, int, datetime.date, list[Post]] | None:
    """The unit's admin and the person who publishes its records, today's fiscal year, the first day of the
    year before it, and that closed year's posts played out; None when the unit is missing, already has
    posts (the demo was loaded before), or lacks either person."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or Post.objects.filter(unit=unit).exists():
        return None
    by, head = _admin(unit), head_of(unit)
    if by is None or head is None:
        return None
    year = fiscal_year_of(today)
    closed_start = services.fiscal_year_range(year - 1)[0]
    posts = [
        _play(unit, by, closed_start + datetime.timedelta(days=row[0]), row, today) for row in rows
    ]
    return unit, by, head, year, closed_start, posts


def load_participation(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    _load_station(today)
    _load_immigration(today)


def _load_immigration(today: datetime.date) -> None:
    """Two questions and one published record of the last closed year: every document kind is made for the
    immigration office too (demo/tests/test_documents.py)."""
    board = _closed_year_board(IMMIGRATION, _approver, IMMIGRATION_POSTS, today)
    if board is None:
        return
    unit, by, head, year, closed_start, posts = board
    record = services.save_record(
        unit,
        year - 1,
        by=by,
        kind=RecordKind.MEETING,
        topic="ประชุมรับฟังความคิดเห็นผู้ประกอบการที่พักเรื่องการแจ้งที่พักคนต่างด้าว",
        held_on=closed_start + datetime.timedelta(days=120),
        groups=[("ผู้ประกอบการโรงแรมและที่พัก", 18), ("สมาคมท่องเที่ยวจังหวัด", 4)],
        results="ผู้ประกอบการขอให้ลดเอกสารแจ้งที่พักซ้ำซ้อน และขอช่องทางสอบถามนอกเวลาราชการ",
        changes="ด่านฯ รับแจ้งที่พักทางออนไลน์อย่างเดียวโดยไม่ต้องส่งเอกสารซ้ำ และตอบคำถามผ่านกระดานถาม-ตอบภายใน ๓ วัน",
        posts=[posts[1]],
    )
    services.publish_record(record, by=head)


def _load_station(today: datetime.date) -> None:
    board = _closed_year_board(STATION, _executive, CLOSED_YEAR_POSTS, today)
    if board is None:
        return
    unit, by, head, year, closed_start, posts = board
    current = []
    for row in CURRENT_YEAR_POSTS:
        day = max(today + datetime.timedelta(days=row[0]), services.fiscal_year_range(year)[0])
        current.append(_play(unit, by, day, row, today))
    officer = Membership.objects.filter(unit=unit, role=Role.OFFICER).select_related("user").first()
    if officer is not None:  # the question waiting for an answer is on an officer's desk
        services.assign(current[2], person=officer.user, line=officer.line, by=by)
    checkpoint = services.save_record(
        unit,
        year - 1,
        by=by,
        kind=RecordKind.MEETING,
        topic="ประชุมรับฟังความคิดเห็นผู้ค้าตลาดเช้าเรื่องจุดตรวจและการจราจร",
        held_on=closed_start + datetime.timedelta(days=95),
        groups=[("ผู้ค้าตลาดเช้า", 24), ("ผู้นำชุมชน", 6), ("เจ้าหน้าที่เทศบาล", 3)],
        results="ผู้ค้าขอให้ย้ายจุดตรวจออกจากหน้าตลาดช่วง ๐๖.๐๐–๐๘.๐๐ น. และขอให้มีเจ้าหน้าที่อำนวยการจราจรแทน",
        changes="สถานีย้ายจุดตรวจไปถนนเลี่ยงเมือง และจัดสายตรวจอำนวยการจราจรหน้าตลาดทุกเช้า ตั้งแต่เดือนมกราคม",
        posts=[posts[2]],
        campaigns=list(
            Campaign.objects.filter(assessment__unit=unit, assessment__fiscal_year=year - 1)
            .filter(kind="eit")
            .order_by("pk")[:1]
        ),
    )
    services.add_photo(
        checkpoint,
        SimpleUploadedFile("meeting.png", _png(), content_type="image/png"),
        caption="การประชุมรับฟังความคิดเห็นที่ศาลาตลาดเช้า",
        by=by,
    )
    services.publish_record(checkpoint, by=head)
    online = services.save_record(
        unit,
        year - 1,
        by=by,
        kind=RecordKind.QA,
        topic="คำถามเรื่องการแจ้งความออนไลน์จากกระดานถาม-ตอบ",
        held_on=closed_start + datetime.timedelta(days=60),
        groups=[("ประชาชนผู้ถามผ่านกระดานถาม-ตอบ", 9)],
        results="ประชาชนไม่ทราบขั้นตอนยืนยันตัวตนหลังแจ้งความออนไลน์",
        changes="สถานีทำป้ายและคลิปสั้นอธิบายขั้นตอน และตั้งโต๊ะช่วยยืนยันตัวตนที่ห้องร้อยเวร",
        posts=[posts[0], posts[1]],
    )
    services.publish_record(online, by=head)
