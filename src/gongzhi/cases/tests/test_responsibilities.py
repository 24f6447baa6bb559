"""The 权责清单: upkeep by district and street staff, counts per kind and level computed by query, whom to
whistle for a case, and the categories' limits (administrators)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.cases import services
from gongzhi.cases.models import Responsibility
from gongzhi.cases.selectors import responsibility_counts, responsibility_tree, whistle_advice
from gongzhi.organisations.services import create_department


def add(world, actor=None, **kwargs):
    options = {"actor": actor or world.district_staff, "region": world.xiangshan, "kind": "department",
               "title": "事项"}
    options.update(kwargs)
    return services.add_responsibility(**options)


def test_three_levels_and_counts_per_kind(world, cats):
    for c in range(2):
        category = add(world, kind="autonomous", title=f"自治类{c}")
        for i in range(3):
            item = add(world, parent=category, title=f"自治项{c}-{i}")
            for s in range(2):
                add(world, parent=item, title=f"自治子项{c}-{i}-{s}")
    for i in range(5):
        add(world, kind="removed", title=f"取消事项{i}")
    summary = {s.kind: s for s in responsibility_counts(world.xiangshan)}
    assert summary["autonomous"].levels == [2, 6, 12]
    assert summary["autonomous"].description == "2 类 6 项 12 子项"
    assert summary["removed"].description == "5 项"
    tree = responsibility_tree(world.xiangshan)
    assert [g["kind"] for g in tree] == ["autonomous", "removed"]
    assert [len(n.children) for n in tree[0]["roots"]] == [3, 3]


def test_a_fourth_level_and_a_foreign_parent_are_refused(world, cats):
    category = add(world, kind="autonomous", title="类")
    sub = add(world, parent=add(world, parent=category, title="项"), title="子项")
    assert sub.level == 3 and sub.kind == "autonomous"  # the kind follows the parent
    with pytest.raises(ValidationError) as e:
        add(world, parent=sub, title="第四级")
    assert "parent" in e.value.message_dict
    with pytest.raises(ValidationError):
        add(world, actor=world.street_staff, region=world.xiangshan_street, parent=category, title="别的清单")


def test_who_keeps_the_list(world, cats):
    add(world, actor=world.street_staff, region=world.xiangshan_street, title="街道事项")
    add(world, actor=world.district_staff, region=world.xiangshan_street, title="城区代街道维护")
    for persona in ("wumei_staff", "receiver", "resident", "nanmen_staff"):
        with pytest.raises(PermissionDenied):
            add(world, actor=getattr(world, persona))
    with pytest.raises(PermissionDenied):  # a street's staff do not edit the district's list
        add(world, actor=world.street_staff)
    with pytest.raises(ValidationError):
        add(world, region=world.wumei)  # communities follow their district's and street's lists


def test_edit_and_remove_with_children(world, cats):
    category = add(world, kind="access", title="准入类")
    add(world, parent=add(world, parent=category, title="项"), title="子项")
    services.edit_responsibility(actor=world.district_staff, responsibility=category, title="准入协助类",
                                 departments=[world.judicial_office], case_categories=[cats["neighbour_dispute"]])
    category.refresh_from_db()
    assert category.title == "准入协助类" and list(category.departments.all()) == [world.judicial_office]
    with pytest.raises(PermissionDenied):
        services.remove_responsibility(actor=world.street_staff, responsibility=category)
    assert services.remove_responsibility(actor=world.district_staff, responsibility=category) == 3
    assert not Responsibility.objects.exists()


def test_departments_outside_the_region_cannot_be_linked(world, cats):
    with pytest.raises(ValidationError) as e:
        add(world, departments=[world.xiufeng_housing])
    assert "departments" in e.value.message_dict


def test_suggest_whom_to_whistle(world, cats, accepted):
    housing = create_department(actor=world.admin, name="象山区住建局", kind="housing", home=world.xiangshan)
    add(world, title="排水设施维护管理", departments=[housing], case_categories=[cats["sewage"]])
    add(world, kind="access", title="协助开展邻里纠纷调解", departments=[world.judicial_office],
        case_categories=[cats["sewage"], cats["neighbour_dispute"]])
    add(world, title="无关事项", departments=[world.judicial_office], case_categories=[cats["noise"]])
    add(world, kind="removed", title="已取消的排水事项", departments=[world.judicial_office],
        case_categories=[cats["sewage"]])
    add(world, actor=world.admin, region=world.xiufeng, title="别区的事项", departments=[world.xiufeng_housing],
        case_categories=[cats["sewage"]])
    advice = whistle_advice(accepted)
    assert not advice.community_handles_it
    assert [(s.department.name, s.kinds) for s in advice.suggestions] == [
        ("象山区住建局", ["部门职责事项"]), ("象山街道司法所", ["准入协助事项"])]
    add(world, kind="autonomous", title="小区公共设施日常维护", case_categories=[cats["sewage"]])
    assert whistle_advice(accepted).autonomous == ["小区公共设施日常维护"]


def test_only_administrators_change_limits(world, cats):
    with pytest.raises(PermissionDenied):
        services.update_category_limits(actor=world.district_staff, category=cats["sewage"], response_hours=2)
    with pytest.raises(ValidationError) as e:
        services.update_category_limits(actor=world.admin, category=cats["sewage"], resolution_counting="working")
    assert "resolution_hours" in e.value.message_dict
    cats["sewage"].refresh_from_db()
    assert cats["sewage"].resolution_counting == "working_days"
    with pytest.raises(ValidationError):
        services.update_category_limits(actor=world.admin, category=cats["sewage"], color="red")
    services.update_category_limits(actor=world.admin, category=cats["sewage"], resolution_counting="working",
                                    resolution_days=0, resolution_hours=21)
    cats["sewage"].refresh_from_db()
    assert cats["sewage"].resolution_limit.duration.total_seconds() == 21 * 3600
