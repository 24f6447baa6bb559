"""楼门管家: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

`actor` None means the system (the demo, the sweep): permission checks are skipped, the rules are not. A refused
change raises ValidationError with a Chinese message and writes nothing; the database constraints (one current
steward per post, one evaluation per month, one reminder per month) hold also against two requests at once.
Chronicle data hold codes and ids, never names or phone numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.accounts.models import RoleAssignment
from gongzhi.cases.models import Case, CaseCategory, CaseChannel
from gongzhi.cases.services import report_case
from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, require
from gongzhi.core.privacy import public_text_problems
from gongzhi.lists.models import Category, Channel, Need
from gongzhi.lists.services import submit_need
from gongzhi.people.models import Person
from gongzhi.recognition.permissions import mask_name
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.stewards.models import (
    Commendation,
    Evaluation,
    EvaluationReminder,
    Grade,
    Selection,
    Steward,
    StewardRole,
    StewardStatus,
    Suggestion,
    SuggestionStatus,
)
from gongzhi.stewards.permissions import may_run_stewards, own_person
from gongzhi.stewards.selectors import (
    is_post,
    missing_evaluations,
    month_start,
    neighbourhood_of,
    previous_month,
)


def _day(value, *, field: str, label: str, earliest: dt.date | None = None) -> dt.date:
    today = clock.today()
    if value is None:
        return today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: _("请填写有效的%(label)s") % {"label": label}})
    if value > today:
        raise ValidationError({field: _("%(label)s不能晚于今天") % {"label": label}})
    if value < (earliest or limits.PLATFORM_START):
        raise ValidationError({field: _("%(label)s不能早于 %(d)s") % {"label": label,
                                                                      "d": earliest or limits.PLATFORM_START}})
    return value


def _roles(roles: Iterable[str] | None) -> list[str]:
    values = {str(r) for r in (roles or ())}
    if values - set(StewardRole.values):
        raise ValidationError({"roles": _("职责须从列表中选择")})
    chosen = [r for r in StewardRole.values if r in values]
    if not chosen:
        raise ValidationError({"roles": _("请至少选择一项职责")})
    return chosen


def community_of(node: RegionNode) -> RegionNode | None:
    if node.kind == RegionKind.COMMUNITY:
        return node
    return node.ancestors().filter(kind=RegionKind.COMMUNITY).first()


def _lock(steward: Steward) -> Steward:
    steward.refresh_from_db(from_queryset=Steward.objects.select_for_update())
    return steward


# --- appointment, roles, retirement -----------------------------------------------------------------------------

@transaction.atomic
def appoint(*, actor, post: RegionNode, person: Person, selection: str, roles: Iterable[str],
            started_on: dt.date | None = None, selection_note: str = "") -> Steward:
    """A new steward for a vacant post (an entrance, or a building with no entrances), chosen by residents'
    recommendation, her own nomination or the community's appointment."""
    if post is None or not is_post(post):
        raise ValidationError({"post": _("楼门管家须设在单元（没有划分单元的楼栋设在楼栋）")})
    community = community_of(post)
    if community is None:
        raise ValidationError({"post": _("该楼门不在任何社区")})
    require(actor is None or may_run_stewards(actor, community))
    if not person.home.path.startswith(community.path):
        raise ValidationError({"person": _("楼门管家须为本社区居民")})
    if selection not in Selection.values:
        raise ValidationError({"selection": _("请选择产生方式（居民推荐、本人自荐或社区任命）")})
    roles = _roles(roles)
    started_on = _day(started_on, field="started_on", label=_("上任日期"))
    selection_note = clean_text(selection_note, field="selection_note", label=_("产生说明"), max_length=limits.SHORT_TEXT,
                           required=False)
    RegionNode.objects.select_for_update().filter(pk=post.pk).first()  # one appointment per post at a time
    holder = Steward.objects.filter(post=post, status=StewardStatus.CURRENT).select_related("person").first()
    if holder is not None:
        raise ValidationError({"post": _("该楼门已有在任楼门管家（%(name)s），请先办理其光荣退休再选任")
                               % {"name": holder.person.name}})
    if Steward.objects.filter(person=person, status=StewardStatus.CURRENT).exists():
        raise ValidationError({"person": _("该居民已是其他楼门的在任楼门管家")})
    try:
        with transaction.atomic():
            steward = Steward.objects.create(community=community, post=post, person=person, selection=selection,
                                             selection_note=selection_note, roles=roles, started_on=started_on,
                                             appointed_by=actor, appointed_at=clock.now())
    except IntegrityError:
        raise ValidationError({"post": _("该楼门已有在任楼门管家，请先办理其光荣退休再选任")}) from None
    record(steward, "stewards.appointed", actor, {"post": post.pk, "person": person.pk, "selection": selection,
                                                  "roles": roles, "started_on": started_on.isoformat()})
    return steward


@transaction.atomic
def set_roles(*, actor, steward: Steward, roles: Iterable[str]) -> Steward:
    require(actor is None or may_run_stewards(actor, steward.community))
    roles = _roles(roles)
    _lock(steward)
    if steward.status != StewardStatus.CURRENT:
        raise ValidationError(_("该楼门管家已光荣退休，不能再调整职责"))
    before = steward.roles
    steward.roles = roles
    steward.save(update_fields=["roles"])
    record(steward, "stewards.roles_set", actor, {"from": before, "to": roles})
    return steward


@transaction.atomic
def retire(*, actor, steward: Steward, retired_on: dt.date | None = None, reason: str) -> Steward:
    """光荣退休: the steward leaves office on a date, with a reason; the post becomes vacant."""
    require(actor is None or may_run_stewards(actor, steward.community))
    _lock(steward)
    if steward.status == StewardStatus.RETIRED:
        raise ValidationError(_("该楼门管家已于 %(d)s 光荣退休，不能重复办理") % {"d": steward.retired_on})
    reason = clean_text(reason, field="reason", label=_("退休原因"), max_length=limits.SHORT_TEXT, required=True)
    retired_on = _day(retired_on, field="retired_on", label=_("退休日期"), earliest=steward.started_on)
    steward.status = StewardStatus.RETIRED
    steward.retired_on, steward.retirement_reason = retired_on, reason
    steward.retired_by, steward.retired_at = actor, clock.now()
    steward.save(update_fields=["status", "retired_on", "retirement_reason", "retired_by", "retired_at"])
    record(steward, "stewards.retired", actor, {"post": steward.post_id, "retired_on": retired_on.isoformat()})
    return steward


# --- monthly evaluation ------------------------------------------------------------------------------------------

def parse_month(value) -> dt.date:
    """'2026-05', a date in the month, or a date: the month's first day."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        year, month = (int(p) for p in text.split("-")[:2])
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValidationError({"month": _("请选择评价月份（如 2026-05）")}) from None


@transaction.atomic
def evaluate(*, actor, steward: Steward, month, grade: str, note: str = "") -> Evaluation:
    """The community's evaluation of one steward for one month: once per month, not for a month to come, not for a
    month she was not in office."""
    require(actor is None or may_run_stewards(actor, steward.community))
    month = parse_month(month)
    if month > month_start(clock.today()):
        raise ValidationError({"month": _("不能评价未来的月份（%(m)s）") % {"m": f"{month:%Y-%m}"}})
    if month < month_start(steward.started_on):
        raise ValidationError({"month": _("%(m)s 该楼门管家尚未上任") % {"m": f"{month:%Y-%m}"}})
    if steward.retired_on is not None and month > month_start(steward.retired_on):
        raise ValidationError({"month": _("%(m)s 该楼门管家已光荣退休") % {"m": f"{month:%Y-%m}"}})
    if grade not in Grade.values:
        raise ValidationError({"grade": _("请选择评价等次")})
    note = clean_text(note, field="note", label=_("评价意见"), max_length=limits.SHORT_TEXT, required=False)
    duplicate = _("%(m)s 已评价过该楼门管家，每月只评价一次") % {"m": f"{month:%Y-%m}"}
    if Evaluation.objects.filter(steward=steward, month=month).exists():
        raise ValidationError({"month": duplicate})
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(steward=steward, month=month, grade=grade, note=note,
                                                   evaluated_by=actor, evaluated_at=clock.now())
    except IntegrityError:
        raise ValidationError({"month": duplicate}) from None
    record(evaluation, "stewards.evaluated", actor, {"steward": steward.pk, "month": f"{month:%Y-%m}",
                                                     "grade": grade})
    return evaluation


# --- commendation -------------------------------------------------------------------------------------------------

NAME_SHOWN = {"masked": _("姓氏加星号（如 王**）"), "full": _("全名")}


@transaction.atomic
def commend(*, actor, steward: Steward, title: str, awarded_on: dt.date | None = None, reason: str = "",
            name_shown: str = "masked") -> Commendation:
    """表彰: dated, published on the community's board with the name the community chooses (masked by default, as
    honours are published, or the full name) and the neighbourhood — never the entrance or any other detail."""
    require(actor is None or may_run_stewards(actor, steward.community))
    title = clean_text(title, field="title", label=_("表彰名称"), max_length=limits.TITLE, required=True)
    reason = clean_text(reason, field="reason", label=_("事迹"), max_length=limits.SHORT_TEXT, required=False)
    for field, value in (("title", title), ("reason", reason)):
        if public_text_problems(value):
            raise ValidationError({field: _("表彰将在公开栏公布，请勿填写电话、证件号或楼栋、单元、门牌")})
    awarded_on = _day(awarded_on, field="awarded_on", label=_("表彰日期"), earliest=steward.started_on)
    if name_shown not in NAME_SHOWN:
        raise ValidationError({"name_shown": _("请选择公开姓名的方式")})
    name = steward.person.name
    public_name = name if name_shown == "full" else mask_name(name)
    commendation = Commendation.objects.create(steward=steward, awarded_on=awarded_on, title=title, reason=reason,
                                               public_name=public_name, awarded_by=actor, awarded_at=clock.now())
    record(commendation, "stewards.commended", actor, {"steward": steward.pk, "awarded_on": awarded_on.isoformat(),
                                                       "name_shown": name_shown})
    return commendation


# --- suggestions ----------------------------------------------------------------------------------------------------

@transaction.atomic
def submit_suggestion(*, actor, text: str, steward: Steward | None = None,
                      collected_on: dt.date | None = None) -> Suggestion:
    """A steward records a suggestion she collected (on her phone; `steward` None: her own current post), or
    community staff record one for her."""
    if steward is None:
        person = own_person(actor) if actor is not None else None
        steward = (Steward.objects.filter(person=person, status=StewardStatus.CURRENT).first()
                   if person is not None else None)
        if steward is None:
            raise PermissionDenied
    elif actor is not None:
        require(steward.person_id in actor.scope.person_ids or may_run_stewards(actor, steward.community))
    if steward.status != StewardStatus.CURRENT:
        raise ValidationError(_("该楼门管家已光荣退休，不能再提交意见建议"))
    text = clean_text(text, field="text", label=_("意见建议"), max_length=limits.NOTE, required=True)
    collected_on = _day(collected_on, field="collected_on", label=_("收集日期"))
    suggestion = Suggestion.objects.create(steward=steward, community=steward.community, text=text,
                                           collected_on=collected_on, submitted_by=actor, submitted_at=clock.now())
    record(suggestion, "stewards.suggestion_submitted", actor, {"steward": steward.pk})
    return suggestion


def _open(suggestion: Suggestion) -> None:
    suggestion.refresh_from_db(from_queryset=Suggestion.objects.select_for_update())
    if suggestion.status != SuggestionStatus.NEW:
        raise ValidationError(_("该意见建议已处理（%(s)s），不能重复处理") % {"s": suggestion.get_status_display()})


@transaction.atomic
def to_need(*, actor, suggestion: Suggestion, title: str, category: Category,
            channel: str = Channel.GRID_VISIT) -> Need:
    """Staff turn a suggestion into a need of the community's needs list (through `lists.services.submit_need`,
    which the periodic review then publishes); the suggestion keeps the link."""
    require(actor is None or may_run_stewards(actor, suggestion.community))
    _open(suggestion)
    place = neighbourhood_of(suggestion.steward.post) or suggestion.community
    need = submit_need(actor=actor, title=title, category=category, community=suggestion.community,
                       channel=channel, description=suggestion.text, place=place)
    suggestion.status, suggestion.need = SuggestionStatus.NEED, need
    suggestion.handled_by, suggestion.handled_at = actor, clock.now()
    suggestion.save(update_fields=["status", "need", "handled_by", "handled_at"])
    record(suggestion, "stewards.suggestion_to_need", actor, {"need": need.pk})
    return need


@transaction.atomic
def to_case(*, actor, suggestion: Suggestion, category: CaseCategory, title: str = "") -> Case:
    """Staff turn a suggestion into a case (接诉即办, through `cases.services.report_case`, the steward as the
    reporter); the suggestion keeps the link."""
    require(actor is None or may_run_stewards(actor, suggestion.community))
    _open(suggestion)
    post = suggestion.steward.post
    building = post.parent if post.kind == RegionKind.ENTRANCE else post
    case = report_case(actor=actor, category=category, community=suggestion.community, title=title,
                       description=suggestion.text, channel=CaseChannel.GRID_WORKER, place=building,
                       reporter=suggestion.steward.person)
    suggestion.status, suggestion.case = SuggestionStatus.CASE, case
    suggestion.handled_by, suggestion.handled_at = actor, clock.now()
    suggestion.save(update_fields=["status", "case", "handled_by", "handled_at"])
    record(suggestion, "stewards.suggestion_to_case", actor, {"case": case.pk})
    return case


@transaction.atomic
def decline(*, actor, suggestion: Suggestion, reason: str) -> Suggestion:
    require(actor is None or may_run_stewards(actor, suggestion.community))
    reason = clean_text(reason, field="reason", label=_("不予采纳理由"), max_length=limits.SHORT_TEXT, required=True)
    _open(suggestion)
    suggestion.status, suggestion.decline_reason = SuggestionStatus.DECLINED, reason
    suggestion.handled_by, suggestion.handled_at = actor, clock.now()
    suggestion.save(update_fields=["status", "decline_reason", "handled_by", "handled_at"])
    record(suggestion, "stewards.suggestion_declined", actor, {})
    return suggestion


# --- the monthly sweep ------------------------------------------------------------------------------------------------

def sweep(*, today: dt.date | None = None) -> int:
    """Remind each community's staff once when last month's evaluations are missing: an `EvaluationReminder` row per
    community and month (unique), its recipients the community's staff, and a chronicle entry. Returns how many
    reminders were sent now; a second run (or two at once) sends none."""
    month = previous_month(today or clock.today())
    communities = (RegionNode.objects.filter(kind=RegionKind.COMMUNITY, stewards_here__isnull=False).distinct()
                   .exclude(steward_reminders__month=month).order_by("path"))
    sent = 0
    for community in communities:
        missing = missing_evaluations(community, month).count()
        if not missing:
            continue
        message = _("%(c)s %(m)s 还有 %(n)d 名楼门管家未进行月度评价") % {"c": community.name, "m": f"{month:%Y-%m}",
                                                                       "n": missing}
        try:
            with transaction.atomic():
                reminder = EvaluationReminder.objects.create(community=community, month=month, missing=missing,
                                                             message=message, created_at=clock.now())
                staff = (RoleAssignment.objects.filter(active=True, role="community_staff",
                                                       region__path__startswith=community.path)
                         .values_list("user_id", flat=True))
                reminder.recipients.set(list(staff))
                record(reminder, "stewards.reminded", None, {"month": f"{month:%Y-%m}", "missing": missing,
                                                             "recipients": len(staff)})
        except IntegrityError:
            continue  # another sweep reminded first
        sent += 1
    return sent
