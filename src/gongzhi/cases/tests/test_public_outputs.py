"""Every public output of a community — the board, the wish wall, the public 权责清单, the public case statistics,
Open311 GET (json and xml, list and single) — carries no building, unit, floor or room, no phone or ID number in
any format, no dispute case and no resident's own words that staff have not reviewed.

Before issue 16 Open311 published "文化里2栋三楼卫生间防水层破损 … 双方为维修和赔偿争执不下" verbatim."""

import datetime as dt

import pytest
from django.urls import reverse

from gongzhi.cases import services
from gongzhi.cases.tests.conftest import MONDAY_9
from gongzhi.core import clock
from gongzhi.core.privacy import PLACE_DETAIL_RE, find_personal_numbers
from gongzhi.wishes import services as wishes

# The residents' own words: none of them may reach a public page.
WORDS = [
    ("sewage", "五美小区3栋2单元501室下水道堵塞，污水外溢，请回电+86 138 1234 5671", None),
    ("sewage", "文化里1栋卫生间漏水到四楼，电话138-1234-5672，身份证450302 19900101 002X", "已疏通5栋主管道，恢复正常"),
    ("neighbour_dispute", "文化里2栋三楼卫生间防水层破损，漏水到楼下，双方为维修和赔偿争执不下", "经调解赔偿2000元"),
    ("sewage", "小区门口井盖松动，电话０７７３－２８８１２３４", "已加固井盖"),
]
WORDING = "五美小区门口井盖松动"
END = MONDAY_9 + dt.timedelta(days=3)


@pytest.fixture
def public_world(world, cats, client):
    made = []
    for i, (code, description, result) in enumerate(WORDS):
        with clock.frozen(MONDAY_9 + dt.timedelta(minutes=i)):
            case = services.report_case(actor=world.resident, category=cats[code], community=world.wumei,
                                        title=description[:20], description=description, channel="phone_app",
                                        place=world.wenhua_b2, address="文化里2栋3单元302",
                                        lat="25.265432", long="110.288765")
        if result:
            with clock.frozen(MONDAY_9 + dt.timedelta(hours=1, minutes=i)):
                services.accept_case(actor=world.wumei_staff, case=case)
                services.resolve_case(actor=world.wumei_staff, case=case, result=result)
        made.append(case)
    services.set_public_wording(actor=world.wumei_staff, case=made[3], wording=WORDING)
    wish = wishes.post_wish(actor=world.resident, title="想要一台收音机，电话13812345678", beneficiary="elderly_alone")
    wishes.review_wish(actor=world.wumei_staff, wish=wish, decision="approve")
    return made


def _public_pages(client, world, made) -> dict[str, str]:
    with clock.frozen(END):
        pages = {
            "board index": client.get(reverse("core:board_index")),
            "board": client.get(reverse("core:board", args=[world.wumei.pk])),
            "wish wall": client.get(reverse("wishes:wall", args=[world.wumei.pk])),
            "权责清单 index": client.get(reverse("cases:public_responsibility_index")),
            "权责清单": client.get(reverse("cases:public_responsibilities", args=[world.xiangshan_street.pk])),
            "case statistics": client.get(reverse("rates:board_cases", args=[world.wumei.pk]), {"year": 2026}),
            "open311 json": client.get("/open311/v2/requests.json"),
            "open311 xml": client.get("/open311/v2/requests.xml"),
        }
        for case in made:
            for fmt in ("json", "xml"):
                pages[f"open311 {case.number}.{fmt}"] = client.get(f"/open311/v2/requests/{case.number}.{fmt}")
    return {name: r.content.decode() for name, r in pages.items() if r.status_code == 200}


def test_no_public_output_carries_places_numbers_disputes_or_unreviewed_words(world, client, public_world):
    made = public_world
    pages = _public_pages(client, world, made)
    assert {"board", "wish wall", "权责清单", "case statistics", "open311 json", "open311 xml"} <= set(pages)
    assert f"open311 {made[2].number}.json" not in pages  # the dispute: not found at all
    for name, text in pages.items():
        assert PLACE_DETAIL_RE.findall(text) == [], name
        assert find_personal_numbers(text) == [], name
        assert made[2].number not in text, name
        for _code, description, _result in WORDS:
            for fragment in (description[:12], description[-12:]):
                assert fragment not in text, (name, fragment)
    assert WORDING in pages["open311 json"] and WORDING in pages[f"open311 {made[3].number}.json"]
    assert made[0].number in pages["open311 json"]  # requests are published — without the resident's words


def test_place_detail_patterns():
    for text in ("3栋", "2单元", "501室", "三楼", "5号楼", "十二层", "２栋"):
        assert PLACE_DETAIL_RE.search(text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))), text
    for text in ("五美小区", "共130户", "楼道灯", "2026年12月4日", "小区门口"):
        assert not PLACE_DETAIL_RE.search(text), text
