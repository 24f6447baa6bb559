"""评约 API under /api/v1/evaluation: every action, 400 with messages on bad input, 404 out of scope (and for
a role that may not take the action)."""

import json

import pytest

from gongzhi.evaluation.models import Assessment, Commendation, Notice, Scheme, Stage
from gongzhi.evaluation.tests.conftest import pdf_report, uniform, walk

API = "/api/v1/evaluation"


def _json_scores(scores) -> dict:
    return {str(k): str(v) for k, v in scores.items()}


def _post(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def _self_payload(c, value=90, **overrides):
    data = {"scores": json.dumps(_json_scores(uniform(c.scheme, value))), "comment": "自评",
            "file_to_street": "true", "file_to_supervisor": "true", "annual_report": pdf_report()}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _finish_both(c, hospital=92, centre=55):
    walk(c, c.hospital_assessment, scores=uniform(c.scheme, hospital))
    walk(c, c.centre_assessment, scores=uniform(c.scheme, centre), actors={Stage.SELF: "centre_liaison"})


def test_the_openapi_document_lists_every_evaluation_endpoint(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/schemes", "/schemes/{scheme_id}", "/schemes/{scheme_id}/open", "/schemes/{scheme_id}/assessments",
                 "/schemes/{scheme_id}/commendations", "/schemes/{scheme_id}/notices", "/schemes/{scheme_id}/publish",
                 "/assessments/{assessment_id}", "/assessments/{assessment_id}/prefill",
                 "/assessments/{assessment_id}/self", "/assessments/{assessment_id}/community",
                 "/assessments/{assessment_id}/street", "/assessments/{assessment_id}/district"):
        assert f"/api/v1/evaluation{path}" in paths, path


# --- schemes ------------------------------------------------------------------------------------------------

def test_the_api_lists_schemes_in_scope(evaluation, client_for):
    body = client_for(evaluation.world.street_staff).get(f"{API}/schemes").json()
    assert body["count"] == 1 and body["items"][0]["units"] == 2 and body["items"][0]["district_name"] == "象山区"
    liaison = client_for(evaluation.world.liaison).get(f"{API}/schemes").json()
    assert liaison["items"][0]["units"] == 1  # only their own unit's assessment


def test_it_requires_scope_to_list_schemes(evaluation, client_for):
    assert client_for(evaluation.world.xiufeng_staff).get(f"{API}/schemes").json()["count"] == 0
    assert client_for(evaluation.world.school_liaison).get(f"{API}/schemes").json()["count"] == 0


def test_it_requires_login(evaluation, client):
    assert client.get(f"{API}/schemes").status_code == 401


def test_the_api_creates_a_scheme(world, client_for):
    response = _post(client_for(world.district_staff), f"{API}/schemes", {
        "district_id": world.xiangshan.pk, "year": 2027, "title": "2027方案",
        "indicators": [{"name": "履约完成率", "source": "fulfilment_rate", "weight": 50},
                       {"name": "居民满意度", "source": "manual", "weight": "50"}]})
    assert response.status_code == 201
    assert [i["weight"] for i in response.json()["indicators"]] == [50, 50]
    default = _post(client_for(world.district_staff), f"{API}/schemes",
                    {"district_id": world.xiangshan.pk, "year": 2028, "title": "2028方案"})
    assert len(default.json()["indicators"]) == 5


def test_the_api_answers_400_with_messages_for_a_bad_scheme(world, client_for):
    response = _post(client_for(world.district_staff), f"{API}/schemes", {
        "district_id": world.xiangshan.pk, "year": 2027, "title": "2027方案",
        "indicators": [{"name": "履约完成率", "source": "fulfilment_rate", "weight": 50}]})
    assert response.status_code == 400 and "权重之和须为 100" in str(response.json()["detail"])
    assert not Scheme.objects.exists()


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "liaison"])
def test_it_requires_district_staff_to_create_a_scheme(world, client_for, persona):
    response = _post(client_for(getattr(world, persona)), f"{API}/schemes",
                     {"district_id": world.xiangshan.pk, "year": 2027, "title": "2027方案"})
    assert response.status_code == 404 and not Scheme.objects.exists()


def test_the_api_shows_a_scheme(evaluation, client_for):
    body = client_for(evaluation.world.wumei_staff).get(f"{API}/schemes/{evaluation.scheme.pk}").json()
    assert body["title"] == evaluation.scheme.title and len(body["indicators"]) == 5


def test_it_requires_scope_to_show_a_scheme(evaluation, client_for):
    assert client_for(evaluation.world.xiufeng_staff).get(f"{API}/schemes/{evaluation.scheme.pk}").status_code == 404


def test_the_api_opens_assessments(world, client_for):
    from gongzhi.contracts.tests.conftest import build_lifecycle
    from gongzhi.evaluation import services

    build_lifecycle(world)
    scheme = services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2026, title="方案")
    client = client_for(world.district_staff)
    body = _post(client, f"{API}/schemes/{scheme.pk}/open").json()
    assert sorted(a["organisation_name"] for a in body) == ["桂林市中医医院", "桂爱社会工作服务中心"]
    assert all(a["next_stage"] == "self" for a in body)
    assert _post(client, f"{API}/schemes/{scheme.pk}/open").json() == []


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff"])
def test_it_requires_district_staff_to_open_assessments(evaluation, client_for, persona):
    assert _post(client_for(getattr(evaluation.world, persona)),
                 f"{API}/schemes/{evaluation.scheme.pk}/open").status_code == 404


def test_the_api_lists_assessments_with_their_stage(evaluation, client_for):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.STREET)
    body = client_for(evaluation.world.district_staff).get(f"{API}/schemes/{evaluation.scheme.pk}/assessments").json()
    stages = {a["organisation_name"]: (a["stage"], a["next_stage"]) for a in body["items"]}
    assert stages == {"桂林市中医医院": ("street", "district"), "桂爱社会工作服务中心": ("", "self")}


def test_it_requires_scope_to_list_assessments(evaluation, client_for):
    url = f"{API}/schemes/{evaluation.scheme.pk}/assessments"
    assert client_for(evaluation.world.nanmen_staff).get(url).json()["count"] == 0
    assert client_for(evaluation.world.xiufeng_staff).get(url).status_code == 404


# --- the stages --------------------------------------------------------------------------------------------

def test_the_api_shows_an_assessment_and_its_prefill(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    client = client_for(evaluation.world.liaison)
    body = client.get(f"{API}/assessments/{a.pk}").json()
    assert body["stage"] == "self" and body["results"][0]["total"] == 85 and len(body["results"][0]["scores"]) == 5
    prefill = client.get(f"{API}/assessments/{a.pk}/prefill").json()
    assert prefill == {str(evaluation.indicators[n].pk): 100 for n in ("履约完成率", "服务人次达成率", "按期完成率")}


@pytest.mark.parametrize("suffix", ["", "/prefill"])
def test_it_requires_scope_to_show_an_assessment(evaluation, client_for, suffix):
    url = f"{API}/assessments/{evaluation.hospital_assessment.pk}{suffix}"
    assert client_for(evaluation.world.nanmen_staff).get(url).status_code == 404
    assert client_for(evaluation.world.centre_liaison).get(url).status_code == 404


def test_the_api_self_assessment_with_the_annual_report(evaluation, client_for):
    a = evaluation.hospital_assessment
    response = client_for(evaluation.world.liaison).post(f"{API}/assessments/{a.pk}/self", _self_payload(evaluation))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assessment"]["stage"] == "self" and body["result"]["total"] == 90
    assert body["assessment"]["report_filed_to_street_at"] and body["assessment"]["report_filed_to_supervisor_at"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"file_to_supervisor": "false"}, "双报告"),
    ({"annual_report": None}, "请上传年度自评报告"),
    ({"scores": "not json"}, "JSON"),
    ({"scores": "one indicator only"}, "须填写 0–100"),
])
def test_the_api_self_assessment_answers_400_with_messages(evaluation, client_for, overrides, message):
    a = evaluation.hospital_assessment
    if overrides.get("scores") == "one indicator only":
        overrides = {"scores": json.dumps({str(evaluation.indicators["履约完成率"].pk): 50})}
    response = client_for(evaluation.world.liaison).post(f"{API}/assessments/{a.pk}/self",
                                                         _self_payload(evaluation, **overrides))
    assert response.status_code == 400 and message in str(response.json()["detail"])
    assert Assessment.objects.get(pk=a.pk).stage == ""


@pytest.mark.parametrize("persona", ["centre_liaison", "wumei_staff", "nanmen_staff", "district_staff"])
def test_it_requires_the_units_liaison_to_self_assess(evaluation, client_for, persona):
    a = evaluation.hospital_assessment
    response = client_for(getattr(evaluation.world, persona)).post(f"{API}/assessments/{a.pk}/self",
                                                                   _self_payload(evaluation))
    assert response.status_code == 404 and Assessment.objects.get(pk=a.pk).stage == ""


@pytest.mark.parametrize(("stage", "actor"), [(Stage.COMMUNITY, "wumei_staff"), (Stage.STREET, "street_staff"),
                                              (Stage.DISTRICT, "district_staff")])
def test_the_api_stage(evaluation, client_for, stage, actor):
    from gongzhi.evaluation.models import STAGE_ORDER

    a = walk(evaluation, evaluation.hospital_assessment, until=STAGE_ORDER[STAGE_ORDER.index(stage) - 1])
    response = _post(client_for(getattr(evaluation.world, actor)), f"{API}/assessments/{a.pk}/{stage.value}",
                     {"scores": _json_scores(uniform(evaluation.scheme, 85)), "comment": "好"})
    assert response.status_code == 200, response.content
    assert response.json()["assessment"]["stage"] == stage.value
    if stage == Stage.DISTRICT:
        assert response.json()["assessment"]["final_score"] == 85 and response.json()["assessment"]["grade"] == "good"


@pytest.mark.parametrize(("stage", "persona"), [
    (Stage.COMMUNITY, "nanmen_staff"), (Stage.COMMUNITY, "street_staff"), (Stage.STREET, "lijun_staff"),
    (Stage.STREET, "wumei_staff"), (Stage.DISTRICT, "xiufeng_staff"), (Stage.DISTRICT, "street_staff")])
def test_it_requires_the_stages_role_in_scope(evaluation, client_for, stage, persona):
    from gongzhi.evaluation.models import STAGE_ORDER

    previous = STAGE_ORDER[STAGE_ORDER.index(stage) - 1]
    a = walk(evaluation, evaluation.hospital_assessment, until=previous)
    response = _post(client_for(getattr(evaluation.world, persona)), f"{API}/assessments/{a.pk}/{stage.value}",
                     {"scores": _json_scores(uniform(evaluation.scheme, 85))})
    assert response.status_code == 404
    assert Assessment.objects.get(pk=a.pk).stage == previous


def test_the_api_refuses_stages_out_of_order(evaluation, client_for):
    a = evaluation.hospital_assessment
    response = _post(client_for(evaluation.world.wumei_staff), f"{API}/assessments/{a.pk}/community",
                     {"scores": _json_scores(uniform(evaluation.scheme, 85))})
    assert response.status_code == 400 and "下一环节是“单位自评”" in str(response.json()["detail"])
    walk(evaluation, a, until=Stage.COMMUNITY)
    response = _post(client_for(evaluation.world.district_staff), f"{API}/assessments/{a.pk}/district",
                     {"scores": _json_scores(uniform(evaluation.scheme, 85)), "adjustment_reason": "x"})
    assert response.status_code == 400 and "下一环节是“街道总评”" in str(response.json()["detail"])


def test_the_api_district_recheck_requires_a_reason_for_adjustments(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.STREET, scores=uniform(evaluation.scheme, 85))
    client = client_for(evaluation.world.district_staff)
    scores = _json_scores(uniform(evaluation.scheme, 70))
    response = _post(client, f"{API}/assessments/{a.pk}/district", {"scores": scores})
    assert response.status_code == 400 and "adjustment_reason" in response.json()["detail"]
    response = _post(client, f"{API}/assessments/{a.pk}/district", {"scores": scores, "adjustment_reason": "抽查不实"})
    assert response.status_code == 200 and response.json()["assessment"]["grade"] == "pass"
    assert response.json()["result"]["adjustment_reason"] == "抽查不实"


# --- outcomes ------------------------------------------------------------------------------------------------

def test_the_api_commends(evaluation, client_for):
    _finish_both(evaluation)
    client = client_for(evaluation.world.district_staff)
    url = f"{API}/schemes/{evaluation.scheme.pk}/commendations"
    response = _post(client, url, {"kind": "influential_project", "commitment_id": evaluation.clinic.pk})
    assert response.status_code == 201 and response.json()["commitment_title"] == "大型义诊进社区"
    response = _post(client, url, {"kind": "advanced_unit", "organisation_id": evaluation.world.school.pk})
    assert response.status_code == 400 and "尚未完成城区复核" in str(response.json()["detail"])
    assert [c["kind"] for c in client_for(evaluation.world.wumei_staff).get(url).json()] == ["influential_project"]
    assert client_for(evaluation.world.liaison).get(url).json() == []  # a unit learns them when published
    _post(client, f"{API}/schemes/{evaluation.scheme.pk}/publish")
    assert [c["kind"] for c in client_for(evaluation.world.liaison).get(url).json()] == ["influential_project"]


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "liaison", "xiufeng_staff"])
def test_it_requires_district_staff_to_commend(evaluation, client_for, persona):
    _finish_both(evaluation)
    response = _post(client_for(getattr(evaluation.world, persona)),
                     f"{API}/schemes/{evaluation.scheme.pk}/commendations",
                     {"kind": "advanced_unit", "organisation_id": evaluation.world.hospital.pk})
    assert response.status_code == 404 and not Commendation.objects.exists()


def test_the_api_issues_notices_idempotently(evaluation, client_for):
    _finish_both(evaluation, centre=40)
    client = client_for(evaluation.world.district_staff)
    url = f"{API}/schemes/{evaluation.scheme.pk}/notices"
    assert [n["organisation_name"] for n in _post(client, url).json()] == ["桂爱社会工作服务中心"]
    assert _post(client, url).json() == []
    assert len(client_for(evaluation.world.centre_liaison).get(url).json()) == 1
    assert client_for(evaluation.world.liaison).get(url).json() == []  # not their unit's notice


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff"])
def test_it_requires_district_staff_to_issue_notices(evaluation, client_for, persona):
    _finish_both(evaluation, centre=40)
    assert _post(client_for(getattr(evaluation.world, persona)),
                 f"{API}/schemes/{evaluation.scheme.pk}/notices").status_code == 404
    assert not Notice.objects.exists()


def test_the_api_publishes_only_when_every_assessment_is_final(evaluation, client_for):
    client = client_for(evaluation.world.district_staff)
    url = f"{API}/schemes/{evaluation.scheme.pk}/publish"
    walk(evaluation, evaluation.hospital_assessment)
    response = _post(client, url)
    assert response.status_code == 400 and "未完成城区复核" in str(response.json()["detail"])
    walk(evaluation, evaluation.centre_assessment, actors={Stage.SELF: "centre_liaison"})
    response = _post(client, url)
    assert response.status_code == 200 and response.json()["outcomes_published_at"]
    response = _post(client, f"{API}/schemes/{evaluation.scheme.pk}/commendations",
                     {"kind": "advanced_unit", "organisation_id": evaluation.world.hospital.pk})
    assert response.status_code == 400 and "已公布" in str(response.json()["detail"])


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff", "liaison"])
def test_it_requires_district_staff_to_publish(evaluation, client_for, persona):
    _finish_both(evaluation)
    assert _post(client_for(getattr(evaluation.world, persona)),
                 f"{API}/schemes/{evaluation.scheme.pk}/publish").status_code == 404
    assert Scheme.objects.get().outcomes_published_at is None


@pytest.mark.parametrize("suffix", ["commendations", "notices"])
def test_it_requires_scope_to_list_commendations_and_notices(evaluation, client_for, suffix):
    url = f"{API}/schemes/{evaluation.scheme.pk}/{suffix}"
    assert client_for(evaluation.world.xiufeng_staff).get(url).status_code == 404
    assert client_for(evaluation.world.school_liaison).get(url).status_code == 404
    assert client_for(evaluation.world.district_staff).get(url).status_code == 200
