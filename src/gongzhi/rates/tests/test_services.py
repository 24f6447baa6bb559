"""The review of unsatisfied ratings and the weights: permissions, states, database constraints, chronicle."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongzhi.chronicle.models import Entry
from gongzhi.rates import services
from gongzhi.rates.models import RateWeights, RatingReview

# --- request ----------------------------------------------------------------------------------------------

def test_community_staff_request_a_review(rw):
    review = services.request_review(actor=rw.w.nanmen_staff, case=rw.c10, reason="  居民诉求超出维修范围  ")
    assert review.status == "pending" and review.reason == "居民诉求超出维修范围"
    assert review.requested_by == rw.w.nanmen_staff
    entry = Entry.objects.get(subject_type="rates.ratingreview", subject_id=str(review.pk))
    assert entry.action == "rating_review.requested" and entry.region_path == rw.w.nanmen.path


def test_street_staff_may_request_too(rw):
    assert services.request_review(actor=rw.w.street_staff, case=rw.c10, reason="x").status == "pending"


@pytest.mark.parametrize("persona", ["wumei_staff", "receiver", "liaison", "resident", "wumei_grid_worker"])
def test_it_requires_staff_of_the_case_s_community(rw, persona):
    with pytest.raises(PermissionDenied):
        services.request_review(actor=getattr(rw.w, persona), case=rw.c10, reason="x")


def test_only_unsatisfied_closed_cases(rw):
    for case in (rw.c1, rw.c9, rw.c3):  # 满意, 基本满意, still open
        with pytest.raises(ValidationError, match="不满意"):
            services.request_review(actor=rw.w.wumei_staff if case.community == rw.w.wumei else rw.w.nanmen_staff,
                                    case=case, reason="x")


def test_reason_is_required(rw):
    with pytest.raises(ValidationError) as e:
        services.request_review(actor=rw.w.nanmen_staff, case=rw.c10, reason="   ")
    assert "reason" in e.value.message_dict


def test_one_open_review_per_case(rw):
    services.request_review(actor=rw.w.nanmen_staff, case=rw.c10, reason="x")
    with pytest.raises(ValidationError, match="复核中"):
        services.request_review(actor=rw.w.street_staff, case=rw.c10, reason="y")
    # and the database holds it even past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingReview.objects.create(case=rw.c10, reason="z", requested_by=rw.w.nanmen_staff,
                                    requested_at=timezone.now())


def test_an_excluded_rating_cannot_be_sent_again_but_a_kept_one_can(rw):
    with pytest.raises(ValidationError, match="已经复核剔除"):
        services.request_review(actor=rw.w.wumei_staff, case=rw.c2, reason="again")
    again = services.request_review(actor=rw.w.wumei_staff, case=rw.c7, reason="新的证据：已多次上门")
    assert again.status == "pending"


# --- decide -----------------------------------------------------------------------------------------------

@pytest.fixture
def pending(rw):
    return services.request_review(actor=rw.w.nanmen_staff, case=rw.c10, reason="居民诉求超出维修范围")


def test_street_staff_exclude_with_a_ground(rw, pending):
    review = services.decide_review(actor=rw.w.street_staff, review=pending, decision="exclude",
                                    ground="unreasonable", note="诉求不属于公共维修范围")
    assert review.status == "excluded" and review.decided_by == rw.w.street_staff
    stored = RatingReview.objects.get(pk=pending.pk)
    assert stored.status == "excluded" and stored.ground == "unreasonable" and stored.decided_at is not None
    assert Entry.objects.filter(subject_type="rates.ratingreview", subject_id=str(pending.pk),
                                action="rating_review.excluded").exists()


def test_keep_needs_no_ground(rw, pending):
    review = services.decide_review(actor=rw.w.district_staff, review=pending, decision="keep", ground="duty_done")
    assert review.status == "kept" and review.ground == ""


@pytest.mark.parametrize("ground,note,field", [("", "意见", "ground"), ("bogus", "意见", "ground"),
                                               ("duty_done", "  ", "note")])
def test_exclusion_needs_a_ground_and_a_reason(rw, pending, ground, note, field):
    with pytest.raises(ValidationError) as e:
        services.decide_review(actor=rw.w.street_staff, review=pending, decision="exclude", ground=ground, note=note)
    assert field in e.value.message_dict
    assert RatingReview.objects.get(pk=pending.pk).status == "pending"


def test_unknown_decision(rw, pending):
    with pytest.raises(ValidationError):
        services.decide_review(actor=rw.w.street_staff, review=pending, decision="maybe")


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_staff", "receiver", "resident"])
def test_community_staff_and_others_do_not_decide(rw, pending, persona):
    with pytest.raises(PermissionDenied):
        services.decide_review(actor=getattr(rw.w, persona), review=pending, decision="keep")


def test_the_requester_does_not_decide(rw):
    review = services.request_review(actor=rw.w.street_staff, case=rw.c10, reason="x")
    with pytest.raises(PermissionDenied):
        services.decide_review(actor=rw.w.street_staff, review=review, decision="keep")
    services.decide_review(actor=rw.w.district_staff, review=review, decision="keep")


def test_a_decided_review_is_not_decided_again(rw, pending):
    stale = RatingReview.objects.get(pk=pending.pk)
    services.decide_review(actor=rw.w.street_staff, review=pending, decision="keep")
    with pytest.raises(ValidationError, match="已有结论"):
        services.decide_review(actor=rw.w.district_staff, review=stale, decision="exclude", ground="duty_done",
                               note="x")
    assert RatingReview.objects.get(pk=pending.pk).status == "kept"


def test_the_decision_shape_is_a_database_constraint(rw, pending):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingReview.objects.filter(pk=pending.pk).update(status="excluded", decided_by=rw.w.street_staff,
                                                          decided_at=timezone.now(), ground="", decision_note="x")


# --- weights ----------------------------------------------------------------------------------------------

def test_set_and_replace_weights(rw):
    services.set_weights(actor=rw.w.district_staff, region=rw.w.xiangshan, response=40, resolution=30,
                         satisfaction=30)
    services.set_weights(actor=rw.w.district_staff, region=rw.w.xiangshan, response=20, resolution=40,
                         satisfaction=40)
    assert RateWeights.objects.get().triple == (20, 40, 40)
    assert Entry.objects.filter(action="rate_weights.set").count() == 2


@pytest.mark.parametrize("values", [(50, 30, 30), (0, 0, 0), (101, 0, -1), ("a", 50, 50)])
def test_weights_must_be_whole_percentages_summing_to_100(rw, values):
    with pytest.raises(ValidationError):
        services.set_weights(actor=rw.w.district_staff, region=rw.w.xiangshan, response=values[0],
                             resolution=values[1], satisfaction=values[2])
    assert not RateWeights.objects.exists()


def test_the_sum_is_a_database_constraint(rw):
    with pytest.raises(IntegrityError), transaction.atomic():
        RateWeights.objects.create(region=rw.w.xiangshan, response=30, resolution=30, satisfaction=30,
                                   updated_at=timezone.now())


def test_who_sets_weights(rw):
    with pytest.raises(PermissionDenied):
        services.set_weights(actor=rw.w.wumei_staff, region=rw.w.xiangshan_street, response=30, resolution=35,
                             satisfaction=35)
    with pytest.raises(PermissionDenied):  # a street's staff, not the district's
        services.set_weights(actor=rw.w.street_staff, region=rw.w.xiangshan, response=30, resolution=35,
                             satisfaction=35)
    with pytest.raises(PermissionDenied):  # another district
        services.set_weights(actor=rw.w.district_staff, region=rw.w.xiufeng, response=30, resolution=35,
                             satisfaction=35)
    with pytest.raises(ValidationError):  # weights are set on districts, streets or the city
        services.set_weights(actor=rw.w.district_staff, region=rw.w.wumei, response=30, resolution=35,
                             satisfaction=35)
    services.set_weights(actor=rw.w.street_staff, region=rw.w.xiangshan_street, response=30, resolution=35,
                         satisfaction=35)


def test_clear_weights(rw):
    services.set_weights(actor=rw.w.admin, region=rw.w.city, response=30, resolution=35, satisfaction=35)
    assert services.clear_weights(actor=rw.w.admin, region=rw.w.city) is True
    assert services.clear_weights(actor=rw.w.admin, region=rw.w.city) is False
    with pytest.raises(PermissionDenied):
        services.clear_weights(actor=rw.w.district_staff, region=rw.w.city)
