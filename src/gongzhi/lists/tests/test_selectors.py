"""The published lists other apps read (public board, 年初公示), the figures, and the seeded taxonomy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.lists import services
from gongzhi.lists.models import Category, Need, Resource
from gongzhi.lists.selectors import need_status_counts, published_needs, published_resources
from gongzhi.lists.tests.conftest import at, next_week

CODES = ["medical", "lecture", "elderly", "education", "legal", "culture_sports", "repairs", "environment",
         "employment", "hardship_relief", "party_building"]


def test_the_taxonomy_is_seeded_in_order_with_keywords(cats):
    categories = list(Category.objects.filter(code__in=CODES))
    assert [c.code for c in categories] == CODES
    assert [c.name for c in categories][:10] == ["义诊医疗", "公益讲座", "助老", "助学", "法律服务", "文体活动",
                                                "便民维修", "环境整治", "就业帮扶", "帮困慰问"]
    assert categories[-1].name == "党建共建"
    assert all(c.keywords and c.active for c in categories)


def test_published_needs_of_a_community_and_year(world, items, cats):
    year = clock.today().year
    services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="forum", title="阿姨们想学智能手机",
                         category=cats["lecture"])  # submitted only: not on the list
    extra = services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="forum", title="安装扶手",
                                 category=cats["elderly"])
    services.review_need(actor=world.wumei_staff, need=extra, decision="approve")
    closed = services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="forum", title="已办完",
                                  category=cats["medical"])
    services.review_need(actor=world.wumei_staff, need=closed, decision="approve")
    services.close_need(actor=world.wumei_staff, need=closed)
    with CaptureQueriesContext(connection) as ctx:
        rows = [(n.category.name, n.title, n.organisation.name if n.organisation else None)
                for n in published_needs(world.wumei, year)]
    assert len(ctx.captured_queries) == 1  # category and organisation come with the rows
    # category order: 义诊医疗 (10), 助老 (30), 党建共建 (110); then title
    assert rows == [("义诊医疗", "老年人免费体检", None), ("助老", "安装扶手", None),
                    ("党建共建", "党员志愿服务阵地", "桂林市中医医院")]
    assert not published_needs(world.wumei, year - 1).exists()
    assert [n.title for n in published_needs(world.nanmen, year)] == ["南门花园环境整治"]


def test_published_resources_of_a_community_and_year(world, items, cats):
    year = clock.today().year
    services.register_resource(actor=world.liaison, organisation=world.hospital, title="中医健康讲座",
                               category=cats["lecture"])
    gone = services.register_resource(actor=world.liaison, organisation=world.hospital, title="已撤回的资源",
                                      category=cats["medical"])
    services.withdraw_resource(actor=world.liaison, resource=gone)
    with CaptureQueriesContext(connection) as ctx:
        rows = [(r.category.name, r.title, r.organisation.name if r.organisation else None)
                for r in published_resources(world.wumei, year)]
    assert len(ctx.captured_queries) == 1
    assert rows == [("义诊医疗", "中医义诊进社区", "桂林市中医医院"), ("公益讲座", "中医健康讲座", "桂林市中医医院"),
                    ("党建共建", "社区党群服务中心会议室", None)]
    assert not published_resources(world.nanmen, year).exists()


def test_the_figures_per_region_node_and_year(world, items):
    services.create_activity(actor=world.wumei_staff, community=world.wumei, title="义诊日",
                             category=items.cats["medical"], starts_at=at(2026, 5, 9, 9), place="广场")
    year = clock.today().year

    def figures(node, year=None):
        return {s["key"]: s["value"] for s in compute_stats(node, year)}

    wumei = figures(world.wumei, year)
    assert (wumei["needs_published"], wumei["resources_published"]) == (2, 2)
    street = figures(world.xiangshan_street, year)
    assert street["needs_published"] == 3  # 五美 2 + 南门 1; the submitted need does not count
    assert figures(world.xiangshan, 2026)["activities"] == 1
    assert figures(world.xiangshan, 2025)["activities"] == 0
    assert figures(world.xiufeng)["needs_published"] == 0
    assert figures(world.wumei, year - 1)["needs_published"] == 0


def test_the_review_queue_counts(world, items):
    counts = need_status_counts(world.wumei_staff)
    assert counts["submitted"] == 1 and counts["published"] == 2 and counts["merged"] == 0
    assert need_status_counts(world.nanmen_staff)["published"] == 1
    assert need_status_counts(world.wumei_staff, year=2001)["published"] == 0


def test_the_dashboard_shows_the_lists_figures(world, items, client_for):
    page = client_for(world.wumei_staff).get("/workbench/").content.decode()
    assert 'data-stat="needs_published"' in page and "公布需求" in page


@pytest.mark.parametrize("url", ["/admin/lists/category/", "/admin/lists/category/add/"])
def test_system_admins_maintain_the_categories(world, cats, client_for, url):
    assert client_for(world.admin).get(url).status_code == 200
    assert client_for(world.wumei_staff).get(url).status_code == 302


def test_a_category_change_in_the_admin_is_chronicled(world, cats, client_for):
    category = cats["legal"]
    response = client_for(world.admin).post(f"/admin/lists/category/{category.pk}/change/", {
        "name": "法律服务", "code": "legal", "order": 55, "active": "on", "keywords": "法律 调解 公证"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.order == 55 and category.keywords == "法律 调解 公证"
    assert entries_for(category).get().action == "admin.changed"


def test_a_category_in_use_cannot_be_deleted_in_the_admin(world, items, client_for):
    category = items.cats["medical"]
    assert client_for(world.admin).get(f"/admin/lists/category/{category.pk}/delete/").status_code == 403
    unused = items.cats["employment"]
    assert client_for(world.admin).get(f"/admin/lists/category/{unused.pk}/delete/").status_code == 200


def test_services_leave_the_callers_instance_current(world, items):
    """Callers (views, the API, the contracts app) keep using the object they passed in."""
    need = Need.objects.get(pk=items.submitted.pk)
    services.review_need(actor=world.wumei_staff, need=need, decision="approve")
    assert need.status == "published" and need.published_at is not None
    made = services.claim(actor=world.liaison, need=need, deadline=next_week())
    services.fulfil_claim(actor=world.liaison, claim=made)
    assert made.status == "fulfilled" and made.closed_at is not None
    resource = Resource.objects.get(pk=items.venue.pk)
    services.withdraw_resource(actor=world.wumei_staff, resource=resource)
    assert resource.status == "withdrawn"
