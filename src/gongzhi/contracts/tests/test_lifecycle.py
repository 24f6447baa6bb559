import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.chronicle.services import entries_for, verify
from gongzhi.contracts import services
from gongzhi.contracts.models import ContractStatus, Publication
from gongzhi.contracts.selectors import figures, unit_figures
from gongzhi.contracts.tests.conftest import JAN
from gongzhi.core import clock
from gongzhi.testing import files

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
JULY = dt.datetime(2026, 7, 3, 10, 0, tzinfo=dt.UTC)


def test_signing_freezes_the_text_and_chronicles_the_document_hash(lifecycle):
    contract = lifecycle.contract
    assert contract.status == ContractStatus.SIGNED
    pdf = contract.document.read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == contract.document_sha256
    entry = entries_for(contract).get(action="contract.signed")
    assert entry.data["document_sha256"] == contract.document_sha256
    with pytest.raises(ValidationError):
        services.add_commitment(actor=lifecycle.world.wumei_staff, contract=contract,
                                undertakers=[lifecycle.world.hospital], area="governance", title="x", content="x",
                                deadline=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.remove_commitment(actor=lifecycle.world.wumei_staff, commitment=lifecycle.clinic)
    assert verify().ok


def test_an_amendment_is_a_new_version_that_keeps_the_old(lifecycle):
    w = lifecycle.world
    with clock.frozen(APRIL):
        v2 = services.amend_contract(actor=w.wumei_staff, contract=lifecycle.contract, reason="增加助老项目")
        assert v2.version == 2 and v2.status == ContractStatus.DRAFT
        assert v2.commitments.count() == 2
        services.add_commitment(actor=w.wumei_staff, contract=v2, undertakers=[w.hospital], area="governance",
                                title="上门体检", content="为重疾患者上门体检", deadline=dt.date(2026, 11, 30))
        for party in v2.parties.all():
            services.record_agreement(actor=w.street_staff, contract=v2, organisation=party.organisation,
                                      representative="代表")
        services.sign_contract(actor=w.wumei_staff, contract=v2)
    lifecycle.contract.refresh_from_db()
    assert lifecycle.contract.status == ContractStatus.SUPERSEDED
    assert lifecycle.contract.commitments.count() == 2  # the old version is kept as it was


def test_signing_needs_every_unit_to_agree(world):
    from gongzhi.contracts.tests.conftest import build_lifecycle  # noqa: F401 - same set-up path

    with clock.frozen(JAN):
        contract = services.draft_contract(actor=world.wumei_staff, community=world.wumei, title="草案", year=2026,
                                           term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31),
                                           units=[world.hospital])
        services.add_commitment(actor=world.wumei_staff, contract=contract, undertakers=[world.hospital],
                                area="party_education", title="党课", content="联合上党课", deadline=dt.date(2026, 7, 1))
        with pytest.raises(ValidationError, match="尚未确认"):
            services.sign_contract(actor=world.wumei_staff, contract=contract)


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "resident", "wumei_grid_worker"])
def test_only_the_communitys_side_drafts_and_signs(world, persona):
    with clock.frozen(JAN), pytest.raises(PermissionDenied):
        services.draft_contract(actor=getattr(world, persona), community=world.wumei, title="草案", year=2026,
                                term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31), units=[world.hospital])


def test_fulfilment_with_evidence_and_figures(lifecycle):
    w = lifecycle.world
    photo = SimpleUploadedFile("义诊.png", files.png(), content_type="image/png")
    with clock.frozen(APRIL):
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 3, 20),
                                   content="第一季度义诊", person_times=120, volunteer_hours=24, evidence=[photo])
        services.record_fulfilment(actor=w.wumei_staff, commitment=lifecycle.classroom, date=dt.date(2026, 3, 27),
                                   content="四点半课堂", person_times=35, volunteer_hours=10,
                                   organisation=lifecycle.social_centre)
    f = figures(path=w.wumei.path, year=2026)
    assert (f.participating_units, f.contracts, f.committed_items, f.completed_items) == (2, 1, 2, 0)
    assert (f.services_held, f.person_times, f.volunteer_hours) == (2, 155, 34)
    assert figures(path=w.nanmen.path, year=2026).contracts == 0
    assert figures(path=w.xiangshan.path, year=2026).person_times == 155
    evidence = lifecycle.clinic.fulfilments.get().evidence.get()
    assert evidence.content_type == "image/png" and evidence.size == len(files.png())


def test_evidence_is_checked_by_content_and_size(lifecycle):
    w = lifecycle.world
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with clock.frozen(APRIL), pytest.raises(ValidationError, match="不是 JPG、PNG 或 PDF"):
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 3, 20),
                                   content="义诊", person_times=10, evidence=[fake])
    assert not lifecycle.clinic.fulfilments.exists()


def test_a_liaison_records_only_for_their_own_units_commitments(lifecycle):
    with clock.frozen(APRIL), pytest.raises(PermissionDenied):
        services.record_fulfilment(actor=lifecycle.world.liaison, commitment=lifecycle.classroom,
                                   date=dt.date(2026, 3, 20), content="x", person_times=1)


def test_a_completed_commitment_and_unit_figures(lifecycle):
    w = lifecycle.world
    with clock.frozen(JULY):
        for day, people in ((dt.date(2026, 4, 10), 30), (dt.date(2026, 5, 15), 40)):
            services.record_fulfilment(actor=w.wumei_staff, commitment=lifecycle.classroom, date=day,
                                       content="四点半课堂", person_times=people, organisation=lifecycle.social_centre)
    u = unit_figures(organisation=lifecycle.social_centre, year=2026)
    assert (u.committed_items, u.completed_items, u.completed_on_time) == (1, 1, 1)
    assert u.fulfilment_rate == 100 and u.person_times_rate == 100
    assert figures(path=w.wumei.path, year=2026).completed_items == 1


def test_reminders_are_created_once_whatever_the_number_of_sweeps(lifecycle):
    w = lifecycle.world
    assert services.sweep_reminders(today=dt.date(2026, 6, 20)) == 1  # 四点半课堂 approaching
    assert services.sweep_reminders(today=dt.date(2026, 6, 21)) == 0
    assert services.sweep_reminders(today=dt.date(2026, 7, 1)) == 1  # now overdue
    assert services.sweep_reminders(today=dt.date(2026, 7, 2)) == 0
    reminder = lifecycle.classroom.reminders.get(kind="overdue")
    assert "已逾期" in reminder.message
    assert w.liaison not in reminder.recipients.all()  # the hospital's liaison is not this project's


def test_quarterly_report_is_frozen_and_only_after_the_quarter(lifecycle):
    w = lifecycle.world
    with clock.frozen(dt.datetime(2026, 3, 30, tzinfo=dt.UTC)), pytest.raises(ValidationError, match="尚未结束"):
        services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=1)
    with clock.frozen(APRIL):
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 3, 20),
                                   content="义诊", person_times=120)
        report = services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=1)
        # Later fulfilment does not change a published report.
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 4, 1),
                                   content="义诊", person_times=80)
        with pytest.raises(ValidationError):
            services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=1)
    report = Publication.objects.get(pk=report.pk)
    assert report.snapshot["figures"]["person_times"] == 120
    with pytest.raises(ValidationError):
        report.save()


def test_start_of_year_publication_contains_no_personal_data(lifecycle):
    w = lifecycle.world
    with clock.frozen(JAN):
        pub = services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=0)
    text = str(pub.snapshot)
    assert "大型义诊进社区" in text and "桂林市中医医院" in text
    for secret in ("周丽华", "黄敏", "莫晓琳", "13877301234"):
        assert secret not in text


def test_the_district_appoints_a_liaison_officer_who_then_receives_reminders(lifecycle, client_for):
    w = lifecycle.world
    r = client_for(w.district_staff).post(
        f"/api/v1/contracts/{lifecycle.contract.pk}/officers",
        {"organisation_id": lifecycle.social_centre.pk, "officer_id": w.district_staff.pk},
        content_type="application/json")
    assert r.status_code == 200
    services.sweep_reminders(today=dt.date(2026, 7, 1))
    assert w.district_staff in lifecycle.classroom.reminders.get(kind="overdue").recipients.all()


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff", "liaison"])
def test_it_requires_district_staff_to_appoint_an_officer(lifecycle, client_for, persona):
    r = client_for(getattr(lifecycle.world, persona)).post(
        f"/api/v1/contracts/{lifecycle.contract.pk}/officers",
        {"organisation_id": lifecycle.social_centre.pk, "officer_id": lifecycle.world.district_staff.pk},
        content_type="application/json")
    assert r.status_code == 404


def test_an_officer_must_be_district_staff_of_that_district(lifecycle, client_for):
    w = lifecycle.world
    r = client_for(w.district_staff).post(
        f"/api/v1/contracts/{lifecycle.contract.pk}/officers",
        {"organisation_id": w.hospital.pk, "officer_id": w.street_staff.pk}, content_type="application/json")
    assert r.status_code == 400 and "城区工作人员" in str(r.json())


def test_the_contract_page_lets_the_district_appoint(lifecycle, client_for):
    from django.urls import reverse

    w = lifecycle.world
    client = client_for(w.district_staff)
    page = client.get(reverse("contracts:detail", args=[lifecycle.contract.pk])).content.decode()
    assert 'name="officer"' in page
    client.post(reverse("contracts:officer", args=[lifecycle.contract.pk]),
                {"organisation": w.hospital.pk, "officer": w.district_staff.pk})
    assert lifecycle.contract.parties.get(organisation=w.hospital).liaison_officer == w.district_staff
    assert 'name="officer"' not in client_for(w.wumei_staff).get(
        reverse("contracts:detail", args=[lifecycle.contract.pk])).content.decode()


def test_reminders_are_notified_once_to_their_recipients(lifecycle):
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.notifications.models import Notification

    w = lifecycle.world
    officer = create_user(actor=w.admin, username="centre_liaison", password="x-Pass-2026!", display_name="社工·韦敏")
    assign_role(actor=w.admin, user=officer, role="unit_liaison", organisation=lifecycle.social_centre)
    services.sweep_reminders(today=dt.date(2026, 6, 20))
    services.sweep_reminders(today=dt.date(2026, 6, 21))
    reminder = lifecycle.classroom.reminders.get(kind="approaching")
    notes = Notification.objects.filter(kind="reminder")
    assert sorted(notes.values_list("recipient", flat=True)) == sorted(reminder.recipients.values_list("pk", flat=True))
    assert officer.pk in notes.values_list("recipient", flat=True)
    assert all(n.url == reverse("contracts:reminders") for n in notes)
