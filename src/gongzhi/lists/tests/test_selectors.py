"""The lists' figures, status counts and the seeded taxonomy."""

import pytest

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.lists import services
from gongzhi.lists.models import Category, Need, Resource
from gongzhi.lists.selectors import need_status_counts
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
