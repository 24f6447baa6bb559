"""评约 for 五美社区's 2026 contract: the hospital and the social centre, assessed in December 2026 under
象山区's scheme. Built through the services, on top of the contract lifecycle's `build_lifecycle`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.contracts import services as contracts
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.evaluation import services
from gongzhi.evaluation.models import STAGE_ORDER, Stage
from gongzhi.testing import files
from gongzhi.testing.personas import PASSWORD

DEC = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)
PDF = files.pdf()


def pdf_report(name: str = "2026年度自评报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx_report(name: str = "2026年度自评报告.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def uniform(scheme, value) -> dict[int, Decimal]:
    return {i.pk: Decimal(str(value)) for i in scheme.indicators.all()}


def by_name(scheme, **values) -> dict[int, Decimal]:
    """Scores keyed by indicator name (履约完成率=95, …); indicators not named get 80."""
    return {i.pk: Decimal(str(values.get(i.name, 80))) for i in scheme.indicators.all()}


def extra_personas(world) -> None:
    """Out-of-scope evaluators in 秀峰区, and liaisons of a second party unit and of a unit with no contract."""

    def user(username, display, role, **scope):
        u = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=display)
        assign_role(actor=world.admin, user=u, role=role, **scope)
        return u

    world.xiufeng_staff = user("xiufeng_district", "秀峰区·林涛", "district_staff", region=world.xiufeng)
    world.lijun_staff = user("lijun_street", "丽君街道·蒋敏", "street_staff", region=world.lijun_street)
    world.school_liaison = user("school_liaison", "崇善小学·覃老师", "unit_liaison", organisation=world.school)


def build_evaluation(world):
    c = build_lifecycle(world)
    w = world
    extra_personas(w)
    w.centre_liaison = create_user(actor=w.admin, username="centre_liaison", password=PASSWORD,
                                   display_name="莫晓琳")
    assign_role(actor=w.admin, user=w.centre_liaison, role="unit_liaison", organisation=c.social_centre)
    with clock.frozen(DEC):
        contracts.complete_milestone(actor=w.liaison, milestone=c.clinic.milestones.get(), on=dt.date(2026, 2, 20))
        for month in (3, 6, 9, 11):
            contracts.record_fulfilment(actor=w.liaison, commitment=c.clinic, date=dt.date(2026, month, 18),
                                        content=f"{month}月义诊", person_times=120, volunteer_hours=20)
        contracts.record_fulfilment(actor=w.wumei_staff, commitment=c.classroom, date=dt.date(2026, 4, 8),
                                    content="四点半课堂", person_times=35, volunteer_hours=10,
                                    organisation=c.social_centre)
        c.scheme = services.create_scheme(actor=w.district_staff, district=w.xiangshan, year=2026,
                                          title="象山区2026年度城市基层党建“契约化”共建考评方案")
        opened = {a.organisation_id: a for a in services.open_assessments(actor=w.district_staff, scheme=c.scheme)}
    c.hospital_assessment = opened[w.hospital.pk]
    c.centre_assessment = opened[c.social_centre.pk]
    c.indicators = {i.name: i for i in c.scheme.indicators.all()}
    return c


STAGE_ACTOR = {Stage.SELF: "liaison", Stage.COMMUNITY: "wumei_staff", Stage.STREET: "street_staff",
               Stage.DISTRICT: "district_staff"}


def walk(c, assessment, *, until: Stage = Stage.DISTRICT, scores=None, actors=None):
    """Take `assessment` through the stages up to `until` with the same scores at every stage."""
    scores = scores if scores is not None else uniform(c.scheme, 85)
    actors = {**STAGE_ACTOR, **(actors or {})}
    for stage in STAGE_ORDER:
        if assessment.stage and STAGE_ORDER.index(stage) <= STAGE_ORDER.index(Stage(assessment.stage)):
            continue
        actor = getattr(c.world, actors[stage])
        if stage == Stage.SELF:
            services.submit_self_assessment(actor=actor, assessment=assessment, scores=scores, comment="自评",
                                            annual_report=pdf_report(), file_to_street=True, file_to_supervisor=True)
        else:
            services.STAGE_SERVICES[stage](actor=actor, assessment=assessment, scores=scores, comment=stage.label)
        assessment.refresh_from_db()
        if stage == until:
            break
    return assessment


@pytest.fixture(autouse=True)
def _media_and_december(settings, tmp_path, monkeypatch):
    """Files under a temporary MEDIA_ROOT; the clock in December 2026; the signed contract's PDF (tested by the
    contracts app) replaced by a constant, so that each test does not spend a second in WeasyPrint."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("gongzhi.contracts.documents.contract_pdf", lambda contract: PDF)
    with clock.frozen(DEC):
        yield


@pytest.fixture
def evaluation(world):
    return build_evaluation(world)
