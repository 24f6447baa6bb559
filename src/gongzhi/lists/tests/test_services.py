"""Every write of the lists: each transition, each refusal, and the chronicle entry each change leaves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import entries_for, verify
from gongzhi.core import clock
from gongzhi.lists import services
from gongzhi.lists.models import Claim, ClaimStatus, NeedStatus, ResourceStatus
from gongzhi.lists.tests.conftest import at, next_week

NOON = at(2026, 4, 1, 12, 0)


def _actions(obj) -> list[str]:
    return list(entries_for(obj).order_by("seq").values_list("action", flat=True))


# --- submit_need ------------------------------------------------------------------------------------------

def test_a_resident_submits_a_need_online_in_her_own_community(world, cats):
    with clock.frozen(NOON):
        need = services.submit_need(actor=world.resident, title="希望组织老年人体检", category=cats["medical"],
                                    channel="window", beneficiaries=["elderly"])
    assert need.community == world.wumei and need.place == world.wumei
    assert need.channel == "online" and need.side == "community"  # her channel is always 指尖直通
    assert need.status == NeedStatus.SUBMITTED and need.created_by == world.resident
    assert need.year == 2026 and need.created_at == NOON
    entry = entries_for(need).get()
    assert entry.action == "need.submitted" and entry.region_path == world.wumei.path
    assert entry.data == {"side": "community", "channel": "online", "category": "medical", "organisation": None}


def test_a_resident_cannot_submit_for_another_community(world, cats):
    with pytest.raises(PermissionDenied):
        services.submit_need(actor=world.resident, community=world.nanmen, title="x", category=cats["medical"])


def test_a_grid_worker_records_a_need_on_a_residents_behalf(world, cats):
    need = services.submit_need(actor=world.wumei_grid_worker, community=world.wumei, channel="grid_visit",
                                title="独居老人需要定期探访", category=cats["elderly"], place=world.wumei_b1,
                                urgency="urgent", scale=3)
    assert need.channel == "grid_visit" and need.place == world.wumei_b1 and need.urgency == "urgent"


def test_staff_must_name_the_channel(world, cats):
    with pytest.raises(ValidationError) as e:
        services.submit_need(actor=world.wumei_staff, community=world.wumei, title="x", category=cats["medical"])
    assert "来源渠道" in str(e.value)
    with pytest.raises(ValidationError):
        services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="unit", title="x",
                             category=cats["medical"])


@pytest.mark.parametrize("persona", ["nanmen_staff", "street_staff", "liaison", "receiver", "outsider"])
def test_only_the_communitys_staff_grid_workers_and_residents_submit_community_needs(world, cats, persona):
    with pytest.raises(PermissionDenied):
        services.submit_need(actor=getattr(world, persona), community=world.wumei, channel="window", title="x",
                             category=cats["medical"])


def test_a_liaison_submits_their_units_need(world, cats):
    need = services.submit_need(actor=world.liaison, organisation=world.hospital, title="需要社区提供党员活动场地",
                                category=cats["party_building"], channel="window")
    assert need.side == "unit" and need.channel == "unit" and need.community == world.wumei
    assert need.organisation == world.hospital and need.status == NeedStatus.SUBMITTED


def test_a_liaison_cannot_speak_for_another_unit(world, cats):
    with pytest.raises(PermissionDenied):
        services.submit_need(actor=world.liaison, organisation=world.school, title="x", category=cats["medical"])


def test_a_units_need_belongs_to_a_community_where_the_unit_is_placed(world, cats):
    with pytest.raises(ValidationError) as e:
        services.submit_need(actor=world.liaison, organisation=world.hospital, community=world.nanmen, title="x",
                             category=cats["medical"])
    assert "不在该社区" in str(e.value)


@pytest.mark.parametrize(("field", "overrides"), [
    ("title", {"title": "  "}),
    ("place", {"place": "nanmen_b1"}),
    ("beneficiaries", {"beneficiaries": ["aliens"]}),
    ("scale", {"scale": -1}),
    ("urgency", {"urgency": "whenever"}),
    ("category", {"category": "inactive"}),
])
def test_bad_need_input_is_refused_with_a_message(world, cats, field, overrides):
    kwargs = {"actor": world.wumei_staff, "community": world.wumei, "channel": "window", "title": "体检",
              "category": cats["medical"]}
    if overrides.get("place"):
        overrides["place"] = getattr(world, overrides["place"])
    if overrides.get("category") == "inactive":
        cats["medical"].active = False
        cats["medical"].save()
        overrides["category"] = cats["medical"]
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as e:
        services.submit_need(**kwargs)
    assert field in e.value.message_dict


# --- review_need ------------------------------------------------------------------------------------------

def test_approving_publishes_the_need_with_a_timestamp(world, items):
    with clock.frozen(NOON):
        need = services.review_need(actor=world.wumei_staff, need=items.submitted, decision="approve")
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED and need.published_at == NOON
    assert need.reviewed_by == world.wumei_staff and need.reviewed_at == NOON
    assert _actions(need) == ["need.submitted", "need.published"]


def test_rejecting_requires_a_reason(world, items):
    with pytest.raises(ValidationError) as e:
        services.review_need(actor=world.wumei_staff, need=items.submitted, decision="reject", reason="  ")
    assert "理由" in str(e.value)
    items.submitted.refresh_from_db()
    assert items.submitted.status == NeedStatus.SUBMITTED
    need = services.review_need(actor=world.wumei_staff, need=items.submitted, decision="reject",
                                reason="属物业维修范围，已转物业公司")
    assert need.status == NeedStatus.REJECTED and need.review_reason == "属物业维修范围，已转物业公司"
    assert need.published_at is None
    assert _actions(need)[-1] == "need.rejected"


def test_a_duplicate_is_merged_into_a_need_of_the_same_community(world, items):
    need = services.review_need(actor=world.wumei_staff, need=items.submitted, decision="merge",
                                merge_into=items.published)
    need.refresh_from_db()
    assert need.status == NeedStatus.MERGED and need.merged_into == items.published
    assert entries_for(need).order_by("-seq").first().data == {"decision": "merge",
                                                               "merged_into": items.published.pk}
    assert list(items.published.merged_needs.all()) == [need]


def test_merging_into_another_submitted_need_is_allowed(world, items, cats):
    other = services.submit_need(actor=world.wumei_staff, community=world.wumei, channel="forum",
                                 title="楼道照明", category=cats["repairs"])
    assert services.review_need(actor=world.wumei_staff, need=items.submitted, decision="merge",
                                merge_into=other).status == NeedStatus.MERGED


@pytest.mark.parametrize("target", ["nanmen_need", "self", "rejected", None])
def test_merge_refusals(world, items, target):
    if target == "rejected":
        victim = services.submit_need(actor=world.resident, title="重复", category=items.cats["repairs"])
        services.review_need(actor=world.wumei_staff, need=victim, decision="reject", reason="重复")
        merge_into = victim
    elif target == "self":
        merge_into = items.submitted
    else:
        merge_into = getattr(items, target) if target else None
    with pytest.raises(ValidationError) as e:
        services.review_need(actor=world.wumei_staff, need=items.submitted, decision="merge", merge_into=merge_into)
    assert "merge_into" in e.value.message_dict


def test_a_need_is_reviewed_once_only(world, items):
    for decision in ("approve", "reject", "merge"):
        with pytest.raises(ValidationError) as e:
            services.review_need(actor=world.wumei_staff, need=items.published, decision=decision, reason="r",
                                 merge_into=items.unit_need)
        assert "已审核" in str(e.value)


def test_an_unknown_decision_is_refused(world, items):
    with pytest.raises(ValidationError):
        services.review_need(actor=world.wumei_staff, need=items.submitted, decision="maybe")


@pytest.mark.parametrize("persona", ["liaison", "wumei_grid_worker", "street_staff", "nanmen_staff", "resident",
                                     "outsider"])
def test_only_the_communitys_staff_review(world, items, persona):
    with pytest.raises(PermissionDenied):
        services.review_need(actor=getattr(world, persona), need=items.submitted, decision="approve")
    items.submitted.refresh_from_db()
    assert items.submitted.status == NeedStatus.SUBMITTED


def test_an_administrator_may_review(world, items):
    assert services.review_need(actor=world.admin, need=items.submitted, decision="approve").status == "published"


# --- close_need -------------------------------------------------------------------------------------------

def test_closing_a_published_need(world, items):
    need = services.close_need(actor=world.wumei_staff, need=items.published)
    assert need.status == NeedStatus.CLOSED and _actions(need)[-1] == "need.closed"


def test_only_published_needs_close(world, items):
    with pytest.raises(ValidationError):
        services.close_need(actor=world.wumei_staff, need=items.submitted)


def test_a_liaison_closes_their_units_need_but_not_the_communitys(world, items):
    assert services.close_need(actor=world.liaison, need=items.unit_need).status == NeedStatus.CLOSED
    with pytest.raises(PermissionDenied):
        services.close_need(actor=world.liaison, need=items.published)


# --- resources --------------------------------------------------------------------------------------------

def test_a_liaison_registers_their_units_resource(world, items):
    r = items.resource
    assert r.side == "unit" and r.organisation == world.hospital and r.community == world.wumei
    assert r.status == ResourceStatus.PUBLISHED and r.times_per_year == 12
    assert _actions(r) == ["resource.registered"]


def test_community_staff_register_the_communitys_own_and_their_units_resources(world, cats):
    own = services.register_resource(actor=world.wumei_staff, community=world.wumei, title="社区书屋",
                                     category=cats["culture_sports"], cost="free")
    assert own.side == "community" and own.organisation is None
    unit = services.register_resource(actor=world.wumei_staff, organisation=world.hospital, title="健康讲座",
                                      category=cats["lecture"], cost="semi_free")
    assert unit.side == "unit" and unit.community == world.wumei and unit.cost == "semi_free"


@pytest.mark.parametrize(("persona", "organisation", "community"), [
    ("nanmen_staff", "hospital", None),
    ("liaison", None, "wumei"),
    ("liaison", "school", None),
    ("wumei_grid_worker", None, "wumei"),
    ("resident", None, "wumei"),
])
def test_resource_registration_refusals(world, cats, persona, organisation, community):
    with pytest.raises(PermissionDenied):
        services.register_resource(actor=getattr(world, persona), title="x", category=cats["medical"],
                                   organisation=getattr(world, organisation) if organisation else None,
                                   community=getattr(world, community) if community else None)


def test_bad_resource_input_is_refused(world, cats):
    with pytest.raises(ValidationError) as e:
        services.register_resource(actor=world.liaison, organisation=world.hospital, title="",
                                   category=cats["medical"], times_per_year=-2, cost="expensive")
    assert {"title", "times_per_year", "cost"} <= set(e.value.message_dict)


def test_withdrawing_a_resource(world, items):
    r = services.withdraw_resource(actor=world.liaison, resource=items.resource)
    assert r.status == ResourceStatus.WITHDRAWN and _actions(r)[-1] == "resource.withdrawn"
    with pytest.raises(ValidationError):
        services.withdraw_resource(actor=world.liaison, resource=r)


def test_a_resource_with_an_open_claim_is_not_withdrawn(world, items):
    services.claim(actor=world.wumei_staff, resource=items.resource, deadline=next_week())
    with pytest.raises(ValidationError) as e:
        services.withdraw_resource(actor=world.liaison, resource=items.resource)
    assert "认领" in str(e.value)


@pytest.mark.parametrize("persona", ["nanmen_staff", "resident", "street_staff"])
def test_it_requires_the_owner_or_community_staff_to_withdraw(world, items, persona):
    with pytest.raises(PermissionDenied):
        services.withdraw_resource(actor=getattr(world, persona), resource=items.resource)


# --- activities -------------------------------------------------------------------------------------------

def _activity(world, items, **overrides):
    kwargs = {"actor": world.wumei_staff, "community": world.wumei, "title": "中医义诊日",
              "category": items.cats["medical"], "starts_at": at(2026, 5, 9, 9),
              "place": "五美社区党群服务中心", "organiser": world.hospital, "resources": [items.resource],
              "needs": [items.published]}
    kwargs.update(overrides)
    return services.create_activity(**kwargs)


def test_community_staff_create_an_activity_linking_resources_and_needs(world, items):
    activity = _activity(world, items)
    assert list(activity.resources.all()) == [items.resource] and list(activity.needs.all()) == [items.published]
    assert entries_for(activity).get().data["resources"] == [items.resource.pk]


@pytest.mark.parametrize(("field", "overrides"), [
    ("needs", {"needs": ["nanmen_need"]}),
    ("needs", {"needs": ["submitted"]}),
    ("organiser", {"organiser": "school"}),
    ("place", {"place": ""}),
])
def test_an_activity_links_its_own_communitys_published_items_only(world, items, field, overrides):
    resolved = {}
    for key, value in overrides.items():
        if key == "needs":
            resolved[key] = [getattr(items, v) for v in value]
        elif key == "organiser":
            resolved[key] = getattr(world, value)
        else:
            resolved[key] = value
    with pytest.raises(ValidationError) as e:
        _activity(world, items, **resolved)
    assert field in e.value.message_dict


def test_an_activity_cannot_use_another_communitys_resource(world, items):
    school_resource = services.register_resource(actor=world.nanmen_staff, organisation=world.school,
                                                 title="操场开放", category=items.cats["culture_sports"])
    with pytest.raises(ValidationError) as e:
        _activity(world, items, resources=[school_resource])
    assert "resources" in e.value.message_dict


@pytest.mark.parametrize("persona", ["liaison", "nanmen_staff", "wumei_grid_worker", "resident"])
def test_it_requires_community_staff_to_create_an_activity(world, items, persona):
    with pytest.raises(PermissionDenied):
        _activity(world, items, actor=getattr(world, persona))


# --- claims -----------------------------------------------------------------------------------------------

def test_a_liaison_claims_a_published_community_need_for_their_unit(world, items):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week(), note="派中医团队")
    assert made.side == "unit" and made.organisation == world.hospital and made.status == ClaimStatus.CLAIMED
    assert made.claimed_by == world.liaison and made.deadline == next_week()
    entry = entries_for(items.published).order_by("-seq").first()
    assert entry.action == "need.claimed" and entry.data["organisation"] == world.hospital.pk


def test_no_double_open_claim_by_the_same_unit(world, items):
    services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    with pytest.raises(ValidationError) as e:
        services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    assert "重复认领" in str(e.value)
    assert Claim.objects.filter(need=items.published).count() == 1


def test_after_withdrawing_a_unit_may_claim_again(world, items):
    first = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    services.withdraw_claim(actor=world.liaison, claim=first)
    assert services.claim(actor=world.liaison, need=items.published, deadline=next_week()).pk != first.pk


@pytest.mark.parametrize("item", ["need", "resource"])
def test_the_database_refuses_a_second_open_claim_too(world, items, item):
    target = {"need": items.published, "resource": items.venue}[item]
    services.claim(actor=world.liaison, deadline=next_week(), **{item: target})
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(**{item: target}, side="unit", organisation=world.hospital, deadline=next_week(),
                             claimed_by=world.liaison, claimed_at=clock.now())


def test_the_database_refuses_a_second_open_community_claim(world, items):
    services.claim(actor=world.wumei_staff, need=items.unit_need, deadline=next_week())
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(need=items.unit_need, side="community", deadline=next_week(),
                             claimed_by=world.wumei_staff, claimed_at=clock.now())


def test_community_staff_claim_a_units_need_and_resource_for_the_community(world, items):
    made = services.claim(actor=world.wumei_staff, need=items.unit_need, deadline=next_week())
    assert made.side == "community" and made.organisation is None
    with pytest.raises(ValidationError):
        services.claim(actor=world.wumei_staff, need=items.unit_need, deadline=next_week())
    on_resource = services.claim(actor=world.wumei_staff, resource=items.resource, deadline=next_week())
    assert on_resource.resource == items.resource
    with pytest.raises(ValidationError):
        services.claim(actor=world.wumei_staff, resource=items.resource, deadline=next_week())


def test_a_liaison_claims_the_communitys_own_resource(world, items):
    made = services.claim(actor=world.liaison, resource=items.venue, deadline=next_week())
    assert made.organisation == world.hospital
    assert entries_for(items.venue).order_by("-seq").first().action == "resource.claimed"


@pytest.mark.parametrize(("persona", "item"), [
    ("liaison", "unit_need"),  # units claim the community's items, not units' items
    ("liaison", "resource"),
    ("liaison", "nanmen_need"),  # the hospital is not placed in 南门社区
    ("wumei_staff", "published"),  # the community claims units' items, not its own
    ("wumei_staff", "venue"),
    ("nanmen_staff", "unit_need"),
    ("wumei_grid_worker", "unit_need"),
    ("resident", "published"),
    ("outsider", "published"),
])
def test_claim_refusals(world, items, persona, item):
    target = getattr(items, item)
    key = "resource" if item in ("resource", "venue") else "need"
    with pytest.raises(PermissionDenied):
        services.claim(actor=getattr(world, persona), deadline=next_week(), **{key: target})


def test_only_published_items_are_claimed(world, items, cats):
    unit_submitted = services.submit_need(actor=world.liaison, organisation=world.hospital, title="党建品牌孵化",
                                          category=cats["party_building"])
    with pytest.raises(ValidationError) as e:
        services.claim(actor=world.wumei_staff, need=unit_submitted, deadline=next_week())
    assert "已公布" in str(e.value)
    services.withdraw_resource(actor=world.wumei_staff, resource=items.venue)
    with pytest.raises(ValidationError):
        services.claim(actor=world.liaison, resource=items.venue, deadline=next_week())


def test_a_claims_deadline_is_not_in_the_past(world, items):
    with pytest.raises(ValidationError) as e:
        services.claim(actor=world.liaison, need=items.published, deadline=clock.today() - dt.timedelta(days=1))
    assert "deadline" in e.value.message_dict


def test_a_claim_names_one_item(world, items):
    with pytest.raises(ValidationError):
        services.claim(actor=world.liaison, deadline=next_week())
    with pytest.raises(ValidationError):
        services.claim(actor=world.liaison, need=items.published, resource=items.venue, deadline=next_week())


def test_a_liaison_cannot_claim_for_a_unit_they_do_not_speak_for(world, items):
    with pytest.raises(PermissionDenied):
        services.claim(actor=world.liaison, need=items.published, organisation=world.school, deadline=next_week())


def test_an_administrator_names_the_claiming_unit(world, items):
    with pytest.raises(ValidationError) as e:
        services.claim(actor=world.admin, need=items.published, deadline=next_week())
    assert "organisation" in e.value.message_dict
    assert services.claim(actor=world.admin, need=items.published, organisation=world.hospital,
                          deadline=next_week()).organisation == world.hospital


def test_fulfilling_a_claim(world, items):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    with clock.frozen(NOON):
        done = services.fulfil_claim(actor=world.liaison, claim=made)
    assert done.status == ClaimStatus.FULFILLED and done.closed_at == NOON
    assert entries_for(items.published).order_by("-seq").first().action == "need.claim_fulfilled"
    with pytest.raises(ValidationError):
        services.fulfil_claim(actor=world.liaison, claim=done)
    with pytest.raises(ValidationError):
        services.withdraw_claim(actor=world.liaison, claim=done)


def test_the_items_community_staff_confirm_a_units_fulfilment(world, items):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    assert services.fulfil_claim(actor=world.wumei_staff, claim=made).status == ClaimStatus.FULFILLED


def test_only_the_claimant_withdraws(world, items):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    with pytest.raises(PermissionDenied):
        services.withdraw_claim(actor=world.wumei_staff, claim=made)
    done = services.withdraw_claim(actor=world.liaison, claim=made)
    assert done.status == ClaimStatus.WITHDRAWN
    assert entries_for(items.published).order_by("-seq").first().action == "need.claim_withdrawn"


@pytest.mark.parametrize("persona", ["nanmen_staff", "resident", "street_staff", "outsider"])
def test_it_requires_the_claimant_or_the_community_to_fulfil(world, items, persona):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    with pytest.raises(PermissionDenied):
        services.fulfil_claim(actor=getattr(world, persona), claim=made)
    with pytest.raises(PermissionDenied):
        services.withdraw_claim(actor=getattr(world, persona), claim=made)


def test_the_chronicle_holds_no_personal_data_and_verifies(world, items):
    services.claim(actor=world.liaison, need=items.published, deadline=next_week(), note="联系 13877301234")
    lists_entries = Entry.objects.filter(subject_type__startswith="lists.")
    assert lists_entries.count() >= 8
    for entry in lists_entries:
        text = str(entry.data)
        assert "1387730" not in text and "13812345678" not in text and "王秀英" not in text
    assert verify().ok


def test_the_system_itself_may_load_entries_without_a_user(world, cats):
    """actor=None (demo data, imports) skips permission checks, not state checks."""
    need = services.submit_need(actor=None, community=world.wumei, channel="questionnaire", title="问卷：需要助餐",
                                category=cats["elderly"])
    assert need.created_by is None and need.channel == "questionnaire"
    services.review_need(actor=None, need=need, decision="approve")
    assert need.status == NeedStatus.PUBLISHED and need.reviewed_by is None
    with pytest.raises(ValidationError):
        services.review_need(actor=None, need=need, decision="approve")
    resource = services.register_resource(actor=None, organisation=world.hospital, title="义诊", category=cats["medical"])
    assert resource.side == "unit" and entries_for(resource).get().actor_id is None
    with pytest.raises(ValueError):
        services.claim(actor=None, need=need, organisation=world.hospital, deadline=next_week())
