"""空间使用平台: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

An application for a slot is checked occurrence by occurrence before anything is written (`preview`): the end after
the start, the attendance within the venue's capacity, each occurrence within the venue's opening hours on its
weekday, outside every closure, not in the past and clear of every booking that holds its slot. `apply` runs the
same checks and then writes the application and all its occurrences in one transaction — accepted whole or not at
all. The database has the last word on overlaps (the exclusion constraint on PostgreSQL, triggers on SQLite, see
models.py): when another request took the slot between the check and the insert, the IntegrityError becomes a
Chinese message naming the clashing date and time, and nothing is written.

`actor` None means the system (the sweep, the demo): permission checks are skipped, the rules are not."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, require
from gongzhi.partners.models import Partner, PartnerStatus
from gongzhi.people.models import Person, VolunteerTeam
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.spaces.models import (
    ATTENDANCE,
    CAPACITY,
    HOLDING,
    MAX_OCCURRENCES,
    ApplicantKind,
    Application,
    ApplicationStatus,
    Booking,
    BookingStatus,
    Closure,
    CommitmentStatus,
    ExchangeCommitment,
    ExchangeFulfilment,
    OpeningHours,
    Venue,
    VenueKind,
)
from gongzhi.spaces.permissions import (
    may_apply_as,
    may_cancel,
    may_decide,
    may_record_fulfilment,
    may_run_spaces,
)

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


# --- small shared steps ---------------------------------------------------------------------------------------------


def _whole(value: Any, *, field: str, bound: limits.Bound, label: str) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not bound.holds(number):
        raise ValidationError({field: _("%(label)s须为 %(low)s—%(high)s 之间的整数")
                               % {"label": label, "low": bound.low, "high": bound.high}})
    return number


def _day(value, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime) \
            or not limits.FIRST_YEAR <= value.year <= limits.LAST_YEAR:
        raise ValidationError({field: _("请填写有效的%(label)s") % {"label": label}})
    return value


def _time(value, *, field: str, label: str) -> dt.time:
    if not isinstance(value, dt.time):
        raise ValidationError({field: _("请填写有效的%(label)s") % {"label": label}})
    return value.replace(second=0, microsecond=0, tzinfo=None)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """A local wall-clock time (the community's, Asia/Shanghai) as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time), timezone.get_default_timezone())


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def describe_slot(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """2026年3月6日（周五）14:00—16:00"""
    s, e = local(starts_at), local(ends_at)
    return _("%(y)d年%(m)d月%(d)d日（%(w)s）%(s)s—%(e)s") % {
        "y": s.year, "m": s.month, "d": s.day, "w": _(WEEKDAYS[s.weekday()]), "s": f"{s:%H:%M}", "e": f"{e:%H:%M}"}


def _hours_text(ranges) -> str:
    return "、".join(f"{r.opens:%H:%M}—{r.closes:%H:%M}" for r in ranges)


# --- venues ------------------------------------------------------------------------------------------------------------

def _community(node: RegionNode | None) -> RegionNode:
    if node is None or node.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    return node


@transaction.atomic
def create_venue(*, actor, community: RegionNode, name: str, kind: str = VenueKind.ROOM, capacity,
                 location: str = "", description: str = "") -> Venue:
    community = _community(community)
    require(actor is None or may_run_spaces(actor, community))
    name = clean_text(name, field="name", label=_("场地名称"), max_length=limits.NAME, required=True)
    if kind not in VenueKind.values:
        raise ValidationError({"kind": _("请选择场地类别")})
    capacity = _whole(capacity, field="capacity", bound=CAPACITY, label=_("容纳人数"))
    location = clean_text(location, field="location", label=_("位置"), max_length=limits.TITLE, required=False)
    description = clean_text(description, field="description", label=_("说明"), max_length=limits.SHORT_TEXT,
                        required=False)
    if Venue.objects.filter(community=community, name=name).exists():
        raise ValidationError({"name": _("本社区已有名为“%(name)s”的场地") % {"name": name}})
    venue = Venue.objects.create(community=community, name=name, kind=kind, capacity=capacity, location=location,
                                 description=description, created_by=actor, created_at=clock.now())
    record(venue, "spaces.venue_created", actor, {"name": name, "kind": kind, "capacity": capacity})
    return venue


@transaction.atomic
def change_venue(*, actor, venue: Venue, name: str | None = None, kind: str | None = None, capacity=None,
                 location: str | None = None, description: str | None = None, active: bool | None = None) -> Venue:
    require(actor is None or may_run_spaces(actor, venue.community))
    venue = Venue.objects.select_for_update().select_related("community").get(pk=venue.pk)
    changed: dict[str, Any] = {}
    if name is not None:
        name = clean_text(name, field="name", label=_("场地名称"), max_length=limits.NAME, required=True)
        if Venue.objects.filter(community=venue.community, name=name).exclude(pk=venue.pk).exists():
            raise ValidationError({"name": _("本社区已有名为“%(name)s”的场地") % {"name": name}})
        venue.name = name
    if kind is not None:
        if kind not in VenueKind.values:
            raise ValidationError({"kind": _("请选择场地类别")})
        venue.kind = kind
    if capacity is not None:
        venue.capacity = _whole(capacity, field="capacity", bound=CAPACITY, label=_("容纳人数"))
    if location is not None:
        venue.location = clean_text(location, field="location", label=_("位置"), max_length=limits.TITLE,
                               required=False)
    if description is not None:
        venue.description = clean_text(description, field="description", label=_("说明"),
                                  max_length=limits.SHORT_TEXT, required=False)
    if active is not None:
        venue.active = bool(active)
    for f in ("name", "kind", "capacity", "location", "description", "active"):
        changed[f] = getattr(venue, f)
    venue.save()
    record(venue, "spaces.venue_changed", actor, {"fields": sorted(k for k in changed if k != "description")})
    return venue


@transaction.atomic
def set_opening_hours(*, actor, venue: Venue, ranges: list[tuple[int, dt.time, dt.time]]) -> list[OpeningHours]:
    """Replace the venue's weekly opening hours. `ranges` are (weekday 0=Monday, opens, closes); a day may have
    several ranges, which must not overlap. Bookings already made keep their slots."""
    require(actor is None or may_run_spaces(actor, venue.community))
    clean: list[tuple[int, dt.time, dt.time]] = []
    for weekday, opens, closes in ranges:
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise ValidationError({"hours": _("星期须为周一至周日")})
        opens = _time(opens, field="hours", label=_("开放时间"))
        closes = _time(closes, field="hours", label=_("关闭时间"))
        if closes <= opens:
            raise ValidationError({"hours": _("%(w)s的关闭时间 %(c)s 须晚于开放时间 %(o)s")
                                   % {"w": _(WEEKDAYS[weekday]), "o": f"{opens:%H:%M}", "c": f"{closes:%H:%M}"}})
        clean.append((weekday, opens, closes))
    clean.sort()
    for (w1, _o1, c1), (w2, o2, _c2) in itertools.pairwise(clean):
        if w1 == w2 and o2 < c1:
            raise ValidationError({"hours": _("%(w)s的开放时段有重叠，请合并") % {"w": _(WEEKDAYS[w1])}})
    OpeningHours.objects.filter(venue=venue).delete()
    rows = OpeningHours.objects.bulk_create([OpeningHours(venue=venue, weekday=w, opens=o, closes=c)
                                             for w, o, c in clean])
    record(venue, "spaces.hours_set", actor, {"hours": [[w, f"{o:%H:%M}", f"{c:%H:%M}"] for w, o, c in clean]})
    return rows


@transaction.atomic
def add_closure(*, actor, venue: Venue, starts_on, ends_on, reason: str) -> Closure:
    """闭馆: refused while bookings hold a slot in those days (cancel them first, after telling the applicants)."""
    require(actor is None or may_run_spaces(actor, venue.community))
    starts_on = _day(starts_on, field="starts_on", label=_("起始日期"))
    ends_on = _day(ends_on, field="ends_on", label=_("截止日期"))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("截止日期不能早于起始日期")})
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": _("一次闭馆不超过一年；长期停用请将场地设为不开放预约")})
    reason = clean_text(reason, field="reason", label=_("闭馆原因"), max_length=limits.SHORT_TEXT, required=True)
    held = list(Booking.objects.filter(venue=venue, status__in=HOLDING, starts_at__lt=at(ends_on + dt.timedelta(days=1),
                                                                                           dt.time(0)),
                                       ends_at__gt=at(starts_on, dt.time(0))).order_by("starts_at")[:3])
    if held:
        raise ValidationError(_("闭馆期间已有预约：%(slots)s。请先与申请方沟通并取消这些预约")
                              % {"slots": "；".join(describe_slot(b.starts_at, b.ends_at) for b in held)})
    closure = Closure.objects.create(venue=venue, starts_on=starts_on, ends_on=ends_on, reason=reason,
                                     created_by=actor, created_at=clock.now())
    record(closure, "spaces.closure_added", actor, {"venue": venue.pk, "starts_on": str(starts_on),
                                                    "ends_on": str(ends_on)})
    return closure


# --- checking an application ---------------------------------------------------------------------------------------

@dataclass
class Occurrence:
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return describe_slot(self.starts_at, self.ends_at)


@dataclass
class Preview:
    venue: Venue
    occurrences: list[Occurrence]
    problems: list[str]  # about the application as a whole (times, attendance, repetition)

    @property
    def ok(self) -> bool:
        return not self.problems and all(o.ok for o in self.occurrences)

    @property
    def conflicts(self) -> list[Occurrence]:
        return [o for o in self.occurrences if not o.ok]

    def messages(self, limit: int = 5) -> list[str]:
        found = list(self.problems)
        for o in self.conflicts[:limit]:
            found.append(_("%(slot)s：%(why)s") % {"slot": o.label, "why": "；".join(o.problems)})
        if len(self.conflicts) > limit:
            found.append(_("另有 %(n)d 次也不可预约") % {"n": len(self.conflicts) - limit})
        return found


def weekly_dates(first: dt.date, until: dt.date | None) -> list[dt.date]:
    """The first date and every seventh day after it up to `until` (included): every Friday of a term."""
    if until is None:
        return [first]
    count = (until - first).days // 7 + 1
    return [first + dt.timedelta(weeks=k) for k in range(max(count, 0))]


def clashes(venue: Venue, starts_at: dt.datetime, ends_at: dt.datetime) -> list[Booking]:
    return list(Booking.objects.filter(venue=venue, status__in=HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at)
                .order_by("starts_at"))


def preview(*, venue: Venue, first_date, starts, ends, attendance, repeat_until=None) -> Preview:
    """Check every occurrence of an application without writing anything."""
    first_date = _day(first_date, field="first_date", label=_("日期"))
    starts = _time(starts, field="starts", label=_("开始时间"))
    ends = _time(ends, field="ends", label=_("结束时间"))
    problems: list[str] = []
    if ends <= starts:
        raise ValidationError({"ends": _("结束时间须晚于开始时间（%(s)s 开始，%(e)s 结束）")
                               % {"s": f"{starts:%H:%M}", "e": f"{ends:%H:%M}"}})
    attendance = _whole(attendance, field="attendance", bound=ATTENDANCE, label=_("预计人数"))
    if attendance > venue.capacity:
        raise ValidationError({"attendance": _("预计 %(n)d 人，超过%(venue)s的容纳人数 %(c)d 人")
                               % {"n": attendance, "venue": venue.name, "c": venue.capacity}})
    if repeat_until is not None:
        repeat_until = _day(repeat_until, field="repeat_until", label=_("重复截止日期"))
        if repeat_until < first_date:
            raise ValidationError({"repeat_until": _("重复截止日期不能早于第一次的日期")})
    dates = weekly_dates(first_date, repeat_until)
    if len(dates) > MAX_OCCURRENCES:
        raise ValidationError({"repeat_until": _("一次最多申请 %(n)d 次，请缩短重复期限") % {"n": MAX_OCCURRENCES}})
    if not venue.active:
        problems.append(_("该场地暂不开放预约"))
    hours: dict[int, list[OpeningHours]] = {}
    for r in OpeningHours.objects.filter(venue=venue).order_by("weekday", "opens"):
        hours.setdefault(r.weekday, []).append(r)
    closures = list(Closure.objects.filter(venue=venue, ends_on__gte=dates[0], starts_on__lte=dates[-1]))
    window = (at(dates[0], starts), at(dates[-1], ends))
    taken = list(Booking.objects.filter(venue=venue, status__in=HOLDING, starts_at__lt=window[1],
                                        ends_at__gt=window[0]).order_by("starts_at"))
    now = clock.now()
    occurrences = []
    for day in dates:
        o = Occurrence(date=day, starts_at=at(day, starts), ends_at=at(day, ends))
        if o.starts_at < now:
            o.problems.append(_("时间已过"))
        ranges = hours.get(day.weekday(), [])
        if not ranges:
            o.problems.append(_("%(w)s不开放") % {"w": _(WEEKDAYS[day.weekday()])})
        elif not any(r.opens <= starts and ends <= r.closes for r in ranges):
            o.problems.append(_("超出开放时间（%(w)s %(h)s）") % {"w": _(WEEKDAYS[day.weekday()]),
                                                               "h": _hours_text(ranges)})
        for c in closures:
            if c.starts_on <= day <= c.ends_on:
                o.problems.append(_("闭馆：%(reason)s") % {"reason": c.reason})
        for b in taken:
            if b.starts_at < o.ends_at and o.starts_at < b.ends_at:
                o.problems.append(_("与已有预约冲突（%(slot)s 已被预约）") % {"slot": describe_slot(b.starts_at, b.ends_at)})
        occurrences.append(o)
    return Preview(venue=venue, occurrences=occurrences, problems=problems)


# --- applying ----------------------------------------------------------------------------------------------------------

def _applicant(venue: Venue, applicant) -> tuple[str, dict[str, Any]]:
    if isinstance(applicant, Partner):
        if applicant.status != PartnerStatus.APPROVED:
            raise ValidationError(_("只有已入伙的社区合伙人可以用服务交换场地"))
        if applicant.community_id != venue.community_id:
            raise ValidationError(_("该合伙人不是%(c)s的合伙人") % {"c": venue.community.name})
        return ApplicantKind.PARTNER, {"partner": applicant}
    if isinstance(applicant, VolunteerTeam):
        if applicant.community_id != venue.community_id:
            raise ValidationError(_("该志愿服务队不属于%(c)s") % {"c": venue.community.name})
        return ApplicantKind.TEAM, {"team": applicant}
    if isinstance(applicant, Person):
        if not applicant.home.path.startswith(venue.community.path):
            raise ValidationError(_("只有本社区居民可以预约%(c)s的场地") % {"c": venue.community.name})
        return ApplicantKind.RESIDENT, {"person": applicant}
    raise ValidationError(_("请选择申请方"))


@transaction.atomic
def apply(*, actor, venue: Venue, applicant, purpose: str, attendance, first_date, starts, ends,
          repeat_until=None, exchange_service: str = "") -> Application:
    """Apply for one slot or a weekly series. Every occurrence is checked; one problem refuses the whole
    application with a message naming the dates, and nothing is written. A partner states the service it gives in
    exchange, which becomes a tracked commitment."""
    # one application of a venue at a time: concurrent inserts under the exclusion constraint can deadlock each
    # other (PostgreSQL: "deadlock detected while checking exclusion constraint") instead of one winning; with the
    # venue locked, the later request sees the earlier one's bookings and gets the usual message naming the slots
    venue = Venue.objects.select_related("community").select_for_update(of=("self",)).get(pk=venue.pk)
    require(actor is None or may_apply_as(actor, venue, applicant))
    kind, who = _applicant(venue, applicant)
    purpose = clean_text(purpose, field="purpose", label=_("用途"), max_length=limits.TITLE, required=True)
    exchange_service = clean_text(exchange_service, field="exchange_service", label=_("交换的服务"),
                             max_length=limits.SHORT_TEXT, required=kind == ApplicantKind.PARTNER)
    checked = preview(venue=venue, first_date=first_date, starts=starts, ends=ends, attendance=attendance,
                      repeat_until=repeat_until)
    if not checked.ok:
        head = (_("申请未提交：以下 %(n)d 次不可预约，整组申请均未保存") % {"n": len(checked.conflicts)}
                if len(checked.occurrences) > 1 else _("申请未提交"))
        raise ValidationError([head, *checked.messages()])
    first = checked.occurrences[0]
    application = Application.objects.create(
        venue=venue, applicant_kind=kind, purpose=purpose, attendance=int(attendance), first_date=first.date,
        repeat_until=checked.occurrences[-1].date if repeat_until is not None else None,
        starts=local(first.starts_at).time(), ends=local(first.ends_at).time(), applied_by=actor,
        applied_at=clock.now(), **who)
    rows = [Booking(application=application, venue=venue, starts_at=o.starts_at, ends_at=o.ends_at)
            for o in checked.occurrences]
    try:
        with transaction.atomic():  # the database's word on overlaps: another request may have won meanwhile
            Booking.objects.bulk_create(rows)
    except IntegrityError:
        lost = [o for o in checked.occurrences if clashes(venue, o.starts_at, o.ends_at)]
        slots = "；".join(o.label for o in lost[:5]) or _("所选时段")
        raise ValidationError(_("%(slots)s 刚刚已被他人预约，申请未提交，请另选时间") % {"slots": slots}) from None
    if kind == ApplicantKind.PARTNER:
        ExchangeCommitment.objects.create(application=application, partner=applicant, community=venue.community,
                                          service=exchange_service, created_at=clock.now())
    record(application, "spaces.applied", actor, {
        "venue": venue.pk, "applicant": kind, "occurrences": len(rows), "first": str(first.date),
        "until": str(application.repeat_until) if application.repeat_until else None,
        "exchange": bool(exchange_service)})
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("venue__community").get(pk=application.pk)


@transaction.atomic
def approve(*, actor, application: Application, note: str = "") -> Application:
    """Community staff approve the whole application: its occurrences still waiting are approved (those whose time
    passed undecided have lapsed), and a partner's commitment comes into force."""
    application = _lock(application)
    require(actor is None or may_decide(actor, application))
    if application.status != ApplicationStatus.APPLIED:
        raise ValidationError(_("该申请%(s)s，不能再审批") % {"s": application.get_status_display()})
    note = clean_text(note, field="note", label=_("审核意见"), max_length=limits.SHORT_TEXT, required=False)
    now = clock.now()
    waiting = application.bookings.filter(status=BookingStatus.APPLIED)
    waiting.filter(starts_at__lte=now).update(status=BookingStatus.LAPSED)
    approved = waiting.filter(starts_at__gt=now).update(status=BookingStatus.APPROVED)
    if not approved:
        raise ValidationError(_("该申请的时间都已过去，无法批准"))
    application.status = ApplicationStatus.APPROVED
    application.decided_by, application.decided_at, application.decision_note = actor, now, note
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    ExchangeCommitment.objects.filter(application=application).update(status=CommitmentStatus.ACTIVE)
    record(application, "spaces.approved", actor, {"occurrences": approved})
    return application


@transaction.atomic
def reject(*, actor, application: Application, note: str) -> Application:
    """Not approved: every occurrence frees its slot; a reason is required (the applicant reads it)."""
    application = _lock(application)
    require(actor is None or may_decide(actor, application))
    if application.status != ApplicationStatus.APPLIED:
        raise ValidationError(_("该申请%(s)s，不能再审批") % {"s": application.get_status_display()})
    note = clean_text(note, field="note", label=_("不批准的原因"), max_length=limits.SHORT_TEXT, required=True)
    freed = application.bookings.filter(status=BookingStatus.APPLIED).update(status=BookingStatus.REJECTED)
    application.status = ApplicationStatus.REJECTED
    application.decided_by, application.decided_at, application.decision_note = actor, clock.now(), note
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    ExchangeCommitment.objects.filter(application=application).update(status=CommitmentStatus.VOID)
    record(application, "spaces.rejected", actor, {"freed": freed})
    return application


@transaction.atomic
def cancel_application(*, actor, application: Application, reason: str = "") -> Application:
    """The applicant (or community staff) withdraws the whole application: every future occurrence is cancelled and
    frees its slot; past ones stay as they were."""
    application = _lock(application)
    require(actor is None or may_cancel(actor, application))
    if application.status not in (ApplicationStatus.APPLIED, ApplicationStatus.APPROVED):
        raise ValidationError(_("该申请%(s)s，不能取消") % {"s": application.get_status_display()})
    reason = clean_text(reason, field="reason", label=_("取消原因"), max_length=limits.SHORT_TEXT, required=False)
    now = clock.now()
    cancelled = (application.bookings.filter(status__in=HOLDING, starts_at__gt=now)
                 .update(status=BookingStatus.CANCELLED, cancelled_by=actor, cancelled_at=now, cancel_reason=reason))
    application.status = ApplicationStatus.CANCELLED
    application.save(update_fields=["status"])
    ExchangeCommitment.objects.filter(application=application, fulfilments__isnull=True).update(
        status=CommitmentStatus.VOID)
    record(application, "spaces.application_cancelled", actor, {"cancelled": cancelled})
    return application


@transaction.atomic
def cancel_booking(*, actor, booking: Booking, reason: str = "") -> Booking:
    """Cancel one occurrence of an application (not yet begun): its slot is free again at once."""
    booking = (Booking.objects.select_for_update(of=("self",))
               .select_related("application__venue__community", "application__partner").get(pk=booking.pk))
    require(actor is None or may_cancel(actor, booking.application))
    if booking.status not in HOLDING:
        raise ValidationError(_("该次预约%(s)s，不能取消") % {"s": booking.get_status_display()})
    if booking.starts_at <= clock.now():
        raise ValidationError(_("该次预约已经开始或结束，不能取消"))
    reason = clean_text(reason, field="reason", label=_("取消原因"), max_length=limits.SHORT_TEXT, required=False)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_by, booking.cancelled_at, booking.cancel_reason = actor, clock.now(), reason
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    record(booking, "spaces.booking_cancelled", actor, {"application": booking.application_id,
                                                        "starts_at": booking.starts_at.isoformat()})
    return booking


# --- services given in exchange ---------------------------------------------------------------------------------------

@transaction.atomic
def record_fulfilment(*, actor, commitment: ExchangeCommitment, date, content: str, person_times,
                      confirm_unusual: bool = False, unusual_reason: str = "") -> ExchangeFulfilment:
    """履约记录 of a commitment in force: by the partner's liaison or community staff; figures within core.limits,
    above the usual range only with a confirmation and a reason (as for contracts)."""
    commitment = ExchangeCommitment.objects.select_for_update().select_related(
        "community", "partner", "application").get(pk=commitment.pk)
    require(may_record_fulfilment(actor, commitment))
    if commitment.status != CommitmentStatus.ACTIVE:
        raise ValidationError(_("只有已批准的交换服务承诺可以登记履约"))
    date = _day(date, field="date", label=_("服务日期"))
    if date < limits.PLATFORM_START:
        raise ValidationError({"date": _("服务日期不能早于 %(day)s（平台启用之日）")
                               % {"day": limits.PLATFORM_START.strftime("%Y-%m-%d")}})
    if date > clock.today():
        raise ValidationError({"date": _("服务日期不能晚于今天")})
    if date < commitment.application.first_date:
        raise ValidationError({"date": _("服务日期不能早于场地使用的第一天（%(d)s）")
                               % {"d": commitment.application.first_date.isoformat()}})
    content = clean_text(content, field="content", label=_("服务内容"), max_length=limits.SHORT_TEXT, required=True)
    person_times = _whole(person_times, field="person_times", bound=limits.PERSON_TIMES, label=_("服务人次"))
    reason = ""
    if limits.PERSON_TIMES.is_unusual(person_times):
        reason = clean_text(unusual_reason, field="unusual_reason", label=_("原因"),
                       max_length=limits.UNUSUAL_REASON_LENGTH, required=False)
        if not confirm_unusual or not reason:
            raise ValidationError({"person_times": _("服务人次超过 %(n)d，远超常见范围：请确认无误并说明原因")
                                   % {"n": limits.PERSON_TIMES.usual}})
    fulfilment = ExchangeFulfilment.objects.create(commitment=commitment, date=date, content=content,
                                                   person_times=person_times, unusual_reason=reason,
                                                   recorded_by=actor, recorded_at=clock.now())
    facts: dict[str, Any] = {"fulfilment": fulfilment.pk, "date": date.isoformat(), "person_times": person_times}
    if reason:
        facts["unusual_reason"] = reason
    record(commitment, "spaces.fulfilled", actor, facts)
    return fulfilment


# --- the sweep --------------------------------------------------------------------------------------------------------

@dataclass
class SweepResult:
    lapsed: int = 0


def sweep() -> SweepResult:
    """Occurrences still waiting for a decision when their time comes lapse (逾期未审) and free their slot. Safe to
    run any number of times: an occurrence lapses once (a conditional update), and its chronicle entry is written
    by the run that changed it."""
    result = SweepResult()
    now = clock.now()
    due = (Booking.objects.filter(status=BookingStatus.APPLIED, starts_at__lte=now)
           .values_list("application_id", flat=True).distinct())
    for application_id in list(due):
        with transaction.atomic():
            application = Application.objects.select_for_update().select_related("venue__community").get(
                pk=application_id)
            n = application.bookings.filter(status=BookingStatus.APPLIED, starts_at__lte=now).update(
                status=BookingStatus.LAPSED)
            if n:
                result.lapsed += n
                record(application, "spaces.lapsed", None, {"lapsed": n})
    return result
