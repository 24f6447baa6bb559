"""Every write of the rates app: the review of unsatisfied ratings (申请复核 → 剔除 / 维持) and the weights of
the composite score. Keyword-only, atomic, permission check → PermissionDenied, state check → ValidationError
with a Chinese message, the change, the chronicle entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.cases.models import Case, CaseStatus, Satisfaction
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.rates.models import ExclusionGround, RateWeights, RatingReview, ReviewStatus
from gongzhi.rates.permissions import may_decide_review, may_request_review, may_set_weights
from gongzhi.rates.public import anonymise
from gongzhi.regions.models import RegionKind, RegionNode

MAX_TEXT = 1000


def _text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("不能超过 %(n)d 个字") % {"n": MAX_TEXT}})
    return value


# --- rating reviews ---------------------------------------------------------------------------------------

@transaction.atomic
def request_review(*, actor, case: Case, reason: str) -> RatingReview:
    """Community staff of the case's community (or street staff above it) send an unsatisfied rating for
    review: was the request reasonable, did the unit do its duty? One open review per case; a rating that was
    already excluded cannot be sent again."""
    if actor is None or not may_request_review(actor, case):
        raise PermissionDenied
    reason = _text(reason, "reason", _("请填写申请复核的理由"))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLOSED or locked.satisfaction != Satisfaction.UNSATISFIED:
        raise ValidationError(_("只有已办结且居民评价为“不满意”的案件可以申请复核"))
    if RatingReview.objects.filter(case=locked, status=ReviewStatus.PENDING).exists():
        raise ValidationError(_("该评价已在复核中，请等待复核结论"))
    if RatingReview.objects.filter(case=locked, status=ReviewStatus.EXCLUDED).exists():
        raise ValidationError(_("该评价已经复核剔除"))
    try:
        with transaction.atomic():
            review = RatingReview.objects.create(case=locked, reason=reason, requested_by=actor,
                                                 requested_at=clock.now())
    except IntegrityError:  # a concurrent request won the one-open-review constraint
        raise ValidationError(_("该评价已在复核中，请等待复核结论")) from None
    review.case = case
    # The chronicle keeps the reasons without the resident's name, phone or address (rates.public.anonymise).
    record(review, "rating_review.requested", actor, {"case": case.pk, "reason": anonymise(reason, locked)})
    return review


@transaction.atomic
def decide_review(*, actor, review: RatingReview, decision: str, ground: str = "", note: str = "") -> RatingReview:
    """Street or district staff over the case (not the requester) decide: "exclude" — the rating leaves the
    satisfaction rate, on a ground (诉求不合理 / 承办单位已履职尽责) and with a written reason — or "keep"."""
    if actor is None or not may_decide_review(actor, review):
        raise PermissionDenied
    if decision not in ("exclude", "keep"):
        raise ValidationError({"decision": _("复核结论须为剔除或维持")})
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": _("不能超过 %(n)d 个字") % {"n": MAX_TEXT}})
    if decision == "exclude":
        if ground not in ExclusionGround.values:
            raise ValidationError({"ground": _("剔除须选择依据：诉求不合理或承办单位已履职尽责")})
        if not note:
            raise ValidationError({"note": _("剔除须填写复核意见")})
    else:
        ground = ""
    now = clock.now()
    status = ReviewStatus.EXCLUDED if decision == "exclude" else ReviewStatus.KEPT
    # Conditional update: of two concurrent decisions only the one that still finds it pending wins.
    changed = RatingReview.objects.filter(pk=review.pk, status=ReviewStatus.PENDING).update(
        status=status, ground=ground, decision_note=note, decided_by=actor, decided_at=now)
    if not changed:
        review.refresh_from_db(fields=["status"])
        raise ValidationError(_("该复核已有结论（%(s)s），不能再次决定") % {"s": review.get_status_display()})
    review.status, review.ground, review.decision_note = status, ground, note
    review.decided_by, review.decided_at = actor, now
    record(review, f"rating_review.{status}", actor, {"case": review.case_id, "ground": ground,
                                                      "note": anonymise(note, review.case)})
    return review


# --- weights ----------------------------------------------------------------------------------------------

def _weight(value, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("请填写 0–100 的整数")}) from None
    if not 0 <= number <= 100:
        raise ValidationError({field: _("请填写 0–100 的整数")})
    return number


@transaction.atomic
def set_weights(*, actor, region: RegionNode, response: int, resolution: int, satisfaction: int) -> RateWeights:
    """The weights of the composite score for a district, street or city subtree (sum 100)."""
    if region is None or region.kind not in (RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET):
        raise ValidationError({"region": _("请选择市、区或街道")})
    if actor is None or not may_set_weights(actor, region):
        raise PermissionDenied
    values = (_weight(response, "response"), _weight(resolution, "resolution"),
              _weight(satisfaction, "satisfaction"))
    if sum(values) != 100:
        raise ValidationError(_("三项权重之和须为 100%%（现为 %(s)d%%）") % {"s": sum(values)})
    weights, created = RateWeights.objects.select_for_update().update_or_create(
        region=region, defaults={"response": values[0], "resolution": values[1], "satisfaction": values[2],
                                 "updated_by": actor, "updated_at": clock.now()})
    record(weights, "rate_weights.set", actor, {"response": values[0], "resolution": values[1],
                                                "satisfaction": values[2], "created": created})
    return weights


@transaction.atomic
def clear_weights(*, actor, region: RegionNode) -> bool:
    """Remove a node's own weights (it then follows its nearest ancestor, or the default)."""
    if actor is None or not may_set_weights(actor, region):
        raise PermissionDenied
    weights = RateWeights.objects.select_for_update().filter(region=region).first()
    if weights is None:
        return False
    record(weights, "rate_weights.cleared", actor, {"previous": list(weights.triple)})
    weights.delete()
    return True
