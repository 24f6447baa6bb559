"""The league table, department detail, review and weights pages, and the public statistics page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core import clock
from gongzhi.rates.models import RateWeights, RatingReview
from gongzhi.rates.tests.conftest import ADDRESS, AS_OF, REPORTER_NAME, REPORTER_PHONE

LEAGUE = reverse("rates:league")


@pytest.fixture
def frozen():
    with clock.frozen(AS_OF):
        yield


def rows(html: str) -> int:
    return html.count('data-testid="league-row"')


# --- league table ---------------------------------------------------------------------------------------

def test_it_requires_login(client):
    response = client.get(LEAGUE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_requires_a_workbench_role(world, client_for):
    assert client_for(world.resident).get(LEAGUE).status_code == 302
    assert client_for(world.outsider).get(LEAGUE).status_code == 302


def test_it_is_not_for_unit_liaisons(world, client_for):
    assert client_for(world.liaison).get(LEAGUE).status_code == 404


def test_district_staff_see_the_department_league(rw, client_for, frozen):
    response = client_for(rw.w.district_staff).get(LEAGUE, {"period": "2026-06"})
    html = response.content.decode()
    assert response.status_code == 200
    assert rows(html) == 4  # 司法所, 派出所, 住建局, 卫健委 (秀峰区住建局 is outside 象山区)
    assert "秀峰区住建局" not in html
    # every rate with its numerator/denominator in small text, the composite and the rank
    assert "<small>3/4</small>" in html and "<small>1/3</small>" in html
    assert "83.8" in html and "27.5" in html
    assert html.index("象山街道司法所") < html.index("象山区住建局") < html.index("象山派出所")
    assert 'class="r-rank r-rank-1">1<' in html


def test_sorting_by_response_rate_ascending(rw, client_for, frozen):
    html = client_for(rw.w.district_staff).get(
        LEAGUE, {"period": "2026-06", "sort": "response", "dir": "asc"}).content.decode()
    # 派出所 1/3 < 司法所 3/4 < 住建局 2/2; 卫健委 ("—") last
    order = [html.index(n) for n in ("象山派出所", "象山街道司法所", "象山区住建局", "桂林市卫生健康委员会")]
    assert order == sorted(order)


def test_tabs_communities_and_streets(rw, client_for, frozen):
    client = client_for(rw.w.district_staff)
    html = client.get(LEAGUE, {"tab": "communities", "period": "2026-06"}).content.decode()
    assert rows(html) == 2 and "五美社区" in html and "南门社区" in html
    html = client.get(LEAGUE, {"tab": "streets", "period": "2026-06"}).content.decode()
    assert rows(html) == 1 and "象山街道" in html and "<small>6/8</small>" in html


def test_receiver_sees_own_department_only(rw, client_for, frozen):
    client = client_for(rw.police_receiver)
    html = client.get(LEAGUE, {"period": "2026-06"}).content.decode()
    assert rows(html) == 1 and "象山派出所" in html and "象山街道司法所" not in html
    assert 'data-testid="tab-communities"' not in html
    assert client.get(LEAGUE, {"tab": "communities"}).status_code == 404
    assert client.get(reverse("rates:department", args=[rw.judicial.pk])).status_code == 404


def test_community_staff_see_their_own_community_line_only(rw, client_for, frozen):
    client = client_for(rw.w.nanmen_staff)
    html = client.get(LEAGUE, {"tab": "communities", "period": "2026-06"}).content.decode()
    assert rows(html) == 1 and "南门社区" in html and "五美社区" not in html
    assert client.get(LEAGUE, {"tab": "streets"}).status_code == 404


def test_a_bad_period_is_a_message_not_an_error(rw, client_for, frozen):
    response = client_for(rw.w.district_staff).get(LEAGUE, {"period": "2026-13"}, follow=True)
    assert response.status_code == 200
    assert "月份应为 1–12" in response.content.decode()
    response = client_for(rw.w.district_staff).get(LEAGUE, {"from": "2026-06-30", "to": "2026-06-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_custom_period(rw, client_for, frozen):
    html = client_for(rw.w.district_staff).get(LEAGUE, {"from": "2026-06-01", "to": "2026-06-02"}).content.decode()
    assert "2026-06-01 — 2026-06-02" in html and "<small>1/2</small>" in html


# --- export ---------------------------------------------------------------------------------------------

def test_xlsx_export_holds_the_same_table(rw, client_for, frozen):
    response = client_for(rw.w.district_staff).get(reverse("rates:export"), {"period": "2026-06"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "rates-departments-2026-06.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "2026年6月" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:6] == ["排名", "名称", "所属区划", "吹哨数", "响应率", "按时响应/应响应"]
    table = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(table) == {"象山街道司法所", "象山派出所", "象山区住建局", "桂林市卫生健康委员会"}
    judicial = dict(zip(header, table["象山街道司法所"], strict=True))
    assert judicial["排名"] == 1 and judicial["响应率"] == 0.75 and judicial["按时响应/应响应"] == "3/4"
    assert judicial["解决率"] == 0.75 and judicial["满意/参评"] == "2/2" and judicial["剔除评价"] == 1
    assert judicial["社区赋分均分"] == 75 and judicial["综合得分"] == 83.75
    assert judicial["权重（响应/解决/满意）"] == "30/35/35"
    health = dict(zip(header, table["桂林市卫生健康委员会"], strict=True))
    assert health["响应率"] is None and health["综合得分"] is None and health["排名"] is None
    assert sheet.cell(row=3, column=5).number_format == "0.0%"


def test_export_is_scoped_and_checks_its_period(rw, client_for, frozen):
    client = client_for(rw.w.nanmen_staff)
    response = client.get(reverse("rates:export"), {"tab": "communities", "period": "2026-06"})
    names = [row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3,
                                                                                              values_only=True)]
    assert names == ["南门社区"]
    assert client.get(reverse("rates:export"), {"period": "bad"}).status_code == 400
    assert client.get(reverse("rates:export"), {"tab": "streets"}).status_code == 404


# --- department detail ------------------------------------------------------------------------------------

def test_department_detail_lists_the_whistles_behind_its_figures(rw, client_for, frozen):
    url = reverse("rates:department", args=[rw.judicial.pk])
    html = client_for(rw.w.district_staff).get(url, {"period": "2026-06"}).content.decode()
    # W1, W2, W3, W4 (blown in June) and W6 (assessed in June); not the withdrawn W5
    assert html.count('data-testid="whistle-row"') == 5
    assert rw.c5.number not in html and rw.c6.number in html
    assert "复核剔除" in html  # C2's rating


def test_department_detail_is_scoped(rw, client_for, frozen):
    url = reverse("rates:department", args=[rw.judicial.pk])
    html = client_for(rw.w.nanmen_staff).get(url, {"period": "2026-06"}).content.decode()
    assert html.count('data-testid="whistle-row"') == 2  # W3, W4 — 南门's only
    assert rw.c1.number not in html
    other = reverse("rates:department", args=[rw.xiufeng_housing.pk])
    assert client_for(rw.w.district_staff).get(other).status_code == 404
    assert client_for(rw.w.admin).get(other).status_code == 200


# --- reviews --------------------------------------------------------------------------------------------

def test_review_request_and_decision_through_the_pages(rw, client_for):
    nanmen = client_for(rw.w.nanmen_staff)
    html = nanmen.get(reverse("rates:reviews")).content.decode()
    assert rw.c10.number in html  # 不满意, not yet reviewed
    assert rw.c2.number not in html  # 五美's
    response = nanmen.post(reverse("rates:review_request", args=[rw.c10.pk]), {"reason": "诉求超出物业维修范围"},
                           follow=True)
    assert "已申请复核" in response.content.decode()
    review = RatingReview.objects.get(case=rw.c10, status="pending")
    assert nanmen.get(reverse("rates:review_decide", args=[review.pk])).status_code == 404  # not a decider
    street = client_for(rw.w.street_staff)
    form = street.get(reverse("rates:review_decide", args=[review.pk]))
    assert form.status_code == 200 and "诉求超出物业维修范围" in form.content.decode()
    missing = street.post(reverse("rates:review_decide", args=[review.pk]), {"decision": "exclude", "note": "x"})
    assert missing.status_code == 200 and "剔除须选择依据" in missing.content.decode()
    done = street.post(reverse("rates:review_decide", args=[review.pk]),
                       {"decision": "exclude", "ground": "unreasonable", "note": "诉求不属于政府职责"}, follow=True)
    assert "复核结论已记录" in done.content.decode()
    review.refresh_from_db()
    assert review.status == "excluded" and review.ground == "unreasonable"


def test_review_request_out_of_scope_is_404(rw, client_for):
    response = client_for(rw.w.nanmen_staff).post(reverse("rates:review_request", args=[rw.c7.pk]),
                                                   {"reason": "x"})
    assert response.status_code == 404
    assert client_for(rw.police_receiver).get(reverse("rates:reviews")).status_code == 404


# --- weights --------------------------------------------------------------------------------------------

def test_weights_page(rw, client_for):
    client = client_for(rw.w.district_staff)
    bad = client.post(reverse("rates:weights"), {"region": rw.w.xiangshan.pk, "response": 50, "resolution": 30,
                                                 "satisfaction": 30})
    assert "三项权重之和须为 100%" in bad.content.decode()
    assert not RateWeights.objects.exists()
    client.post(reverse("rates:weights"), {"region": rw.w.xiangshan.pk, "response": 40, "resolution": 30,
                                           "satisfaction": 30})
    assert RateWeights.objects.get(region=rw.w.xiangshan).triple == (40, 30, 30)
    assert client_for(rw.w.wumei_staff).get(reverse("rates:weights")).status_code == 404
    client.post(reverse("rates:weights_clear", args=[rw.w.xiangshan.pk]))
    assert not RateWeights.objects.exists()


# --- the public page ------------------------------------------------------------------------------------

def test_public_page_shows_statistics_and_no_personal_data(rw, client):
    from gongzhi.cases.services import set_public_wording

    set_public_wording(actor=rw.w.wumei_staff, case=rw.c1, wording="五美小区下水道堵塞，已疏通")
    with clock.frozen(AS_OF):
        response = client.get(reverse("rates:board_cases", args=[rw.w.wumei.pk]), {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert "下水道堵塞与污水外溢" in html  # the category, with its count
    assert 'data-testid="public-examples"' in html and "五美小区" in html
    # the seeded descriptions hold the reporter's name, phone and address: none of them reaches the page
    for secret in (REPORTER_NAME, REPORTER_PHONE, ADDRESS, "1栋2单元", "138****5678"):
        assert secret not in html, secret
    for case in (rw.c1, rw.c2):
        assert case.number not in html
    assert rw.w.wumei_staff.display_name not in html  # never the owner
    assert "五美小区下水道堵塞，已疏通" in html  # examples show the staff-approved public wording only


def test_public_page_is_only_for_communities(rw, client):
    assert client.get(reverse("rates:board_cases", args=[rw.w.xiangshan_street.pk])).status_code == 404
    assert client.get(reverse("rates:board_cases", args=[999999])).status_code == 404
    assert client.get(reverse("rates:board_cases", args=[rw.w.wumei.pk]), {"year": "x"}).status_code == 200


def test_board_section_on_the_community_board(rw, client):
    with clock.frozen(AS_OF):
        html = client.get(reverse("core:board", args=[rw.w.wumei.pk])).content.decode()
    assert 'data-section="cases"' in html and 'data-testid="board-rates"' in html
    assert reverse("rates:board_cases", args=[rw.w.wumei.pk]) in html
    assert REPORTER_PHONE not in html and REPORTER_NAME not in html
