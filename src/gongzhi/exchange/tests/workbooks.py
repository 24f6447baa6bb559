"""Building test workbooks in memory."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongzhi.exchange.formats import FORMATS, XLSX_CONTENT_TYPE

ORG_HEADER = list(FORMATS["organisations"].names)
PEOPLE_HEADER = list(FORMATS["people"].names)
REGION_HEADER = list(FORMATS["regions"].names)


def xlsx(header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def read(content: bytes) -> list[list]:
    """The first sheet's rows, header included, with empty cells as ''."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def org_row(name, *, kind="事业单位", partner="", code="", place="桂林市/象山区/象山街道/五美社区", dept="",
            address="", contact="", title="", phone="", short=""):
    return [name, short, kind, partner, code, place, dept, address, contact, title, phone]


def person_row(name, *, gender="", year="", phone="", id_number="", home="桂林市/象山区/象山街道/五美社区/五美小区/1栋"):
    return [name, gender, year, phone, id_number, home]


def region_row(name, kind, parent="", code=""):
    return [name, kind, parent, code]


def valid_id(first17: str) -> str:
    """A resident ID number with a correct check character."""
    from gongzhi.people.services import id_check_char

    return first17 + id_check_char(first17)


def fresh_community(world, name="新村社区", code="450304001009"):
    """An empty community under 象山街道 and a community staffer for it."""
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.regions.services import create_node
    from gongzhi.testing.personas import PASSWORD

    community = create_node(actor=world.admin, parent=world.xiangshan_street, kind="community", name=name, code=code)
    staff = create_user(actor=world.admin, username=f"staff_{code}", password=PASSWORD, display_name=f"{name}·干部")
    assign_role(actor=world.admin, user=staff, role="community_staff", region=community)
    return community, staff
