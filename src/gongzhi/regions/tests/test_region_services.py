import pytest
from django.core.exceptions import ValidationError

from gongzhi.chronicle.services import entries_for
from gongzhi.regions.models import RegionNode, segment
from gongzhi.regions.services import create_grid, create_node, plan_paths, rename_node


def test_paths_are_materialised_and_subtrees_are_prefix_queries(world):
    assert world.city.path == "0001/"
    assert world.wumei.path.startswith(world.xiangshan_street.path) and world.wumei.depth == 3
    names = set(world.wumei.subtree().values_list("name", flat=True))
    assert names == {"五美社区", "五美小区", "文化里", "1栋", "2栋"}
    assert [n.name for n in world.wumei_b1.ancestors()] == ["桂林市", "象山区", "象山街道", "五美社区", "五美小区"]


def test_sibling_numbers_continue_after_the_last_sibling(world):
    third = create_node(actor=world.admin, parent=world.xiangshan_street, kind="community", name="崇善社区")
    assert third.path == world.xiangshan_street.path + segment(3)


def test_segments_sort_like_numbers():
    assert segment(9) < segment(10) < segment(36) < segment(1295)


@pytest.mark.parametrize(("parent", "kind"), [("wumei", "community"), ("wumei", "building"), ("city", "street"),
                                              (None, "district")])
def test_a_node_must_sit_at_the_right_level(world, parent, kind):
    with pytest.raises(ValidationError):
        create_node(actor=world.admin, parent=getattr(world, parent) if parent else None, kind=kind, name="新节点")


def test_sibling_names_and_codes_are_unique(world):
    with pytest.raises(ValidationError):
        create_node(actor=world.admin, parent=world.xiangshan_street, kind="community", name="五美社区")
    with pytest.raises(ValidationError):
        create_node(actor=world.admin, parent=world.xiangshan_street, kind="community", name="新社区", code="450304001001")


def test_rename_is_chronicled(world):
    rename_node(actor=world.wumei_staff, node=world.wenhua_li, name="文化里小区")
    assert RegionNode.objects.get(pk=world.wenhua_li.pk).name == "文化里小区"
    assert entries_for(world.wenhua_li).filter(action="region.renamed").exists()


def test_a_grid_takes_buildings_of_its_own_community_only(world):
    with pytest.raises(ValidationError):
        create_grid(actor=world.admin, community=world.wumei, name="第二网格", buildings=[world.nanmen_b1])


def test_plan_paths_continues_existing_numbering(world):
    rows = [{"key": "a", "parent_key": "street"}, {"key": "b", "parent_key": "a"}]
    plan_paths(rows, {"street": world.xiangshan_street.path})
    assert rows[0]["path"] == world.xiangshan_street.path + segment(3)
    assert rows[1]["path"] == rows[0]["path"] + segment(1) and rows[1]["depth"] == 4


def test_plan_paths_asks_the_database_only_about_existing_parents(world, django_assert_num_queries):
    rows = [{"key": ("n", i), "parent_key": "street"} for i in range(3)]
    rows += [{"key": ("b", i, j), "parent_key": ("n", i)} for i in range(3) for j in range(2)]
    with django_assert_num_queries(1):
        plan_paths(rows, {"street": world.xiangshan_street.path})
    assert [r["path"][-5:] for r in rows[3:5]] == [segment(1), segment(2)]
