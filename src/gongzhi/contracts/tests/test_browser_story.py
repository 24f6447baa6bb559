"""Browser story (Debian Chromium) of a year of contract-based co-construction in 五美社区 with three units:
review needs → negotiation meeting → sign → fulfilment in two quarters → both quarterly reports published →
the four evaluation stages → the outcome on the public board. Screenshots: var/screenshots/contract-*.png."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from gongzhi.contracts.models import Contract, ContractStatus, Publication
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.lists.tests.conftest import seed_categories
from gongzhi.organisations.services import create_organisation
from gongzhi.party.services import create_party_organisation, join_big_committee
from gongzhi.testing import files

pytestmark = pytest.mark.browser

TZ = dt.timezone(dt.timedelta(hours=8))


def at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=TZ)


def _unit(w, name, kind, partner):
    unit = create_organisation(actor=w.admin, name=name, kind=kind, partner_type=partner, home=w.wumei)
    party = create_party_organisation(actor=w.admin, name=f"{name}党支部", kind="unit_branch", region=w.wumei,
                                      organisation=unit)
    join_big_committee(actor=w.admin, committee=w.wumei_committee, member=party, joined_on=dt.date(2026, 1, 2))
    return unit


def test_a_year_of_contract_based_co_construction(live_world, login_page, screenshot, live_server, tmp_path):
    w = live_world
    cats = seed_categories()
    _unit(w, "桂爱社会工作服务中心", "social_organisation", "public_good")
    _unit(w, "五美路商家联盟", "merchant", "social_enterprise")
    with clock.frozen(at(2026, 1, 4, 9)):
        lists.submit_need(actor=w.resident, title="老年人家门口量血压", category=cats["medical"],
                          beneficiaries=["elderly"])
        lists.submit_need(actor=w.wumei_grid_worker, community=w.wumei, title="双职工家庭孩子放学后无人看护",
                          category=cats["education"], beneficiaries=["children"], channel="grid_visit", scale=40)
        lists.register_resource(actor=w.liaison, organisation=w.hospital, title="大型义诊",
                                category=cats["medical"], times_per_year=4, people_per_session=100)

    # 1. 商约 — the community party committee reviews the needs; the street convenes the negotiation meeting.
    with clock.frozen(at(2026, 1, 5, 9)):
        staff = login_page("wumei_staff")
        staff.goto(f"{live_server.url}/workbench/lists/needs/review/")
        expect(staff.get_by_test_id("review-row")).to_have_count(2)
        screenshot(staff, "contract-01-review-needs")
        for _ in range(2):
            staff.get_by_test_id("review-row").first.get_by_test_id("approve").click()
        expect(staff.get_by_test_id("review-row")).to_have_count(0)

        street = login_page("street_staff")
        street.goto(f"{live_server.url}/workbench/contracts/meetings/new/")
        street.fill("#id_title", "2026年五美社区契约化共建商谈会")
        street.fill("#id_starts_at", "2026-01-08T09:00")
        street.fill("#id_place", "五美社区党群服务中心")
        for unit in ("桂林市中医医院", "桂爱社会工作服务中心", "五美路商家联盟"):
            street.get_by_label(unit).check()
        street.get_by_label("老年人家门口量血压").check()
        street.get_by_label("双职工家庭孩子放学后无人看护").check()
        with street.expect_navigation():  # the POST and the page it redirects to
            street.get_by_role("button", name="召集").click()
        street.fill("#id_notes", "逐项审议需求清单和资源清单，商定义诊、四点半课堂、一元理发三个项目。")
        street.get_by_role("button", name="保存纪要").click()
        expect(street.locator("h1")).to_contain_text("已召开")
        screenshot(street, "contract-02-negotiation-meeting")

    # 2. 签约 — draft from the meeting, three commitments, each unit agrees, the community signs.
    with clock.frozen(at(2026, 1, 10, 10)):
        staff.goto(f"{live_server.url}/workbench/contracts/meetings/")
        staff.get_by_role("link", name="2026年五美社区契约化共建商谈会").click()
        staff.get_by_role("link", name="依据本次商谈起草契约").click()
        with staff.expect_navigation():  # the POST and the page it redirects to
            staff.get_by_role("button", name="生成契约草案").click()
        contract = Contract.objects.get(community=w.wumei)
        for unit, title, services, people in (("桂林市中医医院", "大型义诊进社区", 2, 150),
                                              ("桂爱社会工作服务中心", "四点半课堂", 2, 60),
                                              ("五美路商家联盟", "一元理发进社区", 2, 50)):
            staff.goto(f"{live_server.url}/workbench/contracts/{contract.pk}/commitments/new/")
            staff.select_option("#id_area", "governance")
            staff.fill("#id_title", title)
            staff.fill("#id_content", f"{title}：按季度为居民提供服务。")
            staff.locator("#id_undertakers").get_by_label(unit).check()
            staff.fill("#id_deadline", "2026-12-15")
            staff.fill("#id_target_services", str(services))
            staff.fill("#id_target_person_times", str(people))
            staff.fill("#id_milestones", "2026-02-28 制定全年服务计划")
            staff.get_by_role("button", name="添加").click()
            expect(staff.locator(".messages")).to_contain_text("已添加承诺事项")
        assert contract.commitments.count() == 3
        screenshot(staff, "contract-03-draft-with-commitments")

        liaison = login_page("hospital_liaison")
        liaison.goto(f"{live_server.url}/workbench/contracts/{contract.pk}/")
        liaison.fill("input[name=representative]", "周丽华")
        with liaison.expect_navigation():  # the POST and the page it redirects to
            liaison.get_by_test_id("agree").click()
        street.goto(f"{live_server.url}/workbench/contracts/{contract.pk}/")
        for unit in ("桂爱社会工作服务中心", "五美路商家联盟"):
            street.select_option("select[name=organisation]", label=unit)
            street.fill("input[name=representative]", "单位党组织书记")
            with street.expect_navigation():  # the POST and the page it redirects to
                street.get_by_test_id("agree").click()
        staff.goto(f"{live_server.url}/workbench/contracts/{contract.pk}/")
        staff.get_by_test_id("sign").click()
        expect(staff.get_by_test_id("contract-status")).to_have_text("已签订")
        screenshot(staff, "contract-04-signed")
        with staff.expect_download() as download:
            staff.get_by_role("link", name="契约书PDF").click()
        pdf = download.value.path().read_bytes()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
        assert "城市基层党建共建契约书" in text and "四点半课堂" in text
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED

    # 3. 履约 — records in two quarters, each quarter's report published and frozen.
    photo = tmp_path / "义诊现场.png"
    photo.write_bytes(files.png())
    commitments = {c.title: c for c in contract.commitments.all()}
    for quarter, day, published_on in ((1, "2026-03-18", at(2026, 4, 2, 9)), (2, "2026-06-16", at(2026, 7, 2, 9))):
        with clock.frozen(published_on):
            liaison.goto(f"{live_server.url}/workbench/contracts/commitments/{commitments['大型义诊进社区'].pk}/")
            liaison.fill("#id_date", day)
            liaison.fill("#id_content", f"第{quarter}季度大型义诊：测血压血糖、中医问诊")
            liaison.fill("#id_person_times", "80")
            liaison.fill("#id_volunteer_hours", "24")
            liaison.set_input_files("#id_evidence", str(photo))
            with liaison.expect_navigation():  # the POST and the page it redirects to
                liaison.get_by_test_id("record-fulfilment").click()
            if quarter == 1:
                with liaison.expect_navigation():  # the POST and the page it redirects to
                    liaison.get_by_role("button", name="标记完成").click()  # the plan was made in February
            for title in ("四点半课堂", "一元理发进社区"):
                staff.goto(f"{live_server.url}/workbench/contracts/commitments/{commitments[title].pk}/")
                staff.fill("#id_date", day)
                staff.fill("#id_content", f"{title}（第{quarter}季度）")
                staff.fill("#id_person_times", "30")
                staff.fill("#id_volunteer_hours", "10")
                with staff.expect_navigation():  # the POST and the page it redirects to
                    staff.get_by_test_id("record-fulfilment").click()
                if quarter == 1:
                    with staff.expect_navigation():  # the POST and the page it redirects to
                        staff.get_by_role("button", name="标记完成").click()
            if quarter == 1:
                screenshot(liaison, "contract-05-fulfilment-q1")
            staff.goto(f"{live_server.url}/workbench/contracts/board/")
            if quarter == 1:
                staff.select_option("#id_period", "0")
                with staff.expect_navigation():  # the POST and the page it redirects to
                    staff.get_by_test_id("publish").click()
            staff.select_option("#id_period", str(quarter))
            staff.get_by_test_id("publish").click()
            expect(staff.locator(".messages")).to_contain_text("已在党务公开栏公示")
            report = Publication.objects.get(community=w.wumei, year=2026, period=quarter)
            public = login_page("resident", mobile=True)
            public.goto(f"{live_server.url}/board/publications/{report.pk}/")
            expect(public.locator("h1")).to_contain_text(f"第{quarter}季度")
            expect(public.locator("body")).not_to_contain_text("13877301234")
            expect(public.locator("body")).not_to_contain_text("周丽华")
            screenshot(public, f"contract-0{5 + quarter}-quarterly-report-q{quarter}")
    q1 = Publication.objects.get(community=w.wumei, year=2026, period=1)
    assert q1.snapshot["figures"]["person_times"] == 140  # frozen at publication: the Q2 records are not in it
    assert Publication.objects.get(period=2).snapshot["figures"]["completed_items"] == 3
    assert sum(c.fulfilments.count() for c in commitments.values()) == 6
    assert sum(f.volunteer_hours for c in commitments.values() for f in c.fulfilments.all()) == Decimal("88")

    story_evaluation(w, login_page, screenshot, live_server, contract)


PDF = files.pdf()


def story_evaluation(w, login_page, screenshot, live_server, contract):
    """4. 评约 — the district's scheme, the hospital through the four stages by the four roles on their pages,
    the other two units through the services, the outcome published on the board."""
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.evaluation import services as evaluation
    from gongzhi.evaluation.models import Assessment, Scheme
    from gongzhi.testing.personas import PASSWORD

    def top(page, name):
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, name)

    with clock.frozen(at(2026, 12, 20, 9)):
        district = login_page("district_staff")
        district.goto(f"{live_server.url}/workbench/evaluation/new/")
        district.fill("#id_year", "2026")
        district.fill("#id_title", "象山区2026年度城市基层党建契约化共建考评方案")
        with district.expect_navigation():  # the POST and the page it redirects to
            district.get_by_role("button", name="创建方案").click()
        with district.expect_navigation():  # the POST and the page it redirects to
            district.get_by_role("button", name="确定参评单位").click()
        scheme = Scheme.objects.get()
        assert scheme.assessments.count() == 3
        top(district, "contract-08-assessment-scheme")

        hospital = Assessment.objects.get(scheme=scheme, organisation=w.hospital)
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf", prefix="自评报告") as f:
            f.write(PDF)
            f.flush()
            liaison = login_page("hospital_liaison")
            liaison.goto(f"{live_server.url}/workbench/evaluation/assessments/{hospital.pk}/")
            for field in liaison.locator("input[id^=id_score_]").all():
                if not field.input_value():
                    field.fill("90")
            liaison.fill("#id_comment", "全年义诊两次，服务群众160人次，党员志愿者全程参与")
            liaison.set_input_files("#id_annual_report", f.name)
            liaison.check("#id_file_to_street")
            liaison.check("#id_file_to_supervisor")
            top(liaison, "contract-09-self-assessment")
            with liaison.expect_navigation():  # the POST and the page it redirects to
                liaison.get_by_role("button", name="提交单位自评").click()
        for persona, button in (("wumei_staff", "提交社区评议"), ("street_staff", "提交街道总评"),
                                ("district_staff", "提交城区复核")):
            page = login_page(persona)
            page.goto(f"{live_server.url}/workbench/evaluation/assessments/{hospital.pk}/")
            page.fill("#id_comment", "按履约纪实档案核实")
            page.get_by_role("button", name=button).click()
            expect(page.locator("body")).to_contain_text("已提交")
        top(page, "contract-10-district-recheck")
        hospital.refresh_from_db()
        assert hospital.stage == "district" and hospital.grade

        # The other two units, through the services, by their own liaisons and the same reviewers.
        for assessment in Assessment.objects.filter(scheme=scheme).exclude(pk=hospital.pk):
            liaison_user = create_user(actor=w.admin, username=f"liaison{assessment.pk}", password=PASSWORD)
            assign_role(actor=w.admin, user=liaison_user, role="unit_liaison", organisation=assessment.organisation)
            scores = {i.pk: 75 for i in scheme.indicators.all()}
            from django.core.files.uploadedfile import SimpleUploadedFile

            evaluation.submit_self_assessment(actor=liaison_user, assessment=assessment, scores=scores,
                                              annual_report=SimpleUploadedFile("报告.pdf", PDF),
                                              file_to_street=True, file_to_supervisor=True)
            evaluation.community_review(actor=w.wumei_staff, assessment=assessment, scores=scores)
            evaluation.street_assessment(actor=w.street_staff, assessment=assessment, scores=scores)
            evaluation.district_recheck(actor=w.district_staff, assessment=assessment, scores=scores)

        district.goto(f"{live_server.url}/workbench/evaluation/{scheme.pk}/")
        with district.expect_navigation():  # the POST and the page it redirects to
            district.get_by_test_id("publish").click()
        board = login_page("resident", mobile=True)
        board.goto(f"{live_server.url}/board/{w.wumei.pk}/")
        outcome = board.locator("[data-section=evaluation]")
        expect(outcome).to_contain_text("桂林市中医医院")
        expect(outcome).to_contain_text(hospital.get_grade_display())
        expect(board.locator("body")).not_to_contain_text("13877301234")
        top(board, "contract-11-published-outcome")
