"""The case itself: reporting, first responder (首问负责), transfer, contact, rejection, meetings, resolution,
the resident's confirmation / dispute and rating.

Resolution requires every whistle to be done or withdrawn: a department's part that is still open means the
case is not solved, and the departments' resolution rates would otherwise count a case as solved without them.
The owner withdraws a whistle (with a reason) when the department's part is no longer needed.

`actor` None is the system itself (demo data, imports; a confirmation or rating taken on a telephone
callback): permission checks are skipped, state checks are not. Staff-side steps always name their user."""

from __future__ import annotations

import datetime as dt
import decimal
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases import notices
from gongzhi.cases.models import (
    AttributeType,
    Case,
    CaseCategory,
    CaseChannel,
    CaseKind,
    CasePhoto,
    CaseStatus,
    Confirmation,
    Meeting,
    OwnershipTransfer,
    Satisfaction,
    Whistle,
    WhistleStatus,
)
from gongzhi.cases.permissions import (
    is_reporter,
    is_resident_of,
    may_accept,
    may_manage_case,
    may_report_for,
    may_take_over,
)
from gongzhi.cases.services.common import (
    check_photos,
    clean_phone,
    event,
    lock_case,
    optional_text,
    raise_errors,
    require,
    sha256,
    text,
)
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.pinyin import search_key
from gongzhi.core.privacy import public_text_problems
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.worktime.limits import deadline

HANDLING = (CaseStatus.ACCEPTED, CaseStatus.WHISTLED)
STAFF_CHANNELS = (CaseChannel.GRID_WORKER, CaseChannel.WINDOW, CaseChannel.HOTLINE)


# --- attributes (Open311 service definition) -------------------------------------------------------------

def clean_attributes(category: CaseCategory, values: dict | None) -> dict:
    """Check `values` against the category's attributes: required ones present, numbers numeric, dates ISO,
    list answers among the offered keys. Errors are keyed by the attribute code. Unknown codes are dropped."""
    values = dict(values or {})
    errors: dict = {}
    cleaned: dict = {}
    for attribute in category.attributes.all():
        raw = values.get(attribute.code)
        empty = raw is None or raw == "" or raw == [] or raw == ()
        if empty:
            if attribute.required:
                errors[attribute.code] = _("请填写：%(d)s") % {"d": attribute.description}
            continue
        keys = {str(v.get("key")) for v in attribute.values or [] if isinstance(v, dict)}
        datatype = attribute.datatype
        if datatype == AttributeType.NUMBER:
            try:
                number = decimal.Decimal(str(raw).strip())
                if not number.is_finite():
                    raise decimal.InvalidOperation
            except (decimal.InvalidOperation, ValueError):
                errors[attribute.code] = _("“%(d)s”须为数字") % {"d": attribute.description}
                continue
            cleaned[attribute.code] = str(number)
        elif datatype == AttributeType.DATETIME:
            try:
                moment = dt.datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00"))
            except ValueError:
                errors[attribute.code] = _("“%(d)s”须为日期时间（如 2026-05-01T08:30）") % {"d": attribute.description}
                continue
            cleaned[attribute.code] = moment.isoformat()
        elif datatype == AttributeType.SINGLE:
            if isinstance(raw, list | tuple):
                raw = raw[0] if len(raw) == 1 else None
            if raw is None or str(raw) not in keys:
                errors[attribute.code] = _("“%(d)s”的选项不正确") % {"d": attribute.description}
                continue
            cleaned[attribute.code] = str(raw)
        elif datatype == AttributeType.MULTI:
            items = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
            if any(v not in keys for v in items):
                errors[attribute.code] = _("“%(d)s”的选项不正确") % {"d": attribute.description}
                continue
            cleaned[attribute.code] = list(dict.fromkeys(items))
        else:
            value = str(raw).strip()
            limit = 200 if datatype == AttributeType.STRING else 2000
            if len(value) > limit:
                errors[attribute.code] = _("“%(d)s”不能超过 %(n)d 个字") % {"d": attribute.description, "n": limit}
                continue
            cleaned[attribute.code] = value
    raise_errors(errors)
    return cleaned


# --- numbers ----------------------------------------------------------------------------------------------

def _next_number(at: dt.datetime) -> str:
    prefix = f"GZ{timezone.localdate(at):%Y%m%d}"
    last = (Case.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    seq = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{seq:04d}"


def _save_numbered(case: Case) -> None:
    """Save a new case under the day's next number; a concurrent report that took the same number makes the
    insert fail on the unique index, and the next number is tried (inside a savepoint)."""
    for _attempt in range(20):
        case.number = _next_number(case.reported_at)
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if Case.objects.filter(number=case.number).exists():
                continue
            raise
    raise ValidationError(_("系统繁忙，请稍后再试"))


def derive_title(description: str) -> str:
    """A title for a case reported without one: the description's first sentence, cut at 30 characters."""
    text = " ".join((description or "").split())
    match = re.search(r"[。！？!?；;\n]", text)
    first = text[: match.start()] if match else text
    return first[:30] or text[:30]


# --- reporting --------------------------------------------------------------------------------------------

def _decimal(errors: dict, field: str, value, low: int, high: int):
    if value in (None, ""):
        return None
    try:
        number = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.000001"))
    except (decimal.InvalidOperation, ValueError):
        errors[field] = _("坐标格式不正确")
        return None
    if not low <= number <= high:
        errors[field] = _("坐标超出范围")
        return None
    return number


@transaction.atomic
def report_case(*, actor, category: CaseCategory, community: RegionNode, title: str, description: str,
                channel: str, place: RegionNode | None = None, address: str = "", lat=None, long=None,
                reporter: Person | None = None, reporter_name: str = "", reporter_phone: str = "",
                reporter_email: str = "", attributes: dict | None = None, photos=(), kind: str | None = None,
                client_name: str = "") -> Case:
    """A new case, waiting for a first responder (status submitted).

    - phone_app: a resident of the community reports for herself (she is the reporter);
    - grid_worker / window / hotline: staff of the community (or above) record it on a resident's behalf —
      a registered person of their area, or a caller's name and phone;
    - open311: an API client (`client_name`, recorded in the chronicle); `actor` None, or the API user.
    `actor` None otherwise means the system itself (demo data): permission checks are skipped."""
    if channel not in CaseChannel.values:
        raise ValidationError({"channel": _("请选择来源渠道")})
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    client_name = (client_name or "").strip()[:100]
    if channel == CaseChannel.OPEN311 and not client_name:
        raise ValidationError({"client_name": _("Open311 报送须注明接入方")})
    if actor is not None:
        if channel == CaseChannel.PHONE_APP:
            require(is_resident_of(actor, community) or may_report_for(actor, community))
        elif channel in STAFF_CHANNELS:
            require(may_report_for(actor, community))
        else:  # open311 through an authenticated API user
            require(is_resident_of(actor, community) or may_report_for(actor, community))
    errors: dict = {}
    if category is None or not category.active:
        errors["category"] = _("请选择有效的诉求类别")
    description = text(description, field="description", message=_("请描述您反映的问题"), max_length=4000,
                       errors=errors)
    title = (title or "").strip() or derive_title(description)
    if len(title) > 120:
        errors["title"] = _("标题不能超过 %(n)d 个字") % {"n": 120}
    if place is not None and not place.path.startswith(community.path):
        errors["place"] = _("地点须在本社区范围内")
    lat = _decimal(errors, "lat", lat, -90, 90)
    long = _decimal(errors, "long", long, -180, 180)
    if (lat is None) != (long is None) and "lat" not in errors and "long" not in errors:
        errors["lat"] = _("经纬度须同时填写")
    if kind is None:
        kind = CaseKind.DISPUTE if category is not None and category.is_dispute else CaseKind.REQUEST
    elif kind not in CaseKind.values:
        errors["kind"] = _("案件类型不正确")
    reporter_phone = clean_phone(errors, reporter_phone)
    reporter_name = (reporter_name or "").strip()[:50]
    reporter_email = (reporter_email or "").strip()[:254]
    if reporter_email and "@" not in reporter_email:
        errors["reporter_email"] = _("邮箱格式不正确")

    if channel == CaseChannel.PHONE_APP and actor is not None and is_resident_of(actor, community) \
            and not may_report_for(actor, community):
        reporter = getattr(actor, "person", None)
        reporter_name = reporter.name if reporter is not None else (actor.display_name or actor.username)
        if not reporter_phone:
            reporter_phone = reporter.phone if reporter is not None else actor.phone
    elif reporter is not None:
        if actor is not None and not (actor.scope.covers(reporter.home.path) or reporter.pk in actor.scope.person_ids):
            errors["reporter"] = _("只能选择本辖区登记的居民")
        reporter_name = reporter_name or reporter.name
    elif channel in STAFF_CHANNELS and not reporter_name:
        errors["reporter_name"] = _("请填写诉求人姓名或选择居民")
    if category is not None and category.active:
        try:
            attributes = clean_attributes(category, attributes)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    raise_errors(errors)
    files = check_photos(photos)

    now = clock.now()
    case = Case(
        kind=kind, category=category, community=community, place=place, address=optional_text(address, 200),
        lat=lat, long=long, title=title, description=description, attributes=attributes or {}, channel=channel,
        reporter=reporter, reporter_name=reporter_name, reporter_phone=reporter_phone, reporter_email=reporter_email,
        reported_by=actor, reported_at=now, status=CaseStatus.SUBMITTED,
        search_key=search_key(" ".join([title, description[:200], reporter_name, address or ""])),
    )
    _save_numbered(case)
    for index, (_name, content_type, data) in enumerate(files, start=1):
        photo = CasePhoto(case=case, content_type=content_type, sha256=sha256(data), uploaded_by=actor,
                          uploaded_at=now)
        suffix = ".png" if content_type == "image/png" else ".jpg"
        photo.image.save(f"{case.number}-{index}{suffix}", ContentFile(data), save=True)
    event(case, "reported", actor, to_status=CaseStatus.SUBMITTED,
          note=_("通过“%(c)s”反映") % {"c": case.get_channel_display()})
    facts = {"number": case.number, "channel": channel, "category": category.code, "kind": kind,
             "photos": [sha256(d) for *_, d in files]}
    if client_name:
        facts["client"] = client_name
    record(case, "case.reported", actor, facts)
    return case


def _limit_deadline(case: Case, start: dt.datetime, limit) -> dt.datetime:
    return deadline(case.category.calendar, start, limit)


# --- 首问负责 ---------------------------------------------------------------------------------------------

@transaction.atomic
def accept_case(*, actor, case: Case) -> Case:
    """The first responder takes the case and owns it until it is closed. The contact and resolution
    deadlines start now, on the category's calendar."""
    require(actor is not None and may_accept(actor, case))
    lock_case(case)
    if case.status != CaseStatus.SUBMITTED:
        raise ValidationError(_("该诉求已由他人受理或已处理（%(s)s）") % {"s": case.get_status_display()})
    now = clock.now()
    category = CaseCategory.objects.select_related("calendar").get(pk=case.category_id)
    case.category = category
    case.status, case.owner, case.accepted_at = CaseStatus.ACCEPTED, actor, now
    case.contact_due_at = _limit_deadline(case, now, category.contact_limit)
    case.due_at = _limit_deadline(case, now, category.resolution_limit)
    case.save(update_fields=["status", "owner", "accepted_at", "contact_due_at", "due_at"])
    event(case, "accepted", actor, from_status=CaseStatus.SUBMITTED, to_status=CaseStatus.ACCEPTED,
          note=_("首问责任人：%(o)s") % {"o": actor})
    record(case, "case.accepted", actor, {"due_at": case.due_at.isoformat(),
                                          "contact_due_at": case.contact_due_at.isoformat()})
    return case


@transaction.atomic
def transfer_case(*, actor, case: Case, to_user, reason: str) -> OwnershipTransfer:
    """Hand the case to another grid worker / staff member of its area, with a recorded reason."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status not in HANDLING:
        raise ValidationError(_("只有办理中的诉求可以移交"))
    reason = text(reason, field="reason", message=_("请填写移交理由"), max_length=300)
    if to_user is None or not may_take_over(to_user, case.community):
        raise ValidationError({"to_user": _("只能移交给本社区的网格员或工作人员")})
    if to_user.pk == case.owner_id:
        raise ValidationError({"to_user": _("该人员已是首问责任人")})
    assert case.owner_id is not None  # a case being handled has its first responder (accept_case sets it)
    transfer = OwnershipTransfer.objects.create(case=case, from_owner_id=case.owner_id, to_owner=to_user, by=actor,
                                                at=clock.now(), reason=reason)
    case.owner = to_user
    case.save(update_fields=["owner"])
    event(case, "transferred", actor, note=_("责任移交给 %(u)s：%(r)s") % {"u": to_user, "r": reason}, public=False)
    record(case, "case.transferred", actor, {"from": transfer.from_owner_id, "to": to_user.pk})
    return transfer


@transaction.atomic
def record_contact(*, actor, case: Case, note: str) -> Case:
    """The owner (or staff) records contacting the resident; the first contact meets the contact deadline."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status not in (*HANDLING, CaseStatus.RESOLVED):
        raise ValidationError(_("该诉求当前状态不能登记联系"))
    note = text(note, field="note", message=_("请填写联系情况"), max_length=300)
    first = case.contacted_at is None
    if first:
        case.contacted_at = clock.now()
        case.save(update_fields=["contacted_at"])
    event(case, "contacted", actor, note=note, public=False)
    record(case, "case.contacted", actor, {"first": first})
    return case


@transaction.atomic
def set_public_wording(*, actor, case: Case, wording: str) -> Case:
    """Staff write and approve the wording Open311 and the public board show for a case instead of the
    resident's own words (an empty wording withdraws it: the description is left out again). The wording may
    name the neighbourhood, never a building, floor or room, a phone or an ID number. Dispute cases are never
    public, so they take no wording."""
    require(actor is not None and may_manage_case(actor, case))
    if case.kind == CaseKind.DISPUTE:
        raise ValidationError(_("矛盾纠纷案件不对外公开，无需公开表述"))
    wording = (wording or "").strip()
    if len(wording) > 300:
        raise ValidationError({"wording": _("不能超过 %(n)d 个字") % {"n": 300}})
    problems = public_text_problems(wording)
    if problems:
        raise ValidationError({"wording": _("公开表述不能包含电话、身份证号或楼栋、单元、楼层、门牌：%(found)s")
                               % {"found": "、".join(problems)}})
    lock_case(case)
    case.public_description = wording
    case.public_description_by = actor if wording else None
    case.public_description_at = clock.now() if wording else None
    case.save(update_fields=["public_description", "public_description_by", "public_description_at"])
    record(case, "case.public_wording_set" if wording else "case.public_wording_withdrawn", actor, {})
    return case


@transaction.atomic
def reject_case(*, actor, case: Case, reason: str) -> Case:
    """不予受理 with a reason (duplicate, not a matter of this community …): before acceptance by any responder,
    afterwards by the case's managers while no department is still working on it."""
    require(actor is not None and (may_accept(actor, case) if case.status == CaseStatus.SUBMITTED
                                   else may_manage_case(actor, case)))
    lock_case(case)
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED):
        raise ValidationError(_("只有待受理或办理中（未吹哨）的诉求可以不予受理"))
    reason = text(reason, field="reason", message=_("请填写不予受理的理由"), max_length=300)
    previous = case.status
    case.status, case.reject_reason = CaseStatus.REJECTED, reason
    case.save(update_fields=["status", "reject_reason"])
    event(case, "rejected", actor, from_status=previous, to_status=CaseStatus.REJECTED, note=reason)
    record(case, "case.rejected", actor, {"from": previous})
    return case


# --- meetings ---------------------------------------------------------------------------------------------

@transaction.atomic
def record_meeting(*, actor, case: Case, held_at: dt.datetime, place: str, departments, participants: str,
                   minutes: str, agreement: str = "") -> Meeting:
    """A coordination meeting (协调会) held on the case: when, where, who, minutes and what was agreed."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status not in HANDLING:
        raise ValidationError(_("只有办理中的诉求可以登记协调会"))
    errors: dict = {}
    place = text(place, field="place", message=_("请填写会议地点"), max_length=120, errors=errors)
    participants = text(participants, field="participants", message=_("请填写参会人员"), max_length=500,
                        errors=errors)
    minutes = text(minutes, field="minutes", message=_("请填写会议纪要"), max_length=5000, errors=errors)
    if held_at is None or timezone.is_naive(held_at):
        errors["held_at"] = _("请填写召开时间")
    elif held_at > clock.now() + dt.timedelta(minutes=5):
        errors["held_at"] = _("召开时间不能晚于现在")
    departments = list(departments or ())
    if any(not case.community.path.startswith(d.home.path) for d in departments):
        errors["departments"] = _("参会部门须为本社区所在区划的职能部门")
    raise_errors(errors)
    meeting = Meeting.objects.create(case=case, held_at=held_at, place=place, participants=participants,
                                     minutes=minutes, agreement=(agreement or "").strip()[:5000],
                                     recorded_by=actor, recorded_at=clock.now())
    meeting.departments.set(departments)
    event(case, "meeting", actor, note=_("召开协调会：%(p)s") % {"p": place})
    record(meeting, "case.meeting_recorded", actor, {"case": case.pk, "departments": [d.pk for d in departments]})
    return meeting


# --- resolution and the resident's answer --------------------------------------------------------------

def open_whistles(case: Case):
    return Whistle.objects.filter(case=case, status__in=[WhistleStatus.SENT, WhistleStatus.REPORTED])


@transaction.atomic
def resolve_case(*, actor, case: Case, result: str) -> Case:
    """The owner records the result; the resident then confirms or disputes it by confirm_due_at. Every whistle
    must be done or withdrawn first."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status not in HANDLING:
        raise ValidationError(_("只有办理中的诉求可以办结"))
    result = text(result, field="result", message=_("请填写办理结果"), max_length=4000)
    pending = list(open_whistles(case).select_related("department"))
    if pending:
        names = "、".join(str(w.department) for w in pending)
        raise ValidationError(_("以下部门尚未办结，请待其办结或撤回吹哨后再办结：%(d)s") % {"d": names})
    now = clock.now()
    previous = case.status
    case.status, case.result, case.resolved_at = CaseStatus.RESOLVED, result, now
    case.confirm_due_at = now + dt.timedelta(days=case.category.confirm_days)
    case.save(update_fields=["status", "result", "resolved_at", "confirm_due_at"])
    event(case, "resolved", actor, from_status=previous, to_status=CaseStatus.RESOLVED, note=result[:500])
    notices.resolved(case)
    record(case, "case.resolved", actor, {"on_time": bool(case.due_at and now <= case.due_at)})
    return case


def _close(case: Case, actor, confirmation: str, reason: str = "") -> None:
    case.status, case.confirmation, case.closed_at, case.closed_by = (CaseStatus.CLOSED, confirmation, clock.now(),
                                                                      actor)
    case.close_reason = reason
    case.save(update_fields=["status", "confirmation", "closed_at", "closed_by", "close_reason"])


@transaction.atomic
def confirm_case(*, actor, case: Case) -> Case:
    """The resident confirms the result: the case is closed."""
    require(actor is None or is_reporter(actor, case))
    lock_case(case)
    if case.status != CaseStatus.RESOLVED:
        raise ValidationError(_("只有待确认的诉求可以确认"))
    _close(case, actor, Confirmation.CONFIRMED)
    event(case, "confirmed", actor, from_status=CaseStatus.RESOLVED, to_status=CaseStatus.CLOSED)
    record(case, "case.confirmed", actor, {})
    return case


@transaction.atomic
def reopen_case(*, actor, case: Case, reason: str) -> Case:
    """The resident disputes the result before confirming: the case goes back to its owner."""
    require(actor is None or is_reporter(actor, case))
    lock_case(case)
    if case.status != CaseStatus.RESOLVED:
        raise ValidationError(_("只有待确认的诉求可以提出异议"))
    reason = text(reason, field="reason", message=_("请说明哪里没有解决"), max_length=300)
    case.status, case.resolved_at, case.confirm_due_at = CaseStatus.ACCEPTED, None, None
    case.save(update_fields=["status", "resolved_at", "confirm_due_at"])
    event(case, "reopened", actor, from_status=CaseStatus.RESOLVED, to_status=CaseStatus.ACCEPTED, note=reason)
    record(case, "case.reopened", actor, {})
    return case


@transaction.atomic
def close_unconfirmed(*, actor, case: Case, reason: str) -> Case:
    """Staff close a resolved case the resident neither confirmed nor disputed by confirm_due_at."""
    require(actor is not None and may_manage_case(actor, case))
    lock_case(case)
    if case.status != CaseStatus.RESOLVED:
        raise ValidationError(_("只有待确认的诉求可以关闭"))
    if case.confirm_due_at and clock.now() < case.confirm_due_at:
        raise ValidationError(_("确认期限（%(t)s）未到，不能代为关闭") % {
            "t": timezone.localtime(case.confirm_due_at).strftime("%Y-%m-%d %H:%M")})
    reason = text(reason, field="reason", message=_("请填写关闭说明"), max_length=300)
    _close(case, actor, Confirmation.NO_ANSWER, reason)
    event(case, "closed_unconfirmed", actor, from_status=CaseStatus.RESOLVED, to_status=CaseStatus.CLOSED,
          note=reason)
    record(case, "case.closed_unconfirmed", actor, {})
    return case


@transaction.atomic
def rate_case(*, actor, case: Case, satisfaction: str, comment: str = "") -> Case:
    """The resident rates a closed case once: 满意 / 基本满意 / 不满意 with an optional comment."""
    require(actor is None or is_reporter(actor, case))
    lock_case(case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("诉求办结后才能评价"))
    if case.satisfaction:
        raise ValidationError(_("您已评价过该诉求"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意")})
    case.satisfaction, case.rating_comment, case.rated_at = satisfaction, optional_text(comment, 300), clock.now()
    case.save(update_fields=["satisfaction", "rating_comment", "rated_at"])
    event(case, "rated", actor, note=str(Satisfaction(satisfaction).label))
    record(case, "case.rated", actor, {"satisfaction": satisfaction})
    return case


def departments_for_case(case: Case):
    """Departments that may be whistled or invited for a case: those placed at its community or above."""
    from gongzhi.core.scope import ancestor_paths

    return Department.objects.filter(home__path__in=ancestor_paths(case.community.path)).select_related("home")

