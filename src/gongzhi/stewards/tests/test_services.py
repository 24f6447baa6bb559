"""楼门管家 services: appointment (one current steward per post, one post per person), roles, monthly evaluation,
commendation, honourable retirement and the vacancy, suggestions turned into needs and cases — and every refusal
leaves nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.lists.models import Need, NeedStatus
from gongzhi.stewards import selectors, services
from gongzhi.stewards.models import Evaluation, Steward, StewardStatus, Suggestion, SuggestionStatus


def test_appointing_records_how_and_the_roles(world, posts, steward):
    assert steward.community == world.wumei and steward.post == posts.entrance1
    assert steward.get_selection_display() == "居民推荐"
    assert steward.role_labels == ["政策宣传员", "社情民意联络员"]
    assert Entry.objects.filter(action="stewards.appointed", subject_id=str(steward.pk)).exists()
    labels = [p["label"] for p in selectors.vacancies(world.wumei)]
    assert labels == ["五美小区 1栋 2单元", "文化里 2栋"]  # 1栋 has entrances, so it is no post itself


def test_a_second_steward_for_a_post_is_refused_and_nothing_is_written(world, posts, steward):
    with pytest.raises(ValidationError) as e:
        services.appoint(actor=world.wumei_staff, post=posts.entrance1, person=posts.neighbour,
                         selection="self", roles=["safety"])
    assert "该楼门已有在任楼门管家（王秀英）" in e.value.messages[0]
    assert Steward.objects.count() == 1


def test_the_database_holds_one_current_steward_per_post(world, posts, steward):
    with pytest.raises(IntegrityError), transaction.atomic():
        Steward.objects.create(community=world.wumei, post=posts.entrance1, person=posts.neighbour,
                               selection="self", roles=["safety"], started_on=dt.date(2026, 2, 1),
                               appointed_at=steward.appointed_at)


def test_one_person_holds_one_post(world, posts, steward):
    with pytest.raises(ValidationError, match="已是其他楼门的在任楼门管家"):
        services.appoint(actor=world.wumei_staff, post=posts.entrance2, person=world.resident_person,
                         selection="appointed", roles=["safety"])


@pytest.mark.parametrize(("field", "kw", "message"), [
    ("post", {"post": "building_with_entrances"}, "楼门管家须设在单元"),
    ("roles", {"roles": []}, "请至少选择一项职责"),
    ("roles", {"roles": ["boss"]}, "职责须从列表中选择"),
    ("selection", {"selection": "lottery"}, "请选择产生方式"),
    ("started_on", {"started_on": dt.date(2026, 7, 1)}, "上任日期不能晚于今天"),
    ("person", {"person": "nanmen"}, "楼门管家须为本社区居民"),
])
def test_bad_appointments_are_refused_in_chinese(world, posts, field, kw, message):
    args = {"post": posts.entrance2, "person": posts.neighbour, "selection": "appointed", "roles": ["policy"]}
    args.update(kw)
    if args["post"] == "building_with_entrances":
        args["post"] = world.wumei_b1
    if args["person"] == "nanmen":
        args["person"] = world.nanmen_person
    with pytest.raises(ValidationError) as e:
        services.appoint(actor=world.wumei_staff, **args)
    assert message in " ".join(e.value.messages)
    assert Steward.objects.count() == 0


def test_only_the_communitys_staff_appoint(world, posts):
    for actor in (world.nanmen_staff, world.street_staff, world.resident, world.wumei_grid_worker):
        with pytest.raises(PermissionDenied):
            services.appoint(actor=actor, post=posts.entrance2, person=posts.neighbour, selection="appointed",
                             roles=["policy"])


def test_a_building_without_entrances_is_a_post(world, posts):
    s = services.appoint(actor=world.wumei_staff, post=world.wenhua_b2, person=world.volunteer_person,
                         selection="self", roles=["care"])
    assert selectors.post_label(s.post) == "文化里 2栋"


def test_monthly_evaluation_once_a_month_never_for_the_future(world, posts, steward):
    e = services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-05", grade="excellent", note="宣传到位")
    assert e.month == dt.date(2026, 5, 1)
    with pytest.raises(ValidationError, match="2026-05 已评价过该楼门管家"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month=dt.date(2026, 5, 20), grade="good")
    with pytest.raises(ValidationError, match="不能评价未来的月份（2026-07）"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-07", grade="good")
    with pytest.raises(ValidationError, match="2025-12 该楼门管家尚未上任"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month="2025-12", grade="good")
    with pytest.raises(ValidationError, match="请选择评价等次"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-04", grade="A+")
    with pytest.raises(ValidationError, match="请选择评价月份"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month="五月", grade="good")
    assert Evaluation.objects.count() == 1
    services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-06", grade="good")  # this month: fine


def test_missing_evaluations_are_listed(world, posts, steward):
    other = services.appoint(actor=world.wumei_staff, post=posts.entrance2, person=posts.neighbour,
                             selection="appointed", roles=["safety"], started_on=dt.date(2026, 5, 20))
    services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-05", grade="good")
    sheet = selectors.month_sheet(world.wumei_staff, month=dt.date(2026, 5, 1))
    assert [(r["steward"].pk, r["evaluation"] is None) for r in sheet] == [(steward.pk, False), (other.pk, True)]
    assert list(selectors.missing_evaluations(world.wumei, dt.date(2026, 4, 1))) == [steward]


def test_honourable_retirement_leaves_the_post_vacant_and_happens_once(world, posts, steward):
    services.retire(actor=world.wumei_staff, steward=steward, retired_on=dt.date(2026, 6, 10), reason="年事已高")
    steward.refresh_from_db()
    assert steward.status == StewardStatus.RETIRED and steward.retired_on == dt.date(2026, 6, 10)
    assert "五美小区 1栋 1单元" in [p["label"] for p in selectors.vacancies(world.wumei)]
    with pytest.raises(ValidationError, match="该楼门管家已于 2026-06-10 光荣退休，不能重复办理"):
        services.retire(actor=world.wumei_staff, steward=steward, reason="再次")
    with pytest.raises(ValidationError, match=r"2026-07 该楼门管家已光荣退休|不能评价未来"):
        services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-07", grade="good")
    services.evaluate(actor=world.wumei_staff, steward=steward, month="2026-06", grade="good")  # her last month
    # the vacancy is filled
    new = services.appoint(actor=world.wumei_staff, post=posts.entrance1, person=posts.neighbour,
                           selection="self", roles=["safety"])
    assert new.is_current and Steward.objects.filter(post=posts.entrance1).count() == 2


def test_retirement_needs_a_reason_and_a_plausible_date(world, posts, steward):
    with pytest.raises(ValidationError, match="请填写退休原因"):
        services.retire(actor=world.wumei_staff, steward=steward, reason=" ")
    with pytest.raises(ValidationError, match="退休日期不能早于 2026-01-05"):
        services.retire(actor=world.wumei_staff, steward=steward, reason="搬家", retired_on=dt.date(2025, 12, 1))
    steward.refresh_from_db()
    assert steward.is_current


def test_commendation_publishes_the_chosen_name_and_the_neighbourhood_only(world, posts, steward):
    services.commend(actor=world.wumei_staff, steward=steward, title="2026年上半年优秀楼门管家",
                     awarded_on=dt.date(2026, 6, 1), reason="组织楼道清洁")
    board = selectors.board_commendations(world.wumei)
    assert board == [{"awarded_on": dt.date(2026, 6, 1), "title": "2026年上半年优秀楼门管家", "name": "王**",
                      "neighbourhood": "五美小区"}]
    services.commend(actor=world.wumei_staff, steward=steward, title="调解能手", name_shown="full")
    assert selectors.board_commendations(world.wumei)[0]["name"] == "王秀英"
    with pytest.raises(ValidationError, match="请勿填写电话、证件号或楼栋、单元、门牌"):
        services.commend(actor=world.wumei_staff, steward=steward, title="表彰", reason="1栋2单元的好管家")


def test_a_suggestion_becomes_a_need_with_the_link_kept(world, posts, steward):
    x = services.submit_suggestion(actor=world.resident, text="楼道灯坏了一个多月，老人晚上上下楼不方便")
    assert x.steward == steward and x.status == SuggestionStatus.NEW
    need = services.to_need(actor=world.wumei_staff, suggestion=x, title="更换五美小区楼道灯", category=posts.category)
    x.refresh_from_db()
    assert x.status == SuggestionStatus.NEED and x.need == need
    assert need.status == NeedStatus.SUBMITTED and need.place.name == "五美小区" and need.channel == "grid_visit"
    with pytest.raises(ValidationError, match="该意见建议已处理（已转需求）"):
        services.to_case(actor=world.wumei_staff, suggestion=x, category=posts.case_categories["noise"])
    assert Need.objects.count() == 1


def test_a_suggestion_becomes_a_case_reported_by_the_steward(world, posts, steward):
    x = services.submit_suggestion(actor=world.resident, text="楼下烧烤店油烟大，晚上很吵")
    category = next(iter(posts.case_categories.values()))
    case = services.to_case(actor=world.wumei_staff, suggestion=x, category=category)
    x.refresh_from_db()
    assert x.case == case and case.reporter == world.resident_person and case.place == world.wumei_b1


def test_a_declined_suggestion_needs_a_reason(world, posts, steward):
    x = services.submit_suggestion(actor=world.resident, text="建议小区门口装个快递柜")
    with pytest.raises(ValidationError, match="请填写不予采纳理由"):
        services.decline(actor=world.wumei_staff, suggestion=x, reason="")
    services.decline(actor=world.wumei_staff, suggestion=x, reason="物业已在安装")
    x.refresh_from_db()
    assert x.status == SuggestionStatus.DECLINED


def test_only_a_steward_in_office_records_suggestions(world, posts, steward):
    with pytest.raises(PermissionDenied):
        services.submit_suggestion(actor=world.volunteer, text="建议")
    services.retire(actor=world.wumei_staff, steward=steward, reason="搬家")
    with pytest.raises(PermissionDenied):
        services.submit_suggestion(actor=world.resident, text="建议")
    with pytest.raises(ValidationError, match="已光荣退休"):
        services.submit_suggestion(actor=world.wumei_staff, steward=steward, text="建议")
    assert Suggestion.objects.count() == 0
