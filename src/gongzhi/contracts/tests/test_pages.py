"""Workbench pages of the contract lifecycle: each with its happy path and who it refuses (404)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.contracts.models import Contract, ContractStatus, Fulfilment, Publication
from gongzhi.contracts.tests.conftest import JAN
from gongzhi.core import clock
from gongzhi.testing import files

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)


def test_contract_list_and_detail(lifecycle, client_for):
    w = lifecycle.world
    page = client_for(w.wumei_staff).get(reverse("contracts:list")).content.decode()
    assert lifecycle.contract.number in page
    detail = client_for(w.liaison).get(reverse("contracts:detail", args=[lifecycle.contract.pk])).content.decode()
    assert "大型义诊进社区" in detail and "四点半课堂" in detail


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver"])
def test_it_requires_scope_for_a_contract(lifecycle, client_for, persona):
    client = client_for(getattr(lifecycle.world, persona))
    for url in (reverse("contracts:detail", args=[lifecycle.contract.pk]),
                reverse("contracts:document", args=[lifecycle.contract.pk]),
                reverse("contracts:commitment", args=[lifecycle.clinic.pk])):
        assert client.get(url).status_code == 404
    assert lifecycle.contract.number not in client.get(reverse("contracts:list")).content.decode()


def test_the_signed_document_downloads_for_those_in_scope(lifecycle, client_for):
    response = client_for(lifecycle.world.liaison).get(reverse("contracts:document", args=[lifecycle.contract.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_meeting_draft_commitment_agree_sign_through_pages(world, client_for):
    street, staff = client_for(world.street_staff), client_for(world.wumei_staff)
    with clock.frozen(JAN):
        response = street.post(reverse("contracts:meeting_new"), {
            "community": world.wumei.pk, "title": "商谈会", "starts_at": "2026-01-08T09:00", "place": "党群服务中心",
            "units": [world.hospital.pk]})
        meeting = world.wumei.meetings.get()
        assert response.status_code == 302
        street.post(reverse("contracts:meeting", args=[meeting.pk]), {"notes": "商定义诊项目"})
        response = staff.post(reverse("contracts:new") + f"?meeting={meeting.pk}", {
            "meeting": meeting.pk, "title": "五美社区2026年度契约", "year": 2026, "term_start": "2026-01-01",
            "term_end": "2026-12-31", "units": [world.hospital.pk]})
        contract = Contract.objects.get(meeting=meeting)
        assert response.status_code == 302
        response = staff.post(reverse("contracts:commitment_new", args=[contract.pk]), {
            "area": "governance", "title": "义诊", "content": "每季度义诊", "undertakers": [world.hospital.pk],
            "deadline": "2026-12-15", "target_services": 4, "target_person_times": 200,
            "milestones": "2026-02-28 制定计划\n2026-06-30 半年总结"})
        assert response.status_code == 302 and contract.commitments.get().milestones.count() == 2
        # Signing before the unit agrees is refused with a message, not an error page.
        response = staff.post(reverse("contracts:sign", args=[contract.pk]), follow=True)
        assert "尚未确认" in response.content.decode()
        client_for(world.liaison).post(reverse("contracts:agree", args=[contract.pk]),
                                       {"organisation": world.hospital.pk, "representative": "周丽华"})
        staff.post(reverse("contracts:sign", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED and contract.document_sha256


def test_bad_milestone_lines_are_a_form_error(world, client_for):
    from gongzhi.contracts import services

    with clock.frozen(JAN):
        draft = services.draft_contract(actor=world.wumei_staff, community=world.wumei, title="草案", year=2026,
                                        term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31),
                                        units=[world.hospital])
    response = client_for(world.wumei_staff).post(reverse("contracts:commitment_new", args=[draft.pk]), {
        "area": "governance", "title": "义诊", "content": "x", "undertakers": [], "deadline": "2026-12-15",
        "target_services": 1, "target_person_times": 0, "milestones": "明天 做计划"})
    assert response.status_code == 200 and "日期应写作" in response.content.decode()


def test_it_requires_the_drafting_role_for_a_new_contract(world, client_for):
    for persona in ("liaison", "receiver", "wumei_grid_worker"):
        assert client_for(getattr(world, persona)).get(reverse("contracts:new")).status_code == 404


def test_a_signed_contract_cannot_be_edited_through_pages(lifecycle, client_for):
    staff = client_for(lifecycle.world.wumei_staff)
    assert staff.get(reverse("contracts:commitment_new", args=[lifecycle.contract.pk])).status_code == 404
    response = staff.post(reverse("contracts:commitment_remove", args=[lifecycle.clinic.pk]), follow=True)
    assert "不可修改" in response.content.decode()
    assert lifecycle.contract.commitments.count() == 2


def test_recording_fulfilment_with_evidence_on_the_commitment_page(lifecycle, client_for):
    w = lifecycle.world
    photo = SimpleUploadedFile("义诊现场.jpg", files.jpeg(), content_type="image/jpeg")
    with clock.frozen(APRIL):
        response = client_for(w.liaison).post(reverse("contracts:commitment", args=[lifecycle.clinic.pk]), {
            "date": "2026-03-20", "content": "第一季度义诊", "person_times": 120, "volunteer_hours": "24",
            "evidence": [photo]})
    assert response.status_code == 302
    f = Fulfilment.objects.get()
    assert f.organisation == w.hospital and f.evidence.get().original_name == "义诊现场.jpg"
    evidence = client_for(w.wumei_staff).get(reverse("contracts:evidence", args=[f.evidence.get().pk]))
    assert evidence.status_code == 200
    assert client_for(w.nanmen_staff).get(reverse("contracts:evidence", args=[f.evidence.get().pk])).status_code == 404


def test_it_requires_an_undertaker_or_community_staff_to_record(lifecycle, client_for):
    with clock.frozen(APRIL):
        response = client_for(lifecycle.world.liaison).post(
            reverse("contracts:commitment", args=[lifecycle.classroom.pk]),
            {"date": "2026-03-20", "content": "x", "person_times": 1, "volunteer_hours": "0"})
    assert response.status_code == 404 and not Fulfilment.objects.exists()


def test_publishing_and_the_public_pages(lifecycle, client_for, client):
    w = lifecycle.world
    with clock.frozen(APRIL):
        response = client_for(w.wumei_staff).post(reverse("contracts:publications"),
                                                  {"community": w.wumei.pk, "year": 2026, "period": 0})
    assert response.status_code == 302
    publication = Publication.objects.get()
    page = client.get(reverse("board:publication", args=[publication.pk])).content.decode()
    assert "大型义诊进社区" in page and "周丽华" not in page
    assert client.get(reverse("board:publication_pdf", args=[publication.pk])).status_code == 200
    board = client.get(reverse("core:board", args=[w.wumei.pk])).content.decode()
    assert publication.title in board and lifecycle.contract.number in board


def test_it_requires_a_publishing_role(lifecycle, client_for):
    response = client_for(lifecycle.world.liaison).post(reverse("contracts:publications"),
                                                        {"community": lifecycle.world.wumei.pk, "year": 2026,
                                                         "period": 0})
    assert response.status_code == 404 and not Publication.objects.exists()


def test_the_report_page_and_its_xlsx(lifecycle, client_for):
    w = lifecycle.world
    with clock.frozen(APRIL):
        client = client_for(w.street_staff)
        page = client.get(reverse("contracts:report"), {"node": w.xiangshan_street.pk, "year": 2026})
        assert page.status_code == 200 and "五美社区" in page.content.decode()
        xlsx = client.get(reverse("contracts:report"), {"node": w.xiangshan_street.pk, "year": 2026,
                                                        "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["参与共建单位（个）"] == 2 and values["承诺服务事项（项）"] == 2


def test_it_requires_scope_for_the_report(lifecycle, client_for):
    response = client_for(lifecycle.world.nanmen_staff).get(reverse("contracts:report"),
                                                            {"node": lifecycle.world.wumei.pk, "year": 2026})
    page = response.content.decode()
    assert response.status_code == 200 and "南门社区" in page and "五美社区" not in page
    assert client_for(lifecycle.world.resident).get(reverse("contracts:report")).status_code == 302


def test_reminders_page_lists_the_users_reminders(lifecycle, client_for):
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.contracts import services

    w = lifecycle.world
    liaison = create_user(actor=w.admin, username="guiai", password="x-pass-123", display_name="莫晓琳")
    assign_role(actor=w.admin, user=liaison, role="unit_liaison", organisation=lifecycle.social_centre)
    services.sweep_reminders(today=dt.date(2026, 7, 1))
    page = client_for(liaison).get(reverse("contracts:reminders")).content.decode()
    assert "四点半课堂" in page and "已逾期" in page
    assert "四点半课堂" not in client_for(w.liaison).get(reverse("contracts:reminders")).content.decode()


def test_the_projects_list_shows_commitments_in_scope(lifecycle, client_for):
    page = client_for(lifecycle.world.wumei_staff).get(reverse("contracts:projects")).content.decode()
    assert "大型义诊进社区" in page and "四点半课堂" in page
    other = client_for(lifecycle.world.nanmen_staff).get(reverse("contracts:projects")).content.decode()
    assert "大型义诊进社区" not in other


def test_it_requires_login_for_the_projects_list(db, client):
    assert client.get(reverse("contracts:projects")).status_code == 302
