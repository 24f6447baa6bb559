"""The partners API: every action, 400 with a Chinese message on bad input, 404 out of scope."""

import datetime as dt

from gongzhi.partners import services
from gongzhi.partners.models import Offer, Partner, PartnerStatus
from gongzhi.partners.tests.conftest import approved


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_apply_approve_and_end_through_the_api(world, partners, client_for):
    liaison = client_for(partners.noodles_liaison)
    r = _post(liaison, "/api/v1/partners/partners", {"community_id": world.wumei.pk,
                                                     "organisation_id": partners.noodles.pk,
                                                     "kind": "social_enterprise", "gives": "老年人就餐优惠2元"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "applied"
    # the liaison may not approve their own application: 404
    assert _post(liaison, f"/api/v1/partners/partners/{pk}/approve", {"gets": "宣传",
                                                                      "agreement_start": "2026-07-01"}
                 ).status_code == 404
    staff = client_for(world.wumei_staff)
    r = _post(staff, f"/api/v1/partners/partners/{pk}/approve", {"gets": "宣传", "agreement_start": "2026-07-01",
                                                                 "agreement_end": "2026-06-01"})
    assert r.status_code == 400 and "早于起始日期" in r.json()["message"]
    r = _post(staff, f"/api/v1/partners/partners/{pk}/approve", {"gets": "宣传", "agreement_start": "2026-07-01",
                                                                 "agreement_end": "2027-06-30"})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = _post(staff, f"/api/v1/partners/partners/{pk}/end", {"reason": "搬迁"})
    assert r.status_code == 200 and r.json()["status"] == "ended"


def test_it_requires_scope_to_read_or_decide(world, partners, client_for):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    nanmen = client_for(world.nanmen_staff)
    assert nanmen.get(f"/api/v1/partners/partners/{p.pk}").status_code == 404
    assert _post(nanmen, f"/api/v1/partners/partners/{p.pk}/reject", {"reason": "x"}).status_code == 404
    assert client_for(world.resident).get("/api/v1/partners/partners").status_code == 404
    assert client_for(world.wumei_staff).get(f"/api/v1/partners/partners/{p.pk}").status_code == 200


def test_a_second_live_application_is_a_400(world, partners, client_for):
    staff = client_for(world.wumei_staff)
    body = {"community_id": world.wumei.pk, "organisation_id": partners.noodles.pk, "kind": "social_enterprise",
            "gives": "优惠"}
    assert _post(staff, "/api/v1/partners/partners", body).status_code == 201
    r = _post(staff, "/api/v1/partners/partners", body)
    assert r.status_code == 400 and "只能有一份有效的合伙申请" in r.json()["message"]
    r = _post(staff, "/api/v1/partners/partners", {**body, "organisation_id": None, "gives": ""})
    assert r.status_code == 400
    assert Partner.objects.count() == 1


def test_a_new_merchant_through_the_api(world, partners, client_for):
    r = _post(client_for(world.wumei_staff), "/api/v1/partners/partners", {
        "community_id": world.wumei.pk, "kind": "social_enterprise", "gives": "免费理发",
        "new_organisation": {"name": "五美便民理发店", "kind": "merchant"}})
    assert r.status_code == 201 and r.json()["organisation_name"] == "五美便民理发店"


def test_projects_through_the_api(world, partners, client_for):
    p = approved(world, partners.noodles)
    liaison = client_for(partners.noodles_liaison)
    r = _post(liaison, "/api/v1/partners/projects", {"partner_id": p.pk, "title": "爱心早餐", "content": "免费早餐",
                                                     "beneficiaries": "elderly", "starts_on": "2026-07-01"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert _post(liaison, f"/api/v1/partners/projects/{pk}/publish", {}).status_code == 404
    staff = client_for(world.wumei_staff)
    assert _post(staff, f"/api/v1/partners/projects/{pk}/publish", {}).json()["status"] == "published"
    assert _post(staff, f"/api/v1/partners/projects/{pk}/close", {}).json()["status"] == "closed"
    assert liaison.get("/api/v1/partners/projects").json()["count"] == 1


def test_alliances_members_and_offers_through_the_api(world, partners, client_for):
    street = client_for(world.street_staff)
    r = _post(street, "/api/v1/partners/alliances", {"region_id": world.xiangshan_street.pk, "name": "象山商家联盟",
                                                     "founded_on": "2026-03-01"})
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    r = _post(street, f"/api/v1/partners/alliances/{aid}/members", {"organisation_id": partners.noodles.pk,
                                                                    "joined_on": "2026-03-01"})
    assert r.status_code == 201
    member = r.json()["id"]
    assert _post(client_for(world.wumei_staff), f"/api/v1/partners/alliances/{aid}/members",
                 {"organisation_id": partners.noodles.pk, "joined_on": "2026-03-01"}).status_code == 404
    liaison = client_for(partners.noodles_liaison)
    r = _post(liaison, "/api/v1/partners/offers", {"member_id": member, "title": "老年人就餐优惠2元",
                                                   "description": "每碗优惠2元", "audience": "elderly",
                                                   "valid_from": "2026-06-01", "publish": True})
    assert r.status_code == 201 and r.json()["status"] == "published"
    oid = r.json()["id"]
    # residents read the published offers
    assert client_for(world.resident).get("/api/v1/partners/offers").json()["count"] == 1
    assert _post(client_for(world.resident), f"/api/v1/partners/offers/{oid}/withdraw", {}).status_code == 404
    assert _post(liaison, f"/api/v1/partners/offers/{oid}/withdraw", {"reason": "调整"}).json()["status"] == "withdrawn"
    assert client_for(world.resident).get("/api/v1/partners/offers").json()["count"] == 0
    assert _post(liaison, f"/api/v1/partners/offers/{oid}/publish", {}).json()["status"] == "published"
    r = _post(street, f"/api/v1/partners/members/{member}/leave", {"left_on": "2026-02-01"})
    assert r.status_code == 400 and "早于加入日期" in r.json()["message"]
    r = _post(street, f"/api/v1/partners/members/{member}/leave", {"left_on": "2026-06-30"})
    assert r.status_code == 200 and r.json()["left_on"] == "2026-06-30"
    assert Offer.objects.get(pk=oid).status == "withdrawn"
    assert street.get(f"/api/v1/partners/alliances/{aid}/members").json()[0]["left_on"] == "2026-06-30"


def test_the_api_lists_filter_by_kind_and_status(world, partners, client_for):
    approved(world, partners.noodles)
    services.apply(actor=world.wumei_staff, community=world.wumei, organisation=world.hospital, kind="institutional",
                   gives="义诊")
    staff = client_for(world.wumei_staff)
    assert staff.get("/api/v1/partners/partners?kind=institutional").json()["count"] == 1
    assert staff.get("/api/v1/partners/partners?status=approved").json()["items"][0]["organisation_name"] \
        == "五美老字号桂林米粉店"
    assert Partner.objects.filter(status=PartnerStatus.APPROVED).count() == 1
    assert dt.date(2026, 7, 1) == Partner.objects.get(status="approved").agreement_start
