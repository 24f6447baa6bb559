"""The xlsx dispute ledger (台账): the list's rows and filters, phone numbers whole, masked or left out per role."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.cases import services as cases
from gongzhi.disputes.ledger import LEDGER
from gongzhi.disputes.tests.conftest import follow_up


def _sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(response.content))
    return [[c if c is not None else "" for c in row] for row in workbook.active.iter_rows(values_only=True)]


def _column(rows, name) -> list:
    index = rows[0].index(name)
    return [r[index] for r in rows[1:]]


@pytest.mark.parametrize("persona, applicant", [
    ("wumei_staff", "王秀英 13812345678"),
    ("wumei_grid_worker", "王秀英 13812345678"),
    ("street_staff", "王秀英 138****5678"),
    ("district_staff", "王秀英 138****5678"),
])
def test_phones_per_role(world, agreed, client_for, persona, applicant):
    rows = _sheet(client_for(getattr(world, persona)).get(reverse("disputes:ledger")))
    assert list(rows[0]) == list(LEDGER.names)
    assert _column(rows, "申请人") == [applicant]
    assert _column(rows, "被申请人") == ["李明 " + ("13907731234" if "staff" not in persona or persona == "wumei_staff"
                                               else "139****1234")]
    assert _column(rows, "调解次数") == [1] and _column(rows, "调解状态") == ["达成协议"]
    assert "2000" in _column(rows, "协议或转办情况")[0]


def test_a_receiver_gets_names_only(world, agreed, client_for):
    cases.blow_whistle(actor=world.wumei_staff, case=agreed.case, departments=[world.judicial_office],
                       request="请司法所参与")
    rows = _sheet(client_for(world.receiver).get(reverse("disputes:ledger")))
    assert _column(rows, "申请人") == ["王秀英"] and _column(rows, "被申请人") == ["李明"]
    assert "1381234" not in str(rows)


def test_out_of_scope_gets_an_empty_ledger(world, agreed, client_for):
    rows = _sheet(client_for(world.nanmen_staff).get(reverse("disputes:ledger")))
    assert rows == [list(LEDGER.names)]


def test_the_ledger_follows_the_filters(world, agreed, dispute, client_for):
    client = client_for(world.wumei_staff)
    assert len(_sheet(client.get(reverse("disputes:ledger")))) == 3
    rows = _sheet(client.get(reverse("disputes:ledger") + "?status=registered"))
    assert _column(rows, "调解状态") == ["登记"]
    follow_up(world, agreed)
    rows = _sheet(client.get(reverse("disputes:ledger") + "?outcome=agreement"))
    assert "稳定" in _column(rows, "最近回访")[0]


def test_the_export_link_carries_the_filters(world, agreed, client_for):
    html = client_for(world.wumei_staff).get(reverse("disputes:list") + "?status=agreed").content.decode()
    assert reverse("disputes:ledger") + "?status=agreed" in html
