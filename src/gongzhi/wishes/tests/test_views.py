"""The wish pages: each page's happy path, and beside it what it requires; the public wall shows no personal data."""

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.wishes import services
from gongzhi.wishes.models import Wish, WishClaim, WishStatus
from gongzhi.wishes.tests.conftest import (
    PNG,
    RESIDENT_PHONE,
    approved,
    at,
    claimed,
    fulfilled,
    upload,
)


def _body(response) -> str:
    return response.content.decode()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- navigation --------------------------------------------------------------------------------------------------

def test_the_navigation_and_the_resident_shortcut(world, client_for):
    assert "微心愿" in _body(client_for(world.liaison).get(reverse("core:workbench")))
    assert "微心愿" in _body(client_for(world.wumei_grid_worker).get(reverse("core:workbench")))
    assert reverse("wishes:list") not in _body(client_for(world.receiver).get(reverse("core:workbench")))
    home = _body(client_for(world.resident).get(reverse("core:resident_home")))
    assert reverse("wishes:m_list") in home and "微心愿" in home


# --- workbench list and queue ------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["wumei_staff", "wumei_grid_worker", "street_staff", "district_staff", "liaison",
                                     "admin", "nanmen_staff"])
def test_the_workbench_pages_render_for_every_role_that_uses_them(world, wishes, client_for, persona):
    client = client_for(getattr(world, persona))
    for name in ("wishes:list", "wishes:queue"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("wishes:list"), {"status": "x", "beneficiary": "y", "overdue": "z",
                                               "mine": "1"}).status_code == 200


def test_it_requires_a_workbench_role_for_the_workbench(world, client_for, client):
    assert client_for(world.resident).get(reverse("wishes:list")).url == reverse("core:resident_home")
    assert client.get(reverse("wishes:list")).url.startswith(reverse("accounts:login"))


def test_the_list_filters_and_searches(world, wishes, client_for):
    client = client_for(world.wumei_staff)
    url = reverse("wishes:list")
    page = _body(client.get(url))
    assert "想要一台收音机" in page and "王秀英" in page and "想要一个助行器" not in page
    assert "孩子需要一个书包和文具" in _body(client.get(url, {"beneficiary": "left_behind_child"}))
    assert "想要一台收音机" not in _body(client.get(url, {"beneficiary": "left_behind_child"}))
    by_status = _body(client.get(url, {"status": "claimed"}))
    assert "想要一副老花镜" in by_status and "想要一台收音机" not in by_status
    assert "想要一台收音机" in _body(client.get(url, {"q": "王秀英 收音机"}))  # staff search names too
    assert "没有符合条件的心愿" in _body(client.get(url, {"overdue": "1"}))
    with clock.frozen(at(2030, 1, 1, 9)):
        assert "想要一副老花镜" in _body(client.get(url, {"overdue": "1"}))  # past its deadline, not yet swept


def test_a_liaison_sees_no_names_and_cannot_search_by_them(world, wishes, client_for):
    client = client_for(world.liaison)
    page = _body(client.get(reverse("wishes:list")))
    assert "想要一台收音机" in page and "王秀英" not in page and "许愿居民" not in page
    assert "没有符合条件的心愿" in _body(client.get(reverse("wishes:list"), {"q": "王秀英"}))
    mine = _body(client.get(reverse("wishes:list"), {"mine": "1"}))
    assert "想要一副老花镜" in mine and "想要一台收音机" not in mine


def test_approving_from_the_queue_with_new_wording(world, wishes, client_for):
    client = client_for(world.wumei_staff)
    assert "希望有人帮忙换个灯泡" in _body(client.get(reverse("wishes:queue")))
    response = client.post(reverse("wishes:review", args=[wishes.submitted.pk]),
                           {"decision": "approve", "public_title": "希望有人帮忙换个厨房灯泡", "next": "queue"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("wishes:queue")
    assert "已通过" in _messages(response)
    wishes.submitted.refresh_from_db()
    assert wishes.submitted.status == WishStatus.OPEN and wishes.submitted.public_title == "希望有人帮忙换个厨房灯泡"


def test_rejecting_without_a_reason_is_a_message_not_a_500(world, wishes, client_for):
    response = client_for(world.wumei_staff).post(reverse("wishes:review", args=[wishes.submitted.pk]),
                                                  {"decision": "reject"}, follow=True)
    assert response.status_code == 200 and "不通过须填写理由" in _messages(response)
    wishes.submitted.refresh_from_db()
    assert wishes.submitted.status == WishStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["wumei_grid_worker", "liaison", "street_staff", "nanmen_staff"])
def test_it_requires_the_communitys_staff_to_review_release_and_reword(world, wishes, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.post(reverse("wishes:review", args=[wishes.submitted.pk]),
                       {"decision": "approve"}).status_code == 404
    assert client.post(reverse("wishes:reword", args=[wishes.open.pk]), {"public_title": "x"}).status_code == 404
    assert client.post(reverse("wishes:days", args=[wishes.open.pk]), {"days": 3}).status_code == 404
    assert client.post(reverse("wishes:release", args=[wishes.claimed.pk])).status_code == 404


# --- detail ------------------------------------------------------------------------------------------------------

def test_the_detail_shows_the_resident_per_role(world, wishes, client_for):
    url = reverse("wishes:detail", args=[wishes.claimed.pk])
    page = _body(client_for(world.wumei_staff).get(url))
    assert "王秀英" in page and RESIDENT_PHONE in page and "五美小区·1栋" in page and "wish.claimed" in page
    page = _body(client_for(world.street_staff).get(url))
    assert "王秀英" in page and RESIDENT_PHONE not in page and "138****5678" in page
    page = _body(client_for(world.liaison).get(url))  # the hospital holds the claim: name, masked phone
    assert "王秀英" in page and "138****5678" in page and RESIDENT_PHONE not in page and "wish.claimed" not in page
    page = _body(client_for(world.liaison).get(reverse("wishes:detail", args=[wishes.open.pk])))
    assert "王秀英" not in page and "138****" not in page and "一位独居老人" in page


def test_the_detail_offers_each_role_its_actions(world, wishes, client_for):
    page = _body(client_for(world.wumei_staff).get(reverse("wishes:detail", args=[wishes.submitted.pk])))
    assert 'data-testid="approve"' in page and "撤回心愿" in page
    page = _body(client_for(world.liaison).get(reverse("wishes:detail", args=[wishes.open.pk])))
    assert 'data-testid="claim-link"' in page and 'data-testid="staff-actions"' not in page
    page = _body(client_for(world.liaison).get(reverse("wishes:detail", args=[wishes.claimed.pk])))
    assert 'data-testid="fulfil-link"' in page and "放弃认领" in page


def test_staff_set_days_release_and_confirm_from_the_detail(world, client_for):
    client = client_for(world.wumei_staff)
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 20, 9)):
        services.sweep_overdue_claims()
        assert 'data-testid="release"' in _body(client.get(reverse("wishes:detail", args=[wish.pk])))
        response = client.post(reverse("wishes:release", args=[wish.pk]), {"reason": "联系不上"}, follow=True)
    assert "已收回认领" in _messages(response)
    wish.refresh_from_db()
    assert wish.status == WishStatus.OPEN
    response = client.post(reverse("wishes:days", args=[wish.pk]), {"days": 100}, follow=True)
    assert "90" in _messages(response)
    done = fulfilled(world, "二")
    response = client_for(world.wumei_grid_worker).post(reverse("wishes:confirm", args=[done.pk]),
                                                        {"reason": "居民没有手机，已电话回访"}, follow=True)
    assert "已代居民确认" in _messages(response)


# --- posting on a resident's behalf ------------------------------------------------------------------------------

def test_staff_post_for_a_resident_found_by_phone_or_name(world, client_for):
    client = client_for(world.wumei_grid_worker)
    response = client.post(reverse("wishes:new"), {"resident": RESIDENT_PHONE, "channel": "grid_visit",
                                                   "beneficiary": "elderly_alone", "title": "希望有人陪我聊聊天"})
    wish = Wish.objects.get()
    assert response.url == reverse("wishes:detail", args=[wish.pk])
    assert wish.resident == world.resident_person and wish.channel == "grid_visit"
    response = client.post(reverse("wishes:new"), {"resident": "刘洋", "channel": "window",
                                                   "beneficiary": "resident", "title": "想要一个台灯"})
    assert response.status_code == 302 and Wish.objects.count() == 2


def test_posting_for_an_unknown_or_ambiguous_resident_is_a_form_error(world, client_for):
    from gongzhi.people.services import register_person

    client = client_for(world.wumei_staff)
    data = {"channel": "window", "beneficiary": "resident", "title": "想要一个台灯"}
    assert "没有找到该居民" in _body(client.post(reverse("wishes:new"), {**data, "resident": "张伟"}))  # 南门社区
    register_person(actor=world.admin, name="王秀英", home=world.wenhua_b2, phone="13500000000")
    assert "同名居民" in _body(client.post(reverse("wishes:new"), {**data, "resident": "王秀英"}))
    assert 'class="errorlist"' in _body(client.post(reverse("wishes:new"),
                                                    {**data, "resident": RESIDENT_PHONE, "title": " "}))
    assert not Wish.objects.exists()


def test_it_requires_staff_or_a_grid_worker_to_post_for_others(world, client_for):
    assert client_for(world.liaison).get(reverse("wishes:new")).status_code == 404
    assert client_for(world.street_staff).get(reverse("wishes:new")).status_code == 404


def test_the_communitys_default_claim_period(world, client_for):
    client = client_for(world.wumei_staff)
    assert "14 天" in _body(client.get(reverse("wishes:policy")))
    response = client.post(reverse("wishes:policy"), {"community": world.wumei.pk, "days": 10}, follow=True)
    assert "10 天" in _body(response)
    assert client.post(reverse("wishes:policy"), {"community": world.nanmen.pk, "days": 10}).status_code == 200
    assert client_for(world.wumei_grid_worker).get(reverse("wishes:policy")).status_code == 404


# --- claiming and fulfilling -------------------------------------------------------------------------------------

def test_a_liaison_claims_from_the_workbench(world, wishes, client_for):
    client = client_for(world.liaison)
    page = _body(client.get(reverse("wishes:claim", args=[wishes.open.pk])))
    assert "确认认领" in page and "14 天内" in page
    response = client.post(reverse("wishes:claim", args=[wishes.open.pk]),
                           {"option": f"unit:{world.hospital.pk}"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wishes:detail", args=[wishes.open.pk])
    assert "认领成功" in _messages(response)
    assert WishClaim.objects.get(wish=wishes.open).organisation == world.hospital


def test_the_loser_of_a_claim_gets_a_clear_message(world, wishes, client_for, member):
    page = client_for(member).get(reverse("wishes:m_claim", args=[wishes.open.pk]))  # loaded while still open
    assert "确认认领" in _body(page)
    services.claim_wish(actor=world.liaison, wish=wishes.open)
    response = client_for(member).post(reverse("wishes:m_claim", args=[wishes.open.pk]), {"option": "party_member"})
    assert response.status_code == 200 and "该心愿已被认领" in _body(response)
    assert WishClaim.objects.filter(wish=wishes.open).count() == 1


def test_it_requires_a_claimant_for_the_claim_pages(world, wishes, client_for):
    assert client_for(world.wumei_staff).get(reverse("wishes:claim", args=[wishes.open.pk])).status_code == 404
    assert client_for(world.resident).get(reverse("wishes:m_claim", args=[wishes.open.pk])).status_code == 404


def test_the_claim_entry_from_the_wall(world, wishes, client_for, client, member):
    url = reverse("wishes:claim_entry", args=[wishes.open.pk])
    assert client.get(url).url.startswith(reverse("accounts:login"))
    assert client_for(world.liaison).get(url).url == reverse("wishes:claim", args=[wishes.open.pk])
    assert client_for(member).get(url).url == reverse("wishes:m_claim", args=[wishes.open.pk])


def test_the_claimant_records_fulfilment_with_a_photo(world, wishes, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.liaison)
    url = reverse("wishes:fulfil", args=[wishes.claimed.pk])
    assert "登记心愿完成" in _body(client.get(url))
    bad = client.post(url, {"note": "已送达", "photo": upload(b"GIF89a...", "a.png")})
    assert bad.status_code == 200 and "不是 JPG 或 PNG" in _body(bad)
    response = client.post(url, {"note": "已送到老人家中", "photo": upload(PNG, "radio.png")})
    assert response.url == reverse("wishes:detail", args=[wishes.claimed.pk])
    claim = WishClaim.objects.get(wish=wishes.claimed)
    photo_url = reverse("wishes:photo", args=[claim.pk])
    for persona in ("liaison", "wumei_staff", "resident"):
        response = client_for(getattr(world, persona)).get(photo_url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PNG, persona
    for persona in ("volunteer", "nanmen_staff", "outsider"):
        assert client_for(getattr(world, persona)).get(photo_url).status_code == 404, persona


def test_it_requires_the_claimant_to_fulfil(world, wishes, client_for, member):
    assert client_for(world.wumei_staff).get(reverse("wishes:fulfil", args=[wishes.claimed.pk])).status_code == 404
    assert client_for(member).get(reverse("wishes:m_fulfil", args=[wishes.claimed.pk])).status_code == 404
    assert client_for(world.liaison).get(reverse("wishes:fulfil", args=[wishes.open.pk])).status_code == 404


def test_a_party_member_on_his_phone(world, wishes, client_for, member):
    client = client_for(member)
    page = _body(client.get(reverse("wishes:m_list")))
    assert "我认领的心愿" in page and reverse("wishes:wall", args=[world.wumei.pk]) in page
    response = client.post(reverse("wishes:m_claim", args=[wishes.by_grid.pk]), {"option": "party_member"})
    assert response.url == reverse("wishes:m_claimed")
    page = _body(client.get(reverse("wishes:m_claimed")))
    assert "孩子需要一个书包和文具" in page and 'data-testid="fulfil-link"' in page
    response = client.post(reverse("wishes:m_fulfil", args=[wishes.by_grid.pk]), {"note": "书包文具已送到"})
    assert response.url == reverse("wishes:m_claimed")
    wishes.by_grid.refresh_from_db()
    assert wishes.by_grid.status == WishStatus.FULFILLED
    assert client.post(reverse("wishes:m_give_up", args=[wishes.by_grid.pk])).status_code == 302  # refused: a message


# --- the resident's phone ----------------------------------------------------------------------------------------

def test_the_resident_posts_from_her_phone(world, client_for):
    client = client_for(world.resident)
    assert "许个心愿" in _body(client.get(reverse("wishes:m_list")))
    assert "心愿是为谁许的" in _body(client.get(reverse("wishes:m_new")))
    response = client.post(reverse("wishes:m_new"), {"beneficiary": "elderly_alone", "title": "想要一台收音机",
                                                     "story": "一个人住"})
    assert response.url == reverse("wishes:m_list")
    page = _body(client.get(reverse("wishes:m_list")))
    assert "想要一台收音机" in page and "待审核" in page and "提交心愿" in page
    assert 'class="errorlist"' in _body(client.post(reverse("wishes:m_new"), {"beneficiary": "elderly", "title": ""}))


def test_a_user_without_a_person_record_is_told_to_register(world, client_for):
    assert "尚未关联居民档案" in _body(client_for(world.volunteer).get(reverse("wishes:m_list")))
    response = client_for(world.volunteer).post(reverse("wishes:m_new"), {"beneficiary": "elderly", "title": "x"})
    assert response.status_code == 200 and "居民档案" in _body(response)


def test_the_resident_confirms_thanks_and_withdraws_on_her_phone(world, client_for):
    client = client_for(world.resident)
    wish = fulfilled(world)
    page = _body(client.get(reverse("wishes:m_detail", args=[wish.pk])))
    assert 'data-testid="confirm"' in page and "认领方登记心愿已完成" in page and "已送到老人家中" in page
    response = client.post(reverse("wishes:m_confirm", args=[wish.pk]), follow=True)
    assert "心愿已圆满实现" in _messages(response)
    response = client.post(reverse("wishes:m_thank", args=[wish.pk]), {"note": "谢谢中医院！"}, follow=True)
    assert "感谢留言已发布" in _messages(response) and "谢谢中医院！" in _body(response)
    assert 'data-testid="thank"' not in _body(response)
    response = client.post(reverse("wishes:m_thank", args=[wish.pk]), {"note": "再谢"}, follow=True)
    assert "留过言" in _messages(response)
    other = approved(world, "想要一把伞")
    client.post(reverse("wishes:m_withdraw", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == WishStatus.WITHDRAWN


def test_it_requires_the_owner_for_the_residents_actions(world, wishes, client_for):
    done = fulfilled(world, "二", actor=world.wumei_staff, resident=world.volunteer_person, channel="window")
    for persona in ("volunteer", "liaison"):
        client = client_for(getattr(world, persona))
        assert client.post(reverse("wishes:m_confirm", args=[done.pk])).status_code == 404, persona
        assert client.post(reverse("wishes:m_withdraw", args=[wishes.open.pk])).status_code == 404, persona
    assert client_for(world.resident).get(reverse("wishes:m_detail", args=[wishes.nanmen.pk])).status_code == 404


# --- the public wall and the board -------------------------------------------------------------------------------

PERSONAL = ("王秀英", "刘洋", RESIDENT_PHONE, "5678", "450304195803120021", "0021", "五美小区", "1栋", "一个人住",
            "王秀英家已送达", "15077303333", "3333")


def test_the_wall_is_public_and_shows_no_personal_data(world, wishes, client):
    services.record_fulfilment(actor=world.liaison, wish=wishes.claimed, note="王秀英家已送达")
    services.confirm_fulfilment(actor=world.resident, wish=wishes.claimed)
    services.thank(actor=world.resident, wish=wishes.claimed, note="谢谢中医院的医生！")
    response = client.get(reverse("wishes:wall", args=[world.wumei.pk]))
    assert response.status_code == 200
    page = _body(response)
    assert "五美社区 · 一位独居老人" in page and "想要一台收音机" in page and "我来认领" in page
    assert "孩子需要一个书包和文具" in page and "一名留守儿童" in page
    assert "已圆梦" in page and "谢谢中医院的医生" in page and "桂林市中医医院" in page
    assert "希望有人帮忙换个灯泡" not in page  # not reviewed yet
    assert "想要一个助行器" not in page  # 南门社区's
    for personal in PERSONAL:
        assert personal not in page, personal


def test_numbers_typed_into_public_text_are_masked_on_the_wall(world, client):
    wish = fulfilled(world, "想要收音机，联系13812345678")
    services.confirm_fulfilment(actor=world.resident, wish=wish)
    services.thank(actor=world.resident, wish=wish, note="谢谢！身份证450304195803120021")
    page = _body(client.get(reverse("wishes:wall", args=[world.wumei.pk])))
    assert "想要收音机，联系138****5678" in page and "4503**********0021" in page
    assert RESIDENT_PHONE not in page and "450304195803120021" not in page and "王秀英" not in page


def test_the_wall_is_404_for_a_node_that_is_not_a_community(world, client):
    assert client.get(reverse("wishes:wall", args=[world.xiangshan_street.pk])).status_code == 404
    assert client.get(reverse("wishes:wall", args=[999999])).status_code == 404


def test_the_board_shows_the_latest_open_wishes_and_the_figures(world, wishes, client):
    page = _body(client.get(reverse("core:board", args=[world.wumei.pk])))
    assert 'data-section="wishes"' in page and "想要一台收音机" in page
    assert reverse("wishes:wall", args=[world.wumei.pk]) in page
    assert 'data-stat="wishes_posted"' in page and 'data-stat="wishes_rate"' in page
    assert "王秀英" not in page and "希望有人帮忙换个灯泡" not in page
