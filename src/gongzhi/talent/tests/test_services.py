"""The talent pool: registering (by the resident with her consent, or by staff who record it), one active entry per
resident, changing, withdrawing; the search (pinyin too) and `suggest`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.lists.models import Category, Need
from gongzhi.lists.services import submit_need
from gongzhi.talent import selectors, services
from gongzhi.talent.models import Talent


def add(world, person, skills, availability=("weekend",), note=""):
    return services.register_talent(actor=world.wumei_staff, person=person, skills=skills, skills_note=note,
                                    availability=availability, consent=True, consent_note="书面登记表")


def test_a_resident_registers_herself_with_consent(world, frozen):
    with pytest.raises(ValidationError, match="请先确认本人同意加入人才储备库"):
        services.register_talent(actor=world.resident, person=world.resident_person, skills=["care"],
                                 availability=["weekday"])
    t = services.register_talent(actor=world.resident, person=world.resident_person, skills=["care", "cooking"],
                                 availability=["weekday"], consent=True)
    assert t.source == "self" and t.community == world.wumei and t.consent_at is not None
    assert t.skill_labels == ["助老助残", "烹饪助餐"]


def test_staff_add_a_resident_and_record_her_consent(world, people):
    with pytest.raises(ValidationError, match="请确认居民本人已同意"):
        services.register_talent(actor=world.wumei_staff, person=people.nurse, skills=["medical"],
                                 availability=["weekend"])
    t = add(world, people.nurse, ["medical"])
    assert t.source == "staff" and t.consent_by == world.wumei_staff and t.consent_note == "书面登记表"
    with pytest.raises(ValidationError, match="该居民已在人才储备库中"):
        add(world, people.nurse, ["care"])
    assert Talent.objects.count() == 1


@pytest.mark.parametrize(("kw", "message"), [
    ({"skills": []}, "请至少选择一项特长或填写特长说明"),
    ({"skills": ["flying"]}, "特长须从列表中选择"),
    ({"availability": []}, "请至少选择一个可服务时间"),
    ({"availability": ["midnight"]}, "可服务时间须从列表中选择"),
    ({"skills_note": "很" * 301}, "特长说明不能超过 300 个字"),
])
def test_bad_input_is_refused_in_chinese(world, people, kw, message):
    args = {"skills": ["medical"], "availability": ["weekend"], "skills_note": ""}
    args.update(kw)
    with pytest.raises(ValidationError) as e:
        services.register_talent(actor=world.wumei_staff, person=people.nurse, consent=True, **args)
    assert message in " ".join(e.value.messages)
    assert Talent.objects.count() == 0


def test_free_text_alone_is_a_skill(world, people):
    t = add(world, people.fixer, [], note="会修电动车")
    assert t.skills == [] and t.skills_note == "会修电动车"


def test_only_the_communitys_staff_or_the_resident_herself(world, people):
    for actor in (world.nanmen_staff, world.street_staff, world.volunteer):
        with pytest.raises(PermissionDenied):
            services.register_talent(actor=actor, person=people.nurse, skills=["medical"], availability=["weekend"],
                                     consent=True)


def test_change_and_withdraw(world, people):
    t = add(world, people.nurse, ["medical"])
    services.change_talent(actor=world.wumei_staff, talent=t, skills=["medical", "care"], availability=["evening"])
    t.refresh_from_db()
    assert t.skills == ["medical", "care"] and t.availability == ["evening"]
    services.withdraw_talent(actor=world.wumei_staff, talent=t)
    with pytest.raises(ValidationError, match="已退出人才储备库"):
        services.withdraw_talent(actor=world.wumei_staff, talent=t)
    again = add(world, people.nurse, ["medical"])  # she may come back: a new entry, the old one kept
    assert again.pk != t.pk and Talent.objects.count() == 2


def test_search_by_pinyin_initials_name_and_skill(world, people):
    add(world, people.nurse, ["medical"], note="退休护士")
    add(world, people.lawyer, ["legal", "mediation"])
    names = lambda q: [t.person.name for t in selectors.pool(world.wumei_staff, q=q)]  # noqa: E731
    assert names("zlh") == ["张丽华"]
    assert names("huangzhiqiang") == ["黄志强"]
    assert names("护士") == ["张丽华"]
    assert names("fl") == ["黄志强"]  # 法律咨询
    assert [t.person.name for t in selectors.pool(world.wumei_staff, skill="mediation")] == ["黄志强"]
    assert selectors.pool(world.nanmen_staff, q="zlh").count() == 0


def test_suggest_for_a_need(world, people):
    add(world, people.nurse, ["medical", "care"], availability=["weekday", "weekend"])
    add(world, people.lawyer, ["legal"])
    add(world, people.fixer, ["repairs"], availability=["evening"])
    category = Category.objects.get_or_create(code="elderly", defaults={"name": "助老", "order": 30})[0]
    need = submit_need(actor=world.wumei_staff, title="独居老人上门测血压", category=category, community=world.wumei,
                       channel="grid_visit")
    found = selectors.suggest(community=world.wumei, need=need)
    assert [s.talent.person.name for s in found] == ["张丽华"]
    assert "特长：医疗护理、助老助残" in found[0].reasons
    assert selectors.suggest(community=world.wumei, skills=["repairs"], availability=["weekend"]) == []
    assert [s.talent.person.name for s in selectors.suggest(community=world.wumei, skills=["repairs"],
                                                           availability=["evening"])] == ["李师傅"]
    assert selectors.suggest(community=world.nanmen, skills=["repairs"]) == []
    assert Need.objects.count() == 1
