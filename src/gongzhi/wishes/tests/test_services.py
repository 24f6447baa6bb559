"""The wish services: each transition's happy path, its wrong state and its wrong actor; the transition rows, the
chronicle entries and the database rules behind them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.wishes import services
from gongzhi.wishes.models import ClaimStatus, CommunityWishPolicy, Wish, WishClaim, WishEvent, WishStatus
from gongzhi.wishes.tests.conftest import (
    JPEG,
    PNG,
    add_party_member,
    approved,
    at,
    claimed,
    fulfilled,
    post,
    today_plus,
    upload,
)


def _events(wish) -> list[tuple[str, str, str]]:
    return list(WishEvent.objects.filter(wish=wish).order_by("pk").values_list("action", "from_status",
                                                                                      "to_status"))


def _chronicle(wish) -> list[str]:
    return list(Entry.objects.filter(subject_type="wishes.wish", subject_id=str(wish.pk)).order_by("seq")
                .values_list("action", flat=True))


# --- posting -----------------------------------------------------------------------------------------------------

def test_a_resident_posts_her_own_wish(world):
    with clock.frozen(at(2026, 5, 9, 9)):
        wish = post(world, "  想要一台收音机 ", story="老伴去世后一个人住，想听听戏")
    assert wish.status == WishStatus.SUBMITTED and wish.title == "想要一台收音机"
    assert wish.community == world.wumei and wish.resident == world.resident_person
    assert wish.channel == "online" and wish.posted_by == world.resident and wish.posted_at == at(2026, 5, 9, 9)
    assert _events(wish) == [("posted", "", "submitted")]
    assert _chronicle(wish) == ["wish.posted"]
    entry = Entry.objects.get(action="wish.posted")
    assert "王秀英" not in str(entry.data) and "收音机" not in str(entry.data)  # codes and ids only
    assert entry.subject_label == f"微心愿 #{wish.pk}"  # her own words stay out of the chronicle
    assert entry.data == {"from": "", "to": "submitted", "channel": "online", "beneficiary": "elderly_alone",
                          "on_behalf": False}


def test_staff_and_grid_workers_post_on_a_residents_behalf(world):
    wish = services.post_wish(actor=world.wumei_grid_worker, resident=world.resident_person, channel="grid_visit",
                              title="希望有人帮忙换个灯泡", beneficiary="elderly_alone")
    assert wish.channel == "grid_visit" and wish.posted_by == world.wumei_grid_worker
    wish = services.post_wish(actor=world.wumei_staff, resident=world.volunteer_person, channel="window",
                              title="孩子需要一个书包", beneficiary="left_behind_child")
    assert wish.community == world.wumei and wish.resident == world.volunteer_person


def test_it_requires_a_channel_when_posting_for_somebody_else(world):
    with pytest.raises(ValidationError) as e:
        services.post_wish(actor=world.wumei_staff, resident=world.resident_person, channel="online", title="x",
                           beneficiary="elderly")
    assert "channel" in e.value.message_dict


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "volunteer", "street_staff", "outsider"])
def test_it_requires_staff_of_her_community_to_post_for_a_resident(world, persona):
    with pytest.raises(PermissionDenied):
        services.post_wish(actor=getattr(world, persona), resident=world.resident_person, channel="window",
                           title="想要一台收音机", beneficiary="elderly_alone")
    assert not Wish.objects.exists()


def test_it_requires_a_person_record_to_post_for_oneself(world):
    with pytest.raises(ValidationError) as e:
        post(world, actor=world.volunteer)  # 刘洋's account is not linked to his person record
    assert "居民档案" in " ".join(e.value.messages)


@pytest.mark.parametrize(("title", "beneficiary", "field"), [
    ("", "elderly", "title"), ("   ", "elderly", "title"), ("愿" * 61, "elderly", "title"),
    ("想要一台收音机", "nobody", "beneficiary"),
])
def test_bad_input_is_a_validation_error(world, title, beneficiary, field):
    with pytest.raises(ValidationError) as e:
        post(world, title, beneficiary=beneficiary)
    assert field in e.value.message_dict
    assert not Wish.objects.exists()


def test_a_resident_has_at_most_three_wishes_in_progress(world):
    post(world, "一")
    approved(world, "二")
    claimed(world, "三")
    with pytest.raises(ValidationError) as e:
        post(world, "四")
    assert "最多" in " ".join(e.value.messages)
    rejected = Wish.objects.get(title="一")
    services.review_wish(actor=world.wumei_staff, wish=rejected, decision="reject", reason="重复")
    assert post(world, "四").status == WishStatus.SUBMITTED  # a closed wish frees a place


# --- review and wording ------------------------------------------------------------------------------------------

def test_approving_puts_the_wish_on_the_wall_with_its_wording(world):
    wish = post(world, "想要一台收音机，我的电话13812345678")
    with clock.frozen(at(2026, 5, 10, 15)):
        services.review_wish(actor=world.wumei_staff, wish=wish, decision="approve")
    assert wish.status == WishStatus.OPEN and wish.published_at == at(2026, 5, 10, 15)
    assert wish.public_title == "想要一台收音机，我的电话138****5678"  # scrubbed before it is stored
    assert wish.reviewed_by == world.wumei_staff
    assert _events(wish)[-1] == ("approved", "submitted", "open")


def test_staff_reword_at_review_and_later(world):
    wish = post(world, "我是五美小区1栋的王秀英，想要一台收音机")
    services.review_wish(actor=world.wumei_staff, wish=wish, decision="approve", public_title="想要一台收音机")
    assert wish.public_title == "想要一台收音机" and wish.title.startswith("我是")
    services.reword_wish(actor=world.wumei_staff, wish=wish, public_title="想要一台能听戏的收音机")
    wish.refresh_from_db()
    assert wish.public_title == "想要一台能听戏的收音机"
    assert _events(wish)[-1] == ("reworded", "open", "open")
    with pytest.raises(ValidationError):
        services.reword_wish(actor=world.wumei_staff, wish=wish, public_title=" ")


def test_rejecting_requires_a_reason(world):
    wish = post(world)
    with pytest.raises(ValidationError) as e:
        services.review_wish(actor=world.wumei_staff, wish=wish, decision="reject")
    assert "reason" in e.value.message_dict
    services.review_wish(actor=world.wumei_staff, wish=wish, decision="reject", reason="已由民政部门解决")
    wish.refresh_from_db()
    assert wish.status == WishStatus.REJECTED and wish.review_reason == "已由民政部门解决" and wish.closed_at


def test_a_wish_is_reviewed_once(world):
    wish = approved(world)
    with pytest.raises(ValidationError, match="已审核"):
        services.review_wish(actor=world.wumei_staff, wish=wish, decision="reject", reason="x")
    with pytest.raises(ValidationError):
        services.review_wish(actor=world.wumei_staff, wish=post(world, "二"), decision="maybe")


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_grid_worker", "liaison", "resident", "street_staff"])
def test_it_requires_the_communitys_staff_to_review(world, persona):
    wish = post(world)
    with pytest.raises(PermissionDenied):
        services.review_wish(actor=getattr(world, persona), wish=wish, decision="approve")
    with pytest.raises(PermissionDenied):
        services.reword_wish(actor=getattr(world, persona), wish=wish, public_title="x")


def test_rewording_requires_a_wish_on_the_wall(world):
    with pytest.raises(ValidationError, match="心愿墙"):
        services.reword_wish(actor=world.wumei_staff, wish=post(world), public_title="x")


# --- withdrawal --------------------------------------------------------------------------------------------------

def test_the_resident_withdraws_before_anybody_claims(world):
    wish = post(world)
    services.withdraw_wish(actor=world.resident, wish=wish)
    assert wish.status == WishStatus.WITHDRAWN and wish.closed_at
    on_wall = approved(world, "二")
    services.withdraw_wish(actor=world.wumei_grid_worker, wish=on_wall, reason="居民电话告知已自行解决")
    assert _events(on_wall)[-1] == ("withdrawn", "open", "withdrawn")


def test_a_claimed_wish_cannot_be_withdrawn(world):
    wish = claimed(world)
    with pytest.raises(ValidationError, match="已被认领"):
        services.withdraw_wish(actor=world.resident, wish=wish)


@pytest.mark.parametrize("persona", ["volunteer", "liaison", "nanmen_staff"])
def test_it_requires_the_resident_or_her_communitys_staff_to_withdraw(world, persona):
    with pytest.raises(PermissionDenied):
        services.withdraw_wish(actor=getattr(world, persona), wish=post(world))


# --- claims ------------------------------------------------------------------------------------------------------

def test_a_unit_claims_with_the_default_deadline(world):
    wish = approved(world)
    with clock.frozen(at(2026, 5, 11, 10)):
        claim = services.claim_wish(actor=world.liaison, wish=wish)
    assert wish.status == WishStatus.CLAIMED and claim.status == ClaimStatus.ACTIVE
    assert claim.kind == "unit" and claim.organisation == world.hospital and claim.claimed_by == world.liaison
    assert claim.deadline == dt.date(2026, 5, 25) and claim.public_label == "桂林市中医医院"
    assert _events(wish)[-1] == ("claimed", "open", "claimed")
    assert WishEvent.objects.filter(wish=wish, action="claimed").get().note == "桂林市中医医院"


def test_a_party_member_and_a_volunteer_claim(world, member):
    wish = approved(world)
    claim = services.claim_wish(actor=member, wish=wish)
    assert claim.kind == "party_member" and claim.party_member.person.name == "陈志刚"
    assert claim.public_label == "在职党员（桂林市中医医院）"  # never the member's name
    other = approved(world, "二")
    assert services.claim_wish(actor=world.volunteer, wish=other).public_label == "社区志愿者"


def test_the_second_claimant_is_told_it_is_taken(world, member):
    wish = approved(world)
    services.claim_wish(actor=world.liaison, wish=wish)
    with pytest.raises(ValidationError) as e:
        services.claim_wish(actor=member, wish=Wish.objects.get(pk=wish.pk))
    assert e.value.messages == ["该心愿已被认领"]
    assert WishClaim.objects.filter(wish=wish).count() == 1


def test_the_database_holds_one_claim_per_wish(world, member):
    wish = claimed(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        WishClaim.objects.create(wish=wish, kind="volunteer", claimed_by=member, claimed_at=clock.now(),
                                 deadline=today_plus(3))


def test_only_wishes_on_the_wall_can_be_claimed(world):
    with pytest.raises(ValidationError, match="不在心愿墙上"):
        services.claim_wish(actor=world.liaison, wish=post(world))


@pytest.mark.parametrize("persona", ["wumei_staff", "nanmen_staff", "resident", "outsider", "receiver"])
def test_it_requires_a_claimant_of_the_community(world, persona):
    with pytest.raises(PermissionDenied):
        services.claim_wish(actor=getattr(world, persona), wish=approved(world))


def test_a_party_member_claims_only_in_the_community_he_registered_with(world):
    nanmen_member = add_party_member(world, username="nanmen_member", name="周强", home=world.nanmen_b1,
                                     community=world.nanmen, phone="13907739999")
    with pytest.raises(PermissionDenied):
        services.claim_wish(actor=nanmen_member, wish=approved(world))


def test_nobody_claims_her_own_wish(world):
    person = world.volunteer_person  # 刘洋 lives in 五美社区; make him an in-service member with an account
    from gongzhi.people.services import link_account, register_party_member, report_to_community

    m = register_party_member(actor=world.admin, person=person, party_organisation=world.hospital_committee,
                              work_unit=world.hospital)
    report_to_community(actor=world.admin, member=m, community=world.wumei, on=dt.date(2026, 3, 1))
    link_account(actor=world.admin, person=person, user=world.volunteer)
    world.volunteer.__dict__.pop("scope", None)
    wish = services.post_wish(actor=world.wumei_staff, resident=person, channel="window", title="想要台灯",
                              beneficiary="resident")
    services.review_wish(actor=world.wumei_staff, wish=wish, decision="approve")
    with pytest.raises(ValidationError, match="自己的心愿"):
        services.claim_wish(actor=world.volunteer, wish=wish, kind="party_member")


def test_a_user_with_several_capacities_chooses_one(world, member):
    from gongzhi.accounts.services import assign_role

    assign_role(actor=world.admin, user=member, role="volunteer", region=world.wenhua_b2)
    wish = approved(world)
    with pytest.raises(ValidationError) as e:
        services.claim_wish(actor=member, wish=wish)
    assert "kind" in e.value.message_dict
    assert services.claim_wish(actor=member, wish=wish, kind="volunteer").kind == "volunteer"


def test_the_wish_or_community_claim_period_sets_the_deadline(world):
    services.set_community_claim_days(actor=world.wumei_staff, community=world.wumei, days=7)
    assert CommunityWishPolicy.objects.get(community=world.wumei).claim_days == 7
    with clock.frozen(at(2026, 5, 11, 10)):
        assert services.claim_wish(actor=world.liaison, wish=approved(world)).deadline == dt.date(2026, 5, 18)
        own = approved(world, "二")
        services.set_wish_claim_days(actor=world.wumei_staff, wish=own, days=30)
        assert services.claim_wish(actor=world.liaison, wish=own).deadline == dt.date(2026, 6, 10)


@pytest.mark.parametrize("days", [0, -1, 91, "x", None])
def test_claim_periods_are_bounded(world, days):
    with pytest.raises(ValidationError):
        services.set_community_claim_days(actor=world.wumei_staff, community=world.wumei, days=days)
    with pytest.raises(ValidationError):
        services.set_wish_claim_days(actor=world.wumei_staff, wish=approved(world, f"愿{days}"), days=days)


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_grid_worker", "liaison", "resident"])
def test_it_requires_community_staff_to_set_claim_periods(world, persona):
    with pytest.raises(PermissionDenied):
        services.set_community_claim_days(actor=getattr(world, persona), community=world.wumei, days=7)
    with pytest.raises(PermissionDenied):
        services.set_wish_claim_days(actor=getattr(world, persona), wish=approved(world, persona), days=7)


def test_moving_a_claims_deadline(world):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 20, 9)):
        assert services.sweep_overdue_claims() == 1
        wish.refresh_from_db()
        assert wish.status == WishStatus.OVERDUE
        services.set_wish_claim_days(actor=world.wumei_staff, wish=wish, days=30)  # 1 May + 30 = 31 May
    claim = WishClaim.objects.get(wish=wish)
    assert wish.status == WishStatus.CLAIMED and claim.deadline == dt.date(2026, 5, 31) and claim.overdue_at is None
    assert _events(wish)[-1] == ("deadline_set", "overdue", "claimed")


# --- release and giving up ---------------------------------------------------------------------------------------

def test_staff_release_an_overdue_claim_back_to_the_wall(world):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with pytest.raises(ValidationError, match="逾期"):
        services.release_claim(actor=world.wumei_staff, wish=wish)  # not overdue yet
    with clock.frozen(at(2026, 5, 16, 9)):
        services.sweep_overdue_claims()
        wish.refresh_from_db()
        services.release_claim(actor=world.wumei_staff, wish=wish, reason="联系不上认领单位")
    assert wish.status == WishStatus.OPEN
    claim = WishClaim.objects.get(wish=wish)
    assert claim.status == ClaimStatus.RELEASED and claim.end_reason == "联系不上认领单位" and claim.ended_at
    assert _events(wish)[-2:] == [("overdue", "claimed", "overdue"), ("released", "overdue", "open")]
    # back on the wall: somebody else may claim it now
    assert services.claim_wish(actor=world.volunteer, wish=wish).kind == "volunteer"


@pytest.mark.parametrize("persona", ["liaison", "nanmen_staff", "wumei_grid_worker", "resident"])
def test_it_requires_community_staff_to_release(world, persona):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 16, 9)):
        services.sweep_overdue_claims()
    wish.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.release_claim(actor=getattr(world, persona), wish=wish)


def test_the_claimant_gives_up(world, member):
    wish = claimed(world, by=member)
    with pytest.raises(PermissionDenied):
        services.give_up_claim(actor=world.liaison, wish=wish)
    services.give_up_claim(actor=member, wish=wish, reason="临时出差")
    assert wish.status == WishStatus.OPEN
    assert WishClaim.objects.get(wish=wish).status == ClaimStatus.ABANDONED


# --- fulfilment, confirmation, thanks ----------------------------------------------------------------------------

def test_the_claimant_records_fulfilment_with_a_photo(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    wish = claimed(world)
    claim = services.record_fulfilment(actor=world.liaison, wish=wish, note="5月12日已送到老人家中",
                                       photo=upload(PNG))
    assert wish.status == WishStatus.FULFILLED and claim.status == ClaimStatus.DONE and claim.fulfilled_at
    assert claim.photo_type == "image/png" and len(claim.photo_sha256) == 64
    assert claim.photo.read() == PNG and "photo" not in claim.photo.name  # stored under its hash
    assert _events(wish)[-1] == ("fulfilled", "claimed", "fulfilled")
    other = claimed(world, "二")
    claim = services.record_fulfilment(actor=world.liaison, wish=other, note="已送达", photo=upload(JPEG, "a.jpg"))
    assert claim.photo_type == "image/jpeg"


@pytest.mark.parametrize(("data", "name"), [(b"%PDF-1.4 ...", "a.pdf"), (b"GIF89a....", "a.png"),
                                            (b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "big.png")])
def test_fulfilment_photos_are_jpeg_or_png_of_at_most_5mb(world, data, name):
    wish = claimed(world)
    with pytest.raises(ValidationError) as e:
        services.record_fulfilment(actor=world.liaison, wish=wish, note="已送达", photo=upload(data, name))
    assert "photo" in e.value.message_dict
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED and WishClaim.objects.get(wish=wish).status == "active"


def test_fulfilment_needs_a_note_and_a_held_wish(world):
    wish = claimed(world)
    with pytest.raises(ValidationError) as e:
        services.record_fulfilment(actor=world.liaison, wish=wish, note="  ")
    assert "note" in e.value.message_dict
    services.record_fulfilment(actor=world.liaison, wish=wish, note="已送达")
    with pytest.raises(ValidationError, match="不能登记完成"):
        services.record_fulfilment(actor=world.liaison, wish=wish, note="再次")


@pytest.mark.parametrize("persona", ["wumei_staff", "volunteer", "resident", "nanmen_staff"])
def test_it_requires_the_claimant_to_record_fulfilment(world, persona):
    with pytest.raises(PermissionDenied):
        services.record_fulfilment(actor=getattr(world, persona), wish=claimed(world), note="已送达")


def test_an_overdue_claim_can_still_be_fulfilled(world):
    with clock.frozen(at(2026, 5, 1, 9)):
        wish = claimed(world)
    with clock.frozen(at(2026, 5, 20, 9)):
        services.sweep_overdue_claims()
        wish.refresh_from_db()
        services.record_fulfilment(actor=world.liaison, wish=wish, note="晚了几天，已送达")
    assert _events(wish)[-1] == ("fulfilled", "overdue", "fulfilled")


def test_the_resident_confirms_and_thanks(world):
    wish = fulfilled(world)
    with clock.frozen(at(2026, 5, 13, 18)):
        services.confirm_fulfilment(actor=world.resident, wish=wish)
    assert wish.status == WishStatus.CONFIRMED and wish.confirmed_at == at(2026, 5, 13, 18)
    assert wish.confirmed_by == world.resident and wish.confirm_reason == ""
    services.thank(actor=world.resident, wish=wish, note="谢谢中医院的同志，收音机很好用！有事打13812345678")
    wish.refresh_from_db()
    assert wish.thanks_note == "谢谢中医院的同志，收音机很好用！有事打138****5678" and wish.thanked_at
    with pytest.raises(ValidationError, match="留过言"):
        services.thank(actor=world.resident, wish=wish, note="再谢一次")
    assert [a for a, *_ in _events(wish)][-2:] == ["confirmed", "thanked"]
    assert _chronicle(wish)[-2:] == ["wish.confirmed", "wish.thanked"]


def test_staff_confirm_for_a_resident_without_a_phone_giving_a_reason(world):
    wish = fulfilled(world)
    with pytest.raises(ValidationError) as e:
        services.confirm_fulfilment(actor=world.wumei_grid_worker, wish=wish)
    assert "reason" in e.value.message_dict
    services.confirm_fulfilment(actor=world.wumei_grid_worker, wish=wish, reason="居民没有手机，已上门回访确认")
    assert wish.confirm_reason == "居民没有手机，已上门回访确认"
    assert Entry.objects.filter(action="wish.confirmed").get().data["by"] == "staff"


def test_confirmation_needs_a_recorded_fulfilment(world):
    with pytest.raises(ValidationError, match="尚未登记完成"):
        services.confirm_fulfilment(actor=world.resident, wish=claimed(world))


@pytest.mark.parametrize("persona", ["liaison", "volunteer", "nanmen_staff", "street_staff"])
def test_it_requires_the_resident_or_her_communitys_staff_to_confirm(world, persona):
    with pytest.raises(PermissionDenied):
        services.confirm_fulfilment(actor=getattr(world, persona), wish=fulfilled(world), reason="x")


def test_thanks_come_from_the_resident_after_confirmation(world):
    wish = fulfilled(world)
    with pytest.raises(ValidationError, match="确认后"):
        services.thank(actor=world.resident, wish=wish, note="谢谢")
    services.confirm_fulfilment(actor=world.resident, wish=wish)
    with pytest.raises(PermissionDenied):
        services.thank(actor=world.wumei_staff, wish=wish, note="谢谢")
    with pytest.raises(ValidationError):
        services.thank(actor=world.resident, wish=wish, note="谢" * 201)


def test_a_thank_you_note_only_on_a_confirmed_wish_in_the_database(world):
    wish = approved(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.filter(pk=wish.pk).update(thanks_note="谢谢")


def test_the_whole_story_leaves_one_event_per_change(world):
    wish = fulfilled(world)
    services.confirm_fulfilment(actor=world.resident, wish=wish)
    services.thank(actor=world.resident, wish=wish, note="谢谢")
    assert _events(wish) == [("posted", "", "submitted"), ("approved", "submitted", "open"),
                             ("claimed", "open", "claimed"), ("fulfilled", "claimed", "fulfilled"),
                             ("confirmed", "fulfilled", "confirmed"), ("thanked", "confirmed", "confirmed")]
    assert _chronicle(wish) == ["wish.posted", "wish.approved", "wish.claimed", "wish.fulfilled", "wish.confirmed",
                                "wish.thanked"]
    from gongzhi.chronicle.services import verify

    assert verify().ok
