"""The list pages: each page's happy path, and beside it what it requires."""


import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.lists import services
from gongzhi.lists.models import Activity, Claim, Need, Resource
from gongzhi.lists.tests.conftest import at, next_week


def _body(response) -> str:
    return response.content.decode()


# --- needs list, queue, detail ----------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["wumei_staff", "wumei_grid_worker", "street_staff", "district_staff",
                                     "liaison", "admin"])
def test_the_list_pages_render_for_every_role_that_uses_them(world, items, client_for, persona):
    client = client_for(getattr(world, persona))
    for name in ("lists:needs", "lists:queue", "lists:resources", "lists:activities", "lists:claims"):
        assert client.get(reverse(name)).status_code == 200, name


def test_the_navigation_shows_the_lists_to_their_roles(world, client_for):
    page = _body(client_for(world.liaison).get(reverse("core:workbench")))
    assert "需求清单" in page and "资源清单" in page and "活动清单" in page
    page = _body(client_for(world.receiver).get(reverse("core:workbench")))
    assert "需求清单" not in page


def test_the_needs_list_filters_and_searches(world, items, client_for):
    client = client_for(world.wumei_staff)
    url = reverse("lists:needs")
    assert "老年人免费体检" in _body(client.get(url, {"q": "体检"}))
    assert "楼道灯坏了" not in _body(client.get(url, {"q": "体检"}))
    assert "楼道灯坏了" in _body(client.get(url, {"q": "维修"}))  # the category's keywords match too
    by_status = _body(client.get(url, {"status": "submitted"}))
    assert "楼道灯坏了" in by_status and "老年人免费体检" not in by_status
    by_side = _body(client.get(url, {"side": "unit"}))
    assert "党员志愿服务阵地" in by_side and "老年人免费体检" not in by_side
    by_category = _body(client.get(url, {"category": "medical"}))
    assert "老年人免费体检" in by_category and "党员志愿服务阵地" not in by_category
    assert "老年人免费体检" not in _body(client.get(url, {"year": "2001"}))
    assert client.get(url, {"year": "abc", "status": "nonsense", "category": "x"}).status_code == 200


def test_the_need_detail_shows_claims_review_and_chronicle(world, items, client_for):
    services.claim(actor=world.liaison, need=items.published, deadline=next_week(), note="派医疗队")
    page = _body(client_for(world.wumei_staff).get(reverse("lists:need", args=[items.published.pk])))
    assert "桂林市中医医院" in page and "派医疗队" in page and "need.claimed" in page
    page = _body(client_for(world.wumei_staff).get(reverse("lists:need", args=[items.submitted.pk])))
    assert 'data-testid="review"' in page and "老年人免费体检" in page  # a merge candidate


def test_approving_from_the_review_queue(world, items, client_for):
    response = client_for(world.wumei_staff).post(reverse("lists:need_review", args=[items.submitted.pk]),
                                                  {"decision": "approve", "next": "queue"})
    assert response.status_code == 302 and response.url == reverse("lists:queue")
    items.submitted.refresh_from_db()
    assert items.submitted.status == "published"


def test_rejecting_without_a_reason_shows_the_message_and_changes_nothing(world, items, client_for):
    client = client_for(world.wumei_staff)
    response = client.post(reverse("lists:need_review", args=[items.submitted.pk]), {"decision": "reject"},
                           follow=True)
    assert "不采纳须填写理由" in _body(response)
    items.submitted.refresh_from_db()
    assert items.submitted.status == "submitted"
    client.post(reverse("lists:need_review", args=[items.submitted.pk]), {"decision": "reject", "reason": "不属实"})
    items.submitted.refresh_from_db()
    assert items.submitted.status == "rejected" and items.submitted.review_reason == "不属实"


def test_merging_from_the_page(world, items, client_for):
    client_for(world.wumei_staff).post(reverse("lists:need_review", args=[items.submitted.pk]),
                                       {"decision": "merge", "merge_into": items.published.pk, "confirm": "1"})
    items.submitted.refresh_from_db()
    assert items.submitted.status == "merged" and items.submitted.merged_into == items.published


def test_merging_into_a_need_out_of_sight_is_refused(world, items, client_for):
    response = client_for(world.wumei_staff).post(reverse("lists:need_review", args=[items.submitted.pk]),
                                                  {"decision": "merge", "merge_into": items.nanmen_need.pk},
                                                  follow=True)
    assert "请选择要合并到的需求" in _body(response)
    items.submitted.refresh_from_db()
    assert items.submitted.status == "submitted"


@pytest.mark.parametrize("persona", ["liaison", "wumei_grid_worker", "street_staff", "nanmen_staff"])
def test_it_requires_the_communitys_staff_to_review(world, items, client_for, persona):
    response = client_for(getattr(world, persona)).post(reverse("lists:need_review", args=[items.submitted.pk]),
                                                        {"decision": "approve"})
    assert response.status_code == 404
    items.submitted.refresh_from_db()
    assert items.submitted.status == "submitted"


def test_it_requires_post_to_review(world, items, client_for):
    assert client_for(world.wumei_staff).get(reverse("lists:need_review", args=[items.submitted.pk])).status_code == 405


def test_closing_a_need(world, items, client_for):
    response = client_for(world.wumei_staff).post(reverse("lists:need_close", args=[items.published.pk]))
    assert response.status_code == 302
    items.published.refresh_from_db()
    assert items.published.status == "closed"


@pytest.mark.parametrize("persona", ["liaison", "street_staff", "nanmen_staff"])
def test_it_requires_the_communitys_staff_to_close(world, items, client_for, persona):
    response = client_for(getattr(world, persona)).post(reverse("lists:need_close", args=[items.published.pk]))
    assert response.status_code == 404
    items.published.refresh_from_db()
    assert items.published.status == "published"


# --- new need ---------------------------------------------------------------------------------------------

def test_community_staff_record_a_need_with_its_channel(world, cats, client_for):
    response = client_for(world.wumei_staff).post(reverse("lists:need_new"), {
        "community": world.wumei.pk, "channel": "forum", "title": "小区需要充电桩", "category": cats["repairs"].pk,
        "beneficiaries": ["all_residents", "elderly"], "place": world.wumei_estate.pk, "scale": "200",
        "urgency": "normal"})
    need = Need.objects.get(title="小区需要充电桩")
    assert response.status_code == 302 and response.url == reverse("lists:need", args=[need.pk])
    assert need.channel == "forum" and need.beneficiaries == ["all_residents", "elderly"]
    assert need.place == world.wumei_estate and need.scale == 200 and need.status == "submitted"


def test_the_new_need_form_offers_checkboxes_and_only_the_users_communities(world, cats, client_for):
    page = _body(client_for(world.wumei_staff).get(reverse("lists:need_new")))
    assert 'type="checkbox"' in page and "一老一小" in page and "五美社区" in page and "南门社区" not in page
    assert "窗口接待" in page and "单位提出" not in page


def test_a_liaison_raises_their_units_need_from_the_workbench(world, cats, client_for):
    page = _body(client_for(world.liaison).get(reverse("lists:need_new")))
    assert "提出单位需求" in page and "来源渠道" not in page
    client_for(world.liaison).post(reverse("lists:need_new"), {
        "organisation": world.hospital.pk, "title": "需要社区提供党课场地", "category": cats["party_building"].pk,
        "urgency": "normal"})
    need = Need.objects.get(title="需要社区提供党课场地")
    assert need.side == "unit" and need.community == world.wumei


def test_a_bad_new_need_is_a_form_error(world, cats, client_for):
    response = client_for(world.wumei_staff).post(reverse("lists:need_new"), {
        "community": world.wumei.pk, "channel": "forum", "title": "", "category": cats["repairs"].pk,
        "urgency": "normal"})
    assert response.status_code == 200 and not Need.objects.exists()


@pytest.mark.parametrize("persona", ["street_staff", "receiver"])
def test_it_requires_a_recorder_or_liaison_to_add_needs(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse("lists:need_new")).status_code == 404


def test_a_nanmen_staffer_cannot_record_for_wumei(world, cats, client_for):
    response = client_for(world.nanmen_staff).post(reverse("lists:need_new"), {
        "community": world.wumei.pk, "channel": "forum", "title": "x", "category": cats["repairs"].pk,
        "urgency": "normal"})
    assert response.status_code == 200 and not Need.objects.exists()  # 五美社区 is not among the choices


# --- claims from the detail pages -------------------------------------------------------------------------

def test_the_liaison_claims_a_need_with_a_deadline(world, items, client_for):
    client = client_for(world.liaison)
    page = _body(client.get(reverse("lists:need", args=[items.published.pk])))
    assert 'data-testid="claim-form"' in page and 'type="date"' in page
    response = client.post(reverse("lists:need_claim", args=[items.published.pk]),
                           {"organisation": world.hospital.pk, "deadline": next_week().isoformat(), "note": "周六"})
    assert response.status_code == 302
    made = Claim.objects.get(need=items.published)
    assert made.organisation == world.hospital and made.deadline == next_week()


def test_a_second_claim_shows_a_message(world, items, client_for):
    client = client_for(world.liaison)
    data = {"organisation": world.hospital.pk, "deadline": next_week().isoformat()}
    client.post(reverse("lists:need_claim", args=[items.published.pk]), data)
    response = client.post(reverse("lists:need_claim", args=[items.published.pk]), data, follow=True)
    assert "请勿重复认领" in _body(response) and Claim.objects.count() == 1


def test_a_claim_without_a_deadline_is_refused(world, items, client_for):
    response = client_for(world.liaison).post(reverse("lists:need_claim", args=[items.published.pk]),
                                              {"organisation": world.hospital.pk}, follow=True)
    assert response.status_code == 200 and not Claim.objects.exists()


@pytest.mark.parametrize(("persona", "item"), [("wumei_staff", "published"), ("nanmen_staff", "published"),
                                               ("liaison", "unit_need"), ("street_staff", "unit_need")])
def test_it_requires_the_other_side_to_claim_a_need(world, items, client_for, persona, item):
    need = getattr(items, item)
    response = client_for(getattr(world, persona)).post(reverse("lists:need_claim", args=[need.pk]),
                                                        {"organisation": world.hospital.pk,
                                                         "deadline": next_week().isoformat()})
    assert response.status_code == 404 and not Claim.objects.exists()


def test_community_staff_claim_a_units_resource_and_fulfil_it(world, items, client_for):
    client = client_for(world.wumei_staff)
    client.post(reverse("lists:resource_claim", args=[items.resource.pk]), {"deadline": next_week().isoformat()})
    made = Claim.objects.get(resource=items.resource)
    assert made.side == "community"
    assert "我方认领" in _body(client.get(reverse("lists:claims")))
    assert "中医义诊进社区" in _body(client.get(reverse("lists:claims")))
    response = client.post(reverse("lists:claim_fulfil", args=[made.pk]), {"next": "resource"})
    assert response.url == reverse("lists:resource", args=[items.resource.pk])
    made.refresh_from_db()
    assert made.status == "fulfilled"


def test_it_requires_the_other_side_to_claim_a_resource(world, items, client_for):
    response = client_for(world.liaison).post(reverse("lists:resource_claim", args=[items.resource.pk]),
                                              {"deadline": next_week().isoformat()})
    assert response.status_code == 404


def test_my_claims_lists_the_units_claims_and_withdrawing(world, items, client_for):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    client = client_for(world.liaison)
    assert "老年人免费体检" in _body(client.get(reverse("lists:claims")))
    # the community sees it among claims of its items, not among its own
    staff = client_for(world.wumei_staff)
    assert "老年人免费体检" not in _body(staff.get(reverse("lists:claims")))
    assert "老年人免费体检" in _body(staff.get(reverse("lists:claims"), {"direction": "theirs"}))
    client.post(reverse("lists:claim_withdraw", args=[made.pk]))
    made.refresh_from_db()
    assert made.status == "withdrawn"


def test_it_requires_the_claimant_to_withdraw_and_scope_to_fulfil(world, items, client_for):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    assert client_for(world.wumei_staff).post(reverse("lists:claim_withdraw", args=[made.pk])).status_code == 404
    assert client_for(world.nanmen_staff).post(reverse("lists:claim_fulfil", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.status == "claimed"


# --- resources --------------------------------------------------------------------------------------------

def test_a_liaison_registers_a_resource(world, cats, client_for):
    response = client_for(world.liaison).post(reverse("lists:resource_new"), {
        "organisation": world.hospital.pk, "title": "健康知识讲座", "category": cats["lecture"].pk,
        "beneficiaries": ["elderly"], "times_per_year": "4", "people_per_session": "60", "place": "社区活动室",
        "schedule": "每季度一次", "cost": "free"})
    resource = Resource.objects.get(title="健康知识讲座")
    assert response.url == reverse("lists:resource", args=[resource.pk])
    assert resource.organisation == world.hospital and resource.times_per_year == 4


def test_community_staff_register_the_communitys_own_resource(world, cats, client_for):
    client_for(world.wumei_staff).post(reverse("lists:resource_new"), {
        "organisation": "", "community": world.wumei.pk, "title": "社区活动室", "category": cats["culture_sports"].pk,
        "cost": "free"})
    assert Resource.objects.get(title="社区活动室").side == "community"


def test_it_requires_a_staffer_or_liaison_to_register_resources(world, client_for):
    assert client_for(world.receiver).get(reverse("lists:resource_new")).status_code == 404
    assert client_for(world.street_staff).get(reverse("lists:resource_new")).status_code == 404


def test_the_resources_list_and_detail(world, items, client_for):
    client = client_for(world.wumei_staff)
    page = _body(client.get(reverse("lists:resources")))
    assert "中医义诊进社区" in page and "每年 12 次" in page
    page = _body(client.get(reverse("lists:resource", args=[items.resource.pk])))
    assert "每月第一个周六上午" in page and "resource.registered" in page


def test_withdrawing_a_resource_from_its_page(world, items, client_for):
    client_for(world.liaison).post(reverse("lists:resource_withdraw", args=[items.resource.pk]))
    items.resource.refresh_from_db()
    assert items.resource.status == "withdrawn"


@pytest.mark.parametrize("persona", ["street_staff", "nanmen_staff"])
def test_it_requires_the_owner_or_community_staff_to_withdraw(world, items, client_for, persona):
    response = client_for(getattr(world, persona)).post(reverse("lists:resource_withdraw", args=[items.resource.pk]))
    assert response.status_code == 404


# --- activities -------------------------------------------------------------------------------------------

def test_community_staff_create_an_activity(world, items, client_for):
    client = client_for(world.wumei_staff)
    page = _body(client.get(reverse("lists:activity_new")))
    assert "中医义诊进社区" in page and "南门花园环境整治" not in page
    response = client.post(reverse("lists:activity_new"), {
        "community": world.wumei.pk, "title": "重阳节义诊", "category": items.cats["medical"].pk,
        "starts_at": "2026-10-29T09:00", "place": "五美社区广场", "organiser": world.hospital.pk,
        "resources": [items.resource.pk], "needs": [items.published.pk]})
    activity = Activity.objects.get(title="重阳节义诊")
    assert response.url == reverse("lists:activity", args=[activity.pk])
    assert timezone.localtime(activity.starts_at).hour == 9 and list(activity.needs.all()) == [items.published]
    page = _body(client.get(reverse("lists:activities")))
    assert "重阳节义诊" in page and "老年人免费体检" in page
    assert "五美社区广场" in _body(client.get(reverse("lists:activity", args=[activity.pk])))


@pytest.mark.parametrize("persona", ["liaison", "wumei_grid_worker", "street_staff"])
def test_it_requires_community_staff_to_add_activities(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse("lists:activity_new")).status_code == 404


def test_an_activity_out_of_scope_is_404(world, items, client_for):
    activity = services.create_activity(actor=world.nanmen_staff, community=world.nanmen, title="南门游园",
                                        category=items.cats["culture_sports"], place="南门花园",
                                        starts_at=at(2026, 6, 1, 9))
    assert client_for(world.wumei_staff).get(reverse("lists:activity", args=[activity.pk])).status_code == 404


# --- resident shell ---------------------------------------------------------------------------------------

def test_a_resident_submits_a_need_from_her_phone(world, cats, client_for):
    client = client_for(world.resident)
    page = _body(client.get(reverse("lists:m_need_new")))
    assert "您需要什么帮助" in page and 'type="checkbox"' in page and "五美社区" in page
    response = client.post(reverse("lists:m_need_new"), {"title": "希望开设老年人智能手机课", "category": cats["lecture"].pk,
                                                         "beneficiaries": ["elderly"], "urgency": "normal"})
    assert response.status_code == 302 and response.url == reverse("lists:m_needs")
    need = Need.objects.get(title="希望开设老年人智能手机课")
    assert need.channel == "online" and need.community == world.wumei and need.created_by == world.resident
    page = _body(client.get(reverse("lists:m_needs")))
    assert "希望开设老年人智能手机课" in page and "待审核" in page


def test_my_needs_shows_the_review_outcome_and_the_claims(world, items, client_for):
    services.review_need(actor=world.wumei_staff, need=items.submitted, decision="approve")
    services.claim(actor=world.liaison, need=items.submitted, deadline=next_week())
    page = _body(client_for(world.resident).get(reverse("lists:m_needs")))
    assert "已公布" in page and "桂林市中医医院" in page and "已认领" in page


def test_the_resident_tab_bar_links_to_her_needs(world, client_for):
    page = _body(client_for(world.resident).get(reverse("core:resident_home")))
    assert reverse("lists:m_needs") in page


def test_it_requires_a_home_community_to_submit_from_the_shell(world, client_for):
    assert client_for(world.outsider).get(reverse("lists:m_need_new")).status_code == 404
