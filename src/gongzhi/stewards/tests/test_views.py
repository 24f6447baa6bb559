"""The 楼门管家 pages: the workbench for 五美社区's staff (404 for another community), bad input as form errors, the
steward's phone page and a resident's view of her building's steward."""

import datetime as dt

from gongzhi.stewards import services
from gongzhi.stewards.models import Evaluation, Steward, Suggestion


def test_staff_pages_render(world, steward, posts, client_for):
    c = client_for(world.wumei_staff)
    for url in ("/workbench/stewards/", "/workbench/stewards/vacancies/", "/workbench/stewards/evaluations/",
                "/workbench/stewards/suggestions/", f"/workbench/stewards/{steward.pk}/",
                f"/workbench/stewards/appoint/{posts.entrance2.pk}/"):
        assert c.get(url).status_code == 200, url
    page = c.get("/workbench/stewards/evaluations/?month=2026-05").content.decode()
    assert "未评价" in page and "王秀英" in page


def test_the_month_sheet_is_paged_and_counts_the_missing_in_the_database(world, steward, posts, client_for):
    other = services.appoint(actor=world.wumei_staff, post=posts.entrance2, person=posts.neighbour,
                             selection="appointed", roles=["safety"], started_on=dt.date(2026, 5, 20))
    services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-05", grade="good")
    c = client_for(world.wumei_staff)
    page = c.get("/workbench/stewards/evaluations/?month=2026-05")
    assert [r["steward"].pk for r in page.context["rows"]] == [steward.pk, other.pk]
    assert page.context["missing"] == 1 and page.context["page"].paginator.count == 2
    only = c.get("/workbench/stewards/evaluations/?month=2026-05&missing=1")
    assert [(r["steward"].pk, r["evaluation"]) for r in only.context["rows"]] == [(other.pk, None)]
    assert only.context["missing"] == 1


def test_the_vacancies_page_is_paged_and_its_figures_counted_in_the_database(world, steward, posts, client_for):
    from gongzhi.stewards import selectors

    page = client_for(world.wumei_staff).get("/workbench/stewards/vacancies/")
    assert [r["label"] for r in page.context["rows"]] == ["五美小区 1栋 2单元", "文化里 2栋"]
    assert page.context["page"].paginator.count == 2
    assert page.context["figures"] == {"posts": len(selectors.posts_of(world.wumei)), "current": 1}


def test_the_list_keeps_the_commended_stewards(world, steward, client_for):
    c = client_for(world.wumei_staff)
    assert c.get("/workbench/stewards/?commended=1").context["page"].paginator.count == 0
    services.commend(actor=world.wumei_staff, steward=steward, title="优秀楼门管家")
    services.commend(actor=world.wumei_staff, steward=steward, title="年度最美楼门管家")
    page = c.get("/workbench/stewards/?commended=1")
    assert page.context["page"].paginator.count == 1  # a steward once, however often commended
    assert c.get("/workbench/stewards/?commended=x").context["page"].paginator.count == 1  # junk: no filter


def test_it_requires_a_workbench_role(world, steward, client_for):
    assert client_for(world.resident).get("/workbench/stewards/").status_code in (302, 403, 404)
    assert client_for(world.nanmen_staff).get(f"/workbench/stewards/{steward.pk}/").status_code == 404
    assert client_for(world.street_staff).get(f"/workbench/stewards/appoint/{world.wenhua_b2.pk}/").status_code == 404


def test_appointing_on_the_page_and_a_second_time(world, posts, client_for):
    c = client_for(world.wumei_staff)
    url = f"/workbench/stewards/appoint/{posts.entrance2.pk}/"
    r = c.post(url, {"resident": "13907731234", "selection": "self", "roles": ["safety", "care"],
                     "started_on": "2026-06-01"})
    assert r.status_code == 302
    r = c.post(url, {"resident": "王秀英", "selection": "appointed", "roles": ["policy"]})
    assert r.status_code == 200 and "该楼门已有在任楼门管家（赵桂兰）" in r.content.decode()
    assert Steward.objects.count() == 1


def test_evaluating_on_the_page(world, steward, client_for):
    c = client_for(world.wumei_staff)
    url = f"/workbench/stewards/{steward.pk}/"
    assert c.post(url, {"action": "evaluate", "month": "2026-05", "grade": "good"}).status_code == 302
    r = c.post(url, {"action": "evaluate", "month": "2026-09", "grade": "good"})
    assert "不能评价未来的月份" in r.content.decode()
    r = c.post(url, {"action": "evaluate", "month": "2026-05", "grade": "excellent"})
    assert "已评价过" in r.content.decode()
    assert Evaluation.objects.count() == 1
    assert client_for(world.street_staff).post(url, {"action": "evaluate", "month": "2026-04",
                                                     "grade": "good"}).status_code == 404


def test_the_stewards_phone_page(world, steward, client_for):
    phone = client_for(world.resident)
    page = phone.get("/m/stewards/").content.decode()
    assert "五美小区 1栋 1单元" in page and "政策宣传员" in page
    r = phone.post("/m/stewards/", {"text": "楼道堆放杂物，有消防隐患", "collected_on": "2026-06-14"})
    assert r.status_code == 302
    x = Suggestion.objects.get()
    assert x.collected_on == dt.date(2026, 6, 14) and x.steward == steward
    r = phone.post("/m/stewards/", {"text": " "})
    assert Suggestion.objects.count() == 1 and "errorlist" in r.content.decode()


def test_a_neighbour_sees_her_buildings_steward(world, steward, posts, client_for):
    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.people.services import link_account

    user = create_user(actor=world.admin, username="zhao", password=None, display_name="赵桂兰")
    assign_role(actor=world.admin, user=user, role="resident", region=world.wumei_b1)
    link_account(actor=world.admin, person=posts.neighbour, user=user)
    page = client_for(user).get("/m/stewards/").content.decode()
    assert "王秀英" in page and "13812345678" not in page
    assert client_for(user).post("/m/stewards/", {"text": "x"}).status_code == 404


def test_turning_a_suggestion_into_a_need_on_the_page(world, steward, posts, client_for):
    x = services.submit_suggestion(actor=world.resident, text="楼道灯坏了")
    c = client_for(world.wumei_staff)
    r = c.post(f"/workbench/stewards/suggestions/{x.pk}/", {"action": "need", "title": "更换楼道灯",
                                                            "category": posts.category.pk})
    assert r.status_code == 302
    page = c.get(f"/workbench/stewards/suggestions/{x.pk}/").content.decode()
    assert "更换楼道灯" in page and "已转需求" in page
    x.refresh_from_db()
    assert f"/workbench/talent/suggest/?need={x.need_id}" in page  # people from the talent pool for it


def test_the_board_shows_commendations_without_personal_data(world, steward, client):
    services.commend(actor=world.wumei_staff, steward=steward, title="优秀楼门管家", awarded_on=dt.date(2026, 6, 1))
    page = client.get(f"/board/{world.wumei.pk}/").content.decode()
    assert "优秀楼门管家 · 王**（五美小区）" in page
    assert "王秀英" not in page and "1单元" not in page and "13812345678" not in page
