"""The orders' pages: the resident's phone pages, the dispatch board and its forms, the menu and the time limits,
the liaisons' 接单大厅. Bad input is a form error or a message, never a 500; out of scope is 404."""

import datetime as dt

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.orders import services
from gongzhi.orders.models import MenuItem, Order, OrderPolicy, OrderStatus
from gongzhi.orders.tests.conftest import T0, help_order, place, walk

RESIDENT_PAGES = ["orders:m_menu", "orders:m_orders", "orders:m_help", "orders:m_hall"]
WORKBENCH_PAGES = ["orders:board", "orders:menu", "orders:batch", "orders:new", "orders:policy", "orders:item_new",
                   "orders:provider"]


@pytest.mark.parametrize("name", RESIDENT_PAGES + WORKBENCH_PAGES)
def test_it_requires_login(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", WORKBENCH_PAGES)
def test_residents_are_sent_to_their_shell(world, client_for, name):
    response = client_for(world.resident).get(reverse(name))
    assert response.status_code == 302 and response["Location"] == reverse("core:resident_home")


# --- the resident's phone -------------------------------------------------------------------------------------

def test_the_menu_by_category_with_places_and_cost(world, menu, client_for, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.clinic, capacity=0)
    page = client_for(world.resident).get(reverse("orders:m_menu")).content.decode()
    assert "一元理发" in page and "半公益 · 1元" in page and "剩余 20 个名额" in page
    assert "中医义诊进社区" in page and "本期名额已满" in page and "不限名额" in page  # the team's item
    assert "课后作业辅导" not in page  # 南门社区's
    only = client_for(world.resident).get(reverse("orders:m_menu") + "?category=medical").content.decode()
    assert "中医义诊进社区" in only and "一元理发" not in only


def test_the_resident_shortcuts_are_registered(world, client_for):
    page = client_for(world.resident).get(reverse("core:resident_home")).content.decode()
    for label in ("服务菜单", "我的订单"):
        assert label in page


def test_ordering_from_an_items_page(world, menu, client_for, frozen):
    client = client_for(world.resident)
    url = reverse("orders:m_item", args=[menu.haircut.pk])
    assert "立即点单" in client.get(url).content.decode()
    response = client.post(url, {"description": "上午方便"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:m_order", args=[order.pk])
    assert order.description == "上午方便" and order.channel == "online"
    again = client.post(url, {})
    assert again.status_code == 200 and "请勿重复点单" in again.content.decode()
    assert Order.objects.count() == 1


def test_a_full_item_has_no_order_button(world, menu, client_for, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.haircut, capacity=0)
    page = client_for(world.resident).get(reverse("orders:m_item", args=[menu.haircut.pk])).content.decode()
    assert "本期名额已满" in page and "立即点单" not in page


@pytest.mark.parametrize("which", ["nanmen_item", "withdrawn"])
def test_items_of_another_community_or_withdrawn_are_404(world, menu, client_for, frozen, which):
    item = menu.nanmen_item if which == "nanmen_item" else menu.clinic
    if which == "withdrawn":
        services.withdraw_item(actor=world.wumei_staff, item=menu.clinic)
    assert client_for(world.resident).get(reverse("orders:m_item", args=[item.pk])).status_code == 404


def test_asking_for_help_in_free_text(world, menu, client_for, frozen):
    client = client_for(world.resident)
    bad = client.post(reverse("orders:m_help"), {"title": "", "category": ""})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    response = client.post(reverse("orders:m_help"), {"title": "楼下路灯不亮", "category": menu.cats["repairs"].pk,
                                                      "description": "晚上出门不方便"})
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:m_order", args=[order.pk]) and order.menu_item is None


def test_my_orders_and_the_live_status(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "taken")
    client = client_for(world.resident)
    page = client.get(reverse("orders:m_orders")).content.decode()
    assert "一元理发" in page and "已接单" in page
    detail = client.get(reverse("orders:m_order", args=[order.pk])).content.decode()
    assert 'hx-trigger="every 10s"' in detail and "五美路商家联盟接单" in detail and "派单给五美路商家联盟" in detail
    status_url = reverse("orders:m_status", args=[order.pk])
    same = client.get(status_url + "?seen=taken", HTTP_HX_REQUEST="true")
    assert same.status_code == 200 and 'data-status="taken"' in same.content.decode()
    services.deliver_order(actor=world.merchant_liaison, order=order, note="理发完成")
    moved = client.get(status_url + "?seen=taken", HTTP_HX_REQUEST="true")
    assert moved.status_code == 200 and moved["HX-Refresh"] == "true"


def test_an_overdue_order_says_so_on_the_residents_page(world, menu, client_for, frozen):
    order = place(menu)
    with clock.frozen(T0 + dt.timedelta(hours=25)):
        services.sweep_orders()
    client = client_for(world.resident)
    assert "超时未接单，已提交社区督办" in client.get(reverse("orders:m_orders")).content.decode()
    assert "超时未接单，已提交社区督办" in client.get(reverse("orders:m_order", args=[order.pk])).content.decode()


def test_confirm_rate_and_cancel_from_the_phone(world, menu, client_for, frozen):
    client = client_for(world.resident)
    order = walk(menu, place(menu), "delivered")
    page = client.get(reverse("orders:m_order", args=[order.pk])).content.decode()
    assert "确认服务已完成" in page and "取消订单" not in page
    client.post(reverse("orders:m_confirm", args=[order.pk]))
    assert "评价本次服务" in client.get(reverse("orders:m_order", args=[order.pk])).content.decode()
    bad = client.post(reverse("orders:m_rate", args=[order.pk]), {"rating": "9"}, follow=True)
    assert "请选择 1 至 5 星" in bad.content.decode()
    client.post(reverse("orders:m_rate", args=[order.pk]), {"rating": "5", "comment": "很好"})
    order.refresh_from_db()
    assert order.status == OrderStatus.RATED and order.rating == 5
    second = place(menu, item=menu.clinic)
    no_reason = client.post(reverse("orders:m_cancel", args=[second.pk]), {"reason": ""}, follow=True)
    assert "请填写取消原因" in no_reason.content.decode()
    client.post(reverse("orders:m_cancel", args=[second.pk]), {"reason": "时间冲突"})
    assert Order.objects.get(pk=second.pk).status == OrderStatus.CANCELLED


def test_another_residents_order_is_404(world, menu, client_for, frozen):
    order = place(menu)
    client = client_for(world.nanmen_resident)
    assert client.get(reverse("orders:m_order", args=[order.pk])).status_code == 404
    assert client.post(reverse("orders:m_cancel", args=[order.pk]), {"reason": "x"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.OPEN


def test_the_volunteers_hall_on_the_phone(world, menu, client_for, frozen):
    order = help_order(menu, title="陪我去医院复查", category="elderly")
    client = client_for(world.volunteer)
    page = client.get(reverse("orders:m_hall")).content.decode()
    assert "陪我去医院复查" in page and "王**" in page and "13812345678" not in page
    client.post(reverse("orders:m_take", args=[order.pk]))
    assert Order.objects.get(pk=order.pk).team == menu.team
    client.post(reverse("orders:m_deliver", args=[order.pk]), {"note": "已陪同复查"})
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED
    nobody = client_for(world.resident).get(reverse("orders:m_hall")).content.decode()
    assert "接单大厅供志愿服务队队员" in nobody


# --- the dispatch board ---------------------------------------------------------------------------------------

def test_the_board_with_filters(world, menu, client_for, frozen):
    a = place(menu)
    b = help_order(menu)
    with clock.frozen(T0 + dt.timedelta(hours=30)):
        services.sweep_orders()
    client = client_for(world.wumei_staff)
    page = client.get(reverse("orders:board")).content.decode()
    assert "一元理发" in page and "家里水管漏水" in page and "王秀英" in page and "超时督办" in page
    assert "五美社区" in page
    overdue = client.get(reverse("orders:board") + "?flag=overdue")
    assert {o.pk for o in overdue.context["page"]} == {a.pk, b.pk}
    assert client.get(reverse("orders:board") + "?q=水管").context["page"].paginator.count == 1
    assert client.get(reverse("orders:board") + "?status=rated").context["page"].paginator.count == 0
    assert client.get(reverse("orders:board") + "?category=repairs").context["page"].paginator.count == 2
    assert client_for(world.nanmen_staff).get(reverse("orders:board")).context["page"].paginator.count == 0


def test_the_board_is_the_staffs_liaisons_go_to_their_hall(world, menu, client_for, frozen):
    help_order(menu)
    response = client_for(world.liaison).get(reverse("orders:board"))
    assert response.status_code == 302 and response["Location"] == reverse("orders:provider")
    assert client_for(world.receiver).get(reverse("orders:board")).status_code == 404


def test_low_ratings_show_on_the_board_and_are_followed_up(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "confirmed")
    services.rate_order(actor=world.resident, order=order, rating=1, comment="态度不好")
    client = client_for(world.wumei_staff)
    assert client.get(reverse("orders:board") + "?flag=follow_up").context["page"].paginator.count == 1
    assert client.get(reverse("orders:board")).context["counts"]["follow_up"] == 1
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "记录回访" in page
    client.post(reverse("orders:follow_up", args=[order.pk]), {"note": "已上门了解情况"})
    assert Order.objects.get(pk=order.pk).follow_up == "done"


def test_the_order_page_shows_suggestions_with_reasons_and_dispatches(world, menu, client_for, frozen):
    order = help_order(menu, title="想找人理发", category="repairs")
    client = client_for(world.wumei_staff)
    response = client.get(reverse("orders:detail", args=[order.pk]))
    suggestions = response.context["suggestions"]
    assert suggestions and suggestions[0].item == menu.haircut and "理发" in suggestions[0].reason
    page = response.content.decode()
    assert "推荐服务方" in page and suggestions[0].reason in page and "13812345678" in page
    client.post(reverse("orders:dispatch", args=[order.pk]), {"menu_item": menu.haircut.pk})
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED and order.organisation == menu.merchants
    bad = client.post(reverse("orders:dispatch", args=[order.pk]), {"menu_item": menu.nanmen_item.pk}, follow=True)
    assert "请选择要派给的服务" in bad.content.decode()


@pytest.mark.parametrize("persona", ["nanmen_staff", "outsider"])
def test_an_order_out_of_scope_is_404(world, menu, client_for, frozen, persona):
    order = place(menu)
    client = client_for(getattr(world, persona))
    response = client.get(reverse("orders:detail", args=[order.pk]))
    assert response.status_code in (404, 302)  # the outsider has no workbench: sent to the resident shell
    if persona == "nanmen_staff":
        assert response.status_code == 404
        assert client.post(reverse("orders:dispatch", args=[order.pk]), {"menu_item": menu.haircut.pk}
                           ).status_code == 404


def test_the_grid_worker_reads_but_does_not_dispatch(world, menu, client_for, frozen):
    order = place(menu)
    client = client_for(world.wumei_grid_worker)
    page = client.get(reverse("orders:detail", args=[order.pk]))
    assert page.status_code == 200 and page.context["dispatch_form"] is None
    assert client.post(reverse("orders:dispatch", args=[order.pk]), {"menu_item": menu.haircut.pk}).status_code == 404


def test_batch_dispatch_proposes_then_confirms(world, menu, client_for, frozen):
    item_order = place(menu)
    haircut_need = services.place_order(actor=world.wumei_grid_worker, resident=menu.neighbour_person,
                                        title="给老人理发", category=menu.cats["repairs"], channel="phone")
    clinic_need = help_order(menu, title="想量血压看中医", category="medical")
    client = client_for(world.wumei_staff)
    page = client.get(reverse("orders:batch"))
    assert {o.pk for o in page.context["orders"]} == {item_order.pk, haircut_need.pk, clinic_need.pk}
    proposal = client.post(reverse("orders:batch"), {"community": world.wumei.pk, "step": "propose",
                                                     "order": [item_order.pk, haircut_need.pk, clinic_need.pk]})
    rows = {p.order.pk: p for p in proposal.context["proposals"]}
    assert rows[item_order.pk].item == menu.haircut and rows[item_order.pk].reason == "居民点选的服务"
    assert rows[haircut_need.pk].item == menu.haircut and rows[clinic_need.pk].item == menu.clinic
    assert rows[clinic_need.pk].score > 0 and rows[clinic_need.pk].reason
    pairs = [f"{p.order.pk}:{p.item.pk}" for p in rows.values()]
    done = client.post(reverse("orders:batch"), {"community": world.wumei.pk, "step": "confirm", "pair": pairs},
                       follow=True)
    assert "已批量派单 3 单" in done.content.decode()
    assert set(Order.objects.values_list("status", flat=True)) == {"dispatched"}


def test_batch_dispatch_respects_places(world, menu, client_for, frozen):
    services.update_item(actor=world.wumei_staff, item=menu.haircut, capacity=1)
    needs = [help_order(menu, title=f"理发{i}", category="repairs") for i in range(3)]
    proposal = client_for(world.wumei_staff).post(reverse("orders:batch"), {
        "community": world.wumei.pk, "step": "propose", "order": [o.pk for o in needs]}).context["proposals"]
    assert sum(1 for p in proposal if p.item == menu.haircut) == 1


def test_ordering_on_behalf_of_a_resident(world, menu, client_for, frozen):
    client = client_for(world.wumei_grid_worker)
    search = client.get(reverse("orders:new") + "?q=赵")
    assert [p.name for p in search.context["matches"]] == ["赵桂兰"]
    missing = client.post(reverse("orders:new"), {"resident": menu.neighbour_person.pk, "channel": "phone"})
    assert missing.status_code == 200 and "请选择服务菜单项" in missing.content.decode()
    client.post(reverse("orders:new"), {"resident": menu.neighbour_person.pk, "channel": "grid_worker",
                                        "menu_item": menu.clinic.pk})
    order = Order.objects.get()
    assert order.resident == menu.neighbour_person and order.placed_by == world.wumei_grid_worker
    stranger = client.post(reverse("orders:new"), {"resident": world.nanmen_person.pk, "channel": "phone",
                                                   "menu_item": menu.clinic.pk})
    assert stranger.status_code == 200 and Order.objects.count() == 1  # not in the choices: a form error
    assert client_for(world.liaison).get(reverse("orders:new")).status_code == 404


# --- the menu and the time limits ------------------------------------------------------------------------------

def test_the_menu_page_builds_adds_edits_and_withdraws(world, menu, client_for, frozen):
    client = client_for(world.wumei_staff)
    page = client.get(reverse("orders:menu")).content.decode()
    assert "一元理发" in page and "资源清单" in page and "从清单生成五美社区菜单" in page
    built = client.post(reverse("orders:menu_build"), {"community": world.wumei.pk}, follow=True)
    assert "新增 0 项服务，已有 2 项" in built.content.decode()
    bad = client.post(reverse("orders:item_new"), {"community": world.wumei.pk, "provider": f"team:{menu.team.pk}",
                                                   "title": "理发", "category": menu.cats["repairs"].pk,
                                                   "period": "month", "cost": "semi_free", "price_note": ""})
    assert bad.status_code == 200 and "半公益服务请写明收费" in bad.content.decode()
    client.post(reverse("orders:item_new"), {"community": world.wumei.pk, "provider": f"team:{menu.team.pk}",
                                             "title": "义务理发", "category": menu.cats["repairs"].pk,
                                             "period": "month", "capacity": "10", "cost": "free"})
    item = MenuItem.objects.get(title="义务理发")
    assert item.team == menu.team and item.places_left == 10
    client.post(reverse("orders:item_edit", args=[item.pk]), {
        "title": "义务理发（老人）", "category": menu.cats["repairs"].pk, "period": "month", "capacity": "12",
        "cost": "free"})
    item.refresh_from_db()
    assert item.title == "义务理发（老人）" and item.capacity == 12
    client.post(reverse("orders:item_withdraw", args=[item.pk]))
    assert not MenuItem.objects.get(pk=item.pk).active
    client.post(reverse("orders:item_publish", args=[item.pk]))
    assert MenuItem.objects.get(pk=item.pk).active


def test_other_communitys_staff_cannot_touch_the_menu(world, menu, client_for, frozen):
    client = client_for(world.nanmen_staff)
    assert client.get(reverse("orders:item_edit", args=[menu.haircut.pk])).status_code == 404
    assert client.post(reverse("orders:item_withdraw", args=[menu.haircut.pk])).status_code == 404
    assert client.post(reverse("orders:menu_build"), {"community": world.wumei.pk}).status_code == 404
    assert MenuItem.objects.get(pk=menu.haircut.pk).active


def test_the_time_limits_page(world, menu, client_for, frozen):
    client = client_for(world.wumei_staff)
    page = client.get(reverse("orders:policy"))
    assert page.context["form"].initial["take_hours"] == 24
    bad = client.post(reverse("orders:policy"), {"community": world.wumei.pk, "take_hours": "0", "confirm_hours": "72",
                                                 "staff_confirm_hours": "24"})
    assert bad.status_code == 200 and bad.context["form"].errors
    client.post(reverse("orders:policy"), {"community": world.wumei.pk, "take_hours": "12", "confirm_hours": "48",
                                           "staff_confirm_hours": "24"})
    assert OrderPolicy.objects.get(community=world.wumei).take_hours == 12
    assert client_for(world.wumei_grid_worker).get(reverse("orders:policy")).status_code == 404


# --- 接单大厅 of a liaison ----------------------------------------------------------------------------------

def test_the_liaisons_hall_takes_and_delivers(world, menu, client_for, frozen):
    order = place(menu)
    client = client_for(world.merchant_liaison)
    page = client.get(reverse("orders:provider"))
    assert [r["order"].pk for r in page.context["pool"].object_list] == [order.pk]
    assert "王**" in page.content.decode()
    client.post(reverse("orders:take", args=[order.pk]), {"next": reverse("orders:provider")})
    page = client.get(reverse("orders:provider")).content.decode()
    assert "13812345678" in page and "服务已完成" in page
    client.post(reverse("orders:deliver", args=[order.pk]), {"note": "理发完成"})
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED
    assert client_for(world.wumei_staff).get(reverse("orders:provider")).status_code == 404


def test_a_liaison_taking_someone_elses_order_gets_a_message_not_a_500(world, menu, client_for, frozen):
    order = help_order(menu)
    services.take_order(actor=world.volunteer, order=order)
    response = client_for(world.liaison).post(reverse("orders:take", args=[order.pk]), follow=True)
    assert response.status_code == 200 and "该订单已被其他服务方接单" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("orders:provider")
    phone = client_for(world.volunteer).post(reverse("orders:m_take", args=[order.pk]), follow=True)
    assert "该订单已被其他服务方接单" in phone.content.decode() or "接单成功" not in phone.content.decode()


def test_staff_confirm_for_a_resident_after_the_limit(world, menu, client_for, frozen):
    order = walk(menu, place(menu), "delivered")
    client = client_for(world.wumei_staff)
    early = client.post(reverse("orders:confirm", args=[order.pk]), {"reason": "电话回访"}, follow=True)
    assert "请先等待居民确认" in early.content.decode()
    with clock.frozen(T0 + dt.timedelta(hours=30)):
        client.post(reverse("orders:confirm", args=[order.pk]), {"reason": "电话回访，居民满意"})
    assert Order.objects.get(pk=order.pk).confirmed_by == world.wumei_staff


def test_the_public_board_shows_the_menu_without_personal_data(world, menu, client, frozen):
    from gongzhi.people.services import register_party_member, report_to_community

    member = register_party_member(actor=world.admin, person=menu.neighbour_person,
                                   party_organisation=world.hospital_committee, work_unit=world.hospital)
    report_to_community(actor=world.admin, member=member, community=world.wumei, on=dt.date(2026, 3, 1))
    services.create_item(actor=world.wumei_staff, community=world.wumei, title="上门量血压",
                         category=menu.cats["medical"], provider=member)
    place(menu)
    page = client.get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "服务菜单" in page and "一元理发" in page and "半公益 · 1元" in page and "上门量血压" in page
    assert "赵桂兰" not in page and "王秀英" not in page and "13812345678" not in page


def test_the_take_hall_shortcut_shows_only_to_providers(world, menu, client_for):
    """接单大厅 on the phone home page is for volunteers, party members and liaisons who can take orders."""
    assert "接单大厅" not in client_for(world.resident).get("/m/").content.decode()
    assert "接单大厅" in client_for(world.volunteer).get("/m/").content.decode()


@pytest.mark.parametrize("bad_next", ["foo", "orders:pool", "//evil.example/", "http://[", "/\x00x",
                                      "javascript:alert(1)", "https://evil.example/"])
def test_an_invalid_next_after_a_saved_take_falls_back_to_the_hall(world, menu, client_for, frozen, bad_next):
    """The take is saved before the redirect is built: a `next` that is no page of ours used to turn it into a 500."""
    order = place(menu)
    client = client_for(world.merchant_liaison)
    response = client.post(reverse("orders:take", args=[order.pk]), {"next": bad_next})
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.TAKEN
    item = MenuItem.objects.filter(active=True).first()
    response = client_for(world.wumei_staff).post(reverse("orders:item_withdraw", args=[item.pk]), {"next": bad_next})
    assert response.status_code == 302 and response["Location"] == reverse("orders:menu")
