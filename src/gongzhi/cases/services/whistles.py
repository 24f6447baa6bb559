"""吹哨报到: the community whistles departments; their receivers report (报到), act and finish; the community
withdraws a whistle or scores the department's response (吹哨满意度赋分).

Deadlines are computed when the whistle is blown, on the category's calendar, and stored:
respond_due_at = blown_at + the category's response limit (default 1 working hour),
act_due_at = blown_at + the category's resolution limit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.cases import notices
from gongzhi.cases.models import Case, CaseCategory, CaseStatus, Whistle, WhistleStatus
from gongzhi.cases.permissions import may_manage_case, may_receive
from gongzhi.cases.services.common import event, lock_case, lock_whistle, optional_text, require, text
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.worktime.limits import deadline

ACTIVE = (WhistleStatus.SENT, WhistleStatus.REPORTED)


@transaction.atomic
def blow_whistle(*, actor, case: Case, departments, request: str) -> list[Whistle]:
    """Whistle one or more departments at once with one request text. Each department placed at the case's
    community or above gets its own whistle; a department already whistled (and not withdrawn) is refused."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status not in (CaseStatus.ACCEPTED, CaseStatus.WHISTLED):
        raise ValidationError(_("只有办理中的诉求可以吹哨"))
    departments = list(dict.fromkeys(departments or ()))
    errors: dict = {}
    request = text(request, field="request", message=_("请填写吹哨事由与请求"), max_length=2000, errors=errors)
    if not departments:
        errors["departments"] = _("请至少选择一个职能部门")
    else:
        outside = [d.name for d in departments if not case.community.path.startswith(d.home.path)]
        if outside:
            errors["departments"] = _("这些部门不负责本社区：%(d)s") % {"d": "、".join(outside)}
        else:
            already = list(Whistle.objects.filter(case=case, department__in=departments, status__in=ACTIVE)
                           .values_list("department__name", flat=True))
            if already:
                errors["departments"] = _("已向这些部门吹哨：%(d)s") % {"d": "、".join(already)}
    if errors:
        raise ValidationError(errors)
    category = CaseCategory.objects.select_related("calendar").get(pk=case.category_id)
    now = clock.now()
    respond_due = deadline(category.calendar, now, category.response_limit)
    act_due = deadline(category.calendar, now, category.resolution_limit)
    whistles = []
    for department in departments:
        try:
            with transaction.atomic():
                whistle = Whistle.objects.create(case=case, department=department, request=request, blown_by=actor,
                                                 blown_at=now, respond_due_at=respond_due, act_due_at=act_due)
        except IntegrityError:
            raise ValidationError({"departments": _("已向%(d)s吹哨") % {"d": department.name}}) from None
        whistles.append(whistle)
        notices.whistle_blown(whistle)
        record(whistle, "whistle.blown", actor, {"case": case.pk, "department": department.pk,
                                                 "respond_due_at": respond_due.isoformat(),
                                                 "act_due_at": act_due.isoformat()})
    previous = case.status
    if previous != CaseStatus.WHISTLED:
        case.status = CaseStatus.WHISTLED
        case.save(update_fields=["status"])
    event(case, "whistled", actor, from_status=previous, to_status=CaseStatus.WHISTLED,
          note=_("向%(d)s吹哨") % {"d": "、".join(d.name for d in departments)})
    return whistles


@transaction.atomic
def report_whistle(*, actor, whistle: Whistle, note: str = "") -> Whistle:
    """The department's receiver reports (报到): the department has taken the matter up."""
    require(may_receive(actor, whistle))
    lock_whistle(whistle)
    if whistle.status != WhistleStatus.SENT:
        raise ValidationError(_("该吹哨已报到或已结束（%(s)s）") % {"s": whistle.get_status_display()})
    now = clock.now()
    whistle.status, whistle.reported_at, whistle.reported_by = WhistleStatus.REPORTED, now, actor
    whistle.report_note = optional_text(note, 300)
    whistle.save(update_fields=["status", "reported_at", "reported_by", "report_note"])
    on_time = now <= whistle.respond_due_at
    event(whistle.case, "whistle_reported", actor, note=_("%(d)s已报到") % {"d": whistle.department})
    record(whistle, "whistle.reported", actor, {"on_time": on_time})
    return whistle


@transaction.atomic
def complete_whistle(*, actor, whistle: Whistle, action: str) -> Whistle:
    """The receiver records what the department did: its part of the case is done."""
    require(may_receive(actor, whistle))
    lock_whistle(whistle)
    if whistle.status != WhistleStatus.REPORTED:
        raise ValidationError(_("须先报到，才能登记办结") if whistle.status == WhistleStatus.SENT
                              else _("该吹哨已结束（%(s)s）") % {"s": whistle.get_status_display()})
    action = text(action, field="action", message=_("请填写办理情况"), max_length=4000)
    now = clock.now()
    whistle.status, whistle.done_at, whistle.action = WhistleStatus.DONE, now, action
    whistle.save(update_fields=["status", "done_at", "action"])
    event(whistle.case, "whistle_done", actor, note=_("%(d)s办结：%(a)s") % {"d": whistle.department, "a": action})
    record(whistle, "whistle.done", actor, {"on_time": now <= whistle.act_due_at})
    return whistle


@transaction.atomic
def withdraw_whistle(*, actor, whistle: Whistle, reason: str) -> Whistle:
    """The community withdraws a whistle that is no longer needed (with a reason). When no other whistle is
    still active the case goes back to 办理中."""
    case = whistle.case
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    lock_whistle(whistle)
    if whistle.status not in ACTIVE:
        raise ValidationError(_("该吹哨已结束（%(s)s），不能撤回") % {"s": whistle.get_status_display()})
    reason = text(reason, field="reason", message=_("请填写撤回理由"), max_length=300)
    whistle.status, whistle.withdrawn_reason = WhistleStatus.WITHDRAWN, reason
    whistle.save(update_fields=["status", "withdrawn_reason"])
    remaining = Whistle.objects.filter(case=case).exclude(status=WhistleStatus.WITHDRAWN).exists()
    previous = case.status
    if not remaining and case.status == CaseStatus.WHISTLED:
        case.status = CaseStatus.ACCEPTED
        case.save(update_fields=["status"])
    event(case, "whistle_withdrawn", actor, from_status=previous if previous != case.status else "",
          to_status=case.status if previous != case.status else "",
          note=_("撤回对%(d)s的吹哨：%(r)s") % {"d": whistle.department, "r": reason})
    record(whistle, "whistle.withdrawn", actor, {})
    return whistle


@transaction.atomic
def score_whistle(*, actor, whistle: Whistle, score, comment: str = "") -> Whistle:
    """吹哨满意度赋分: the community scores the department's response 0–100 once its part is done."""
    require(actor is not None and may_manage_case(actor, whistle.case))
    lock_whistle(whistle)
    if whistle.status != WhistleStatus.DONE:
        raise ValidationError(_("部门办结后才能赋分"))
    if whistle.score is not None:
        raise ValidationError(_("已为该部门赋分"))
    if isinstance(score, int) and not isinstance(score, bool):
        value = score
    elif isinstance(score, str) and score.strip().isdigit():
        value = int(score.strip())
    else:
        raise ValidationError({"score": _("分数须为 0–100 的整数")})
    if not 0 <= value <= 100:
        raise ValidationError({"score": _("分数须为 0–100 的整数")})
    whistle.score, whistle.score_comment = value, optional_text(comment, 300)
    whistle.scored_by, whistle.scored_at = actor, clock.now()
    whistle.save(update_fields=["score", "score_comment", "scored_by", "scored_at"])
    event(whistle.case, "whistle_scored", actor, note=_("为%(d)s赋分 %(s)d") % {"d": whistle.department, "s": value},
          public=False)
    record(whistle, "whistle.scored", actor, {"score": value})
    return whistle
