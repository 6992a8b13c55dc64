"""The demo: a fictional provincial police command (จังหวัดธารทอง) with three police stations and an
immigration office, their lines of work, and a person for every role. Every name is invented.

Later features extend `load_demo` so that `make run` always shows the product in the middle of a cycle.
"""

from dataclasses import dataclass

DEMO_PASSWORD = "openita-demo"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name_th: str
    name_en: str
    unit_type: str
    parent: str | None
    website: str = ""
    phone: str = ""
    address: str = ""


DEMO_UNITS = [
    DemoUnit("demo-rtp", "สำนักงานตำรวจแห่งชาติ (สาธิต)", "Royal Thai Police (demo)", "general", None),
    DemoUnit(
        "demo-region9",
        "ตำรวจภูธรภาค ๙ (สาธิต)",
        "Provincial Police Region 9 (demo)",
        "other",
        "demo-rtp",
    ),
    DemoUnit(
        "demo-tt-province",
        "ตำรวจภูธรจังหวัดธารทอง",
        "Thanthong Provincial Police",
        "provincial",
        "demo-region9",
        "https://thanthong-police.example.go.th",
        "0 7400 1000",
        "ถนนศูนย์ราชการ ตำบลในเมือง อำเภอเมืองธารทอง จังหวัดธารทอง 90999",
    ),
    DemoUnit(
        "demo-tt-muang",
        "สถานีตำรวจภูธรเมืองธารทอง",
        "Mueang Thanthong Police Station",
        "police_station",
        "demo-tt-province",
        "https://muang.thanthong-police.example.go.th",
        "0 7400 1191",
        "๑๒ ถนนริมธาร ตำบลในเมือง อำเภอเมืองธารทอง จังหวัดธารทอง 90999",
    ),
    DemoUnit(
        "demo-tt-khlongsai",
        "สถานีตำรวจภูธรบ้านคลองใส",
        "Ban Khlong Sai Police Station",
        "police_station",
        "demo-tt-province",
        "https://khlongsai.thanthong-police.example.go.th",
        "0 7400 2191",
    ),
    DemoUnit(
        "demo-tt-donmakham",
        "สถานีตำรวจภูธรดอนมะขาม",
        "Don Makham Police Station",
        "police_station",
        "demo-tt-province",
        "https://donmakham.thanthong-police.example.go.th",
        "0 7400 3191",
    ),
    DemoUnit(
        "demo-tt-immigration",
        "ตรวจคนเข้าเมืองจังหวัดธารทอง",
        "Thanthong Immigration Office",
        "immigration",
        "demo-region9",
        "https://thanthong.immigration.example.go.th",
        "0 7400 4000",
    ),
]

STATION_LINES = [
    ("admin", "อำนวยการ", "Administration"),
    ("patrol", "ป้องกันปราบปราม", "Crime prevention and suppression"),
    ("traffic", "จราจร", "Traffic"),
    ("investigation", "สืบสวน", "Investigation"),
    ("inquiry", "สอบสวน", "Inquiry"),
]
IMMIGRATION_LINES = [
    ("admin", "อำนวยการ", "Administration"),
    ("visa", "ตรวจลงตรา", "Visa and stay extension"),
    ("checkpoint", "ตรวจคนเข้าออก", "Entry and exit checks"),
    ("investigation", "สืบสวนปราบปราม", "Investigation and suppression"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    rank: str
    first_name: str
    last_name: str
    position: str
    roles: tuple[tuple[str, str, str | None], ...]  # (unit code, role, line code)
    is_superuser: bool = False
    what: str = ""


DEMO_PEOPLE = [
    DemoPerson(
        "admin",
        "",
        "ผู้ดูแล",
        "ระบบ",
        "ผู้ดูแลระบบ openita",
        (),
        is_superuser=True,
        what="site administrator (everything)",
    ),
    DemoPerson(
        "province",
        "พ.ต.อ.",
        "วิชัย",
        "ธารทองดี",
        "รองผู้บังคับการตำรวจภูธรจังหวัดธารทอง",
        (("demo-tt-province", "oversight_viewer", None), ("demo-tt-province", "unit_admin", None)),
        what="provincial command: admin and oversight of its stations",
    ),
    DemoPerson(
        "head",
        "พ.ต.อ.",
        "ประเสริฐ",
        "มั่นคงธรรม",
        "ผู้กำกับการสถานีตำรวจภูธรเมืองธารทอง",
        (("demo-tt-muang", "executive", None), ("demo-tt-muang", "working_group_member", "admin")),
        what="head of Mueang Thanthong station (executive)",
    ),
    DemoPerson(
        "station.admin",
        "ร.ต.อ.หญิง",
        "กนกพร",
        "ใสสะอาด",
        "รองสารวัตรอำนวยการ",
        (
            ("demo-tt-muang", "unit_admin", "admin"),
            ("demo-tt-muang", "working_group_member", "admin"),
        ),
        what="unit admin of Mueang Thanthong station",
    ),
    DemoPerson(
        "officer",
        "ด.ต.",
        "สมศักดิ์",
        "รักษ์ประชา",
        "ผู้บังคับหมู่ (ป.)",
        (("demo-tt-muang", "officer", "patrol"),),
        what="officer at Mueang Thanthong station",
    ),
    DemoPerson(
        "committee",
        "พ.ต.ท.",
        "อรุณ",
        "แสงทอง",
        "สารวัตรจราจร",
        (("demo-tt-muang", "working_group_member", "traffic"),),
        what="working-group member at Mueang Thanthong station",
    ),
    DemoPerson(
        "khlongsai.admin",
        "ร.ต.ท.",
        "ธนากร",
        "ศรีคลอง",
        "รองสารวัตรอำนวยการ",
        (("demo-tt-khlongsai", "unit_admin", "admin"),),
        what="unit admin of Ban Khlong Sai station",
    ),
    DemoPerson(
        "immigration.admin",
        "ร.ต.อ.",
        "ภาณุ",
        "ด่านงาม",
        "รองสารวัตรฝ่ายอำนวยการ",
        (("demo-tt-immigration", "unit_admin", "admin"),),
        what="unit admin of Thanthong immigration office",
    ),
    DemoPerson(
        "assessor",
        "",
        "มาลี",
        "ตรวจถ้วน",
        "ที่ปรึกษาการประเมิน",
        (("demo-region9", "assessor", None),),
        what="assessor for every unit of Region 9",
    ),
]
