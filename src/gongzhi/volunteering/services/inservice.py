"""Every write about in-service party members (在职党员): applying to report to the home community (报到) and
again every six months, the community's decision (confirm, or return with a reason), the district's yearly
target, and the sweep that records lapsed registrations.

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied), checks the state on a locked row (ValidationError with a Chinese message), makes the change
and records it in the chronicle (codes and ids, never names). `actor` None is the system itself (the sweep, the
demo's imports): permission checks are skipped, state checks are not.

**Lapse is computed on read.** A registration is current while today ≤ `registered_on` + 6 months (the day of the
last confirmed report, kept by `people.services.report_to_community`), lapsed after. Pages, the API and the
figures compute this from the date, so a lapse shows the very day it happens whether or not a sweep ran. The
sweep (`gongzhi inservice_sweep`) only *records* each lapse once (`InServiceLapse`, unique per member and day) and
chronicles it, so the unit and the community have a dated trace of it; it is idempotent and safe when two run at
once (the unique row decides which one records)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.people.models import PartyMember, Person
from gongzhi.people.services import report_to_community
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import (
    TARGET_HOURS,
    VALID_MONTHS,
    InServiceLapse,
    InServiceReport,
    ReportKind,
    ReportStatus,
    YearlyServiceTarget,
)
from gongzhi.volunteering.permissions_inservice import may_apply, may_decide, may_set_target

RENEWAL_WINDOW_DAYS = 30  # a current registration may be renewed in its last 30 days


# --- dates -------------------------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, the day clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_of(registered_on: dt.date) -> dt.date:
    return add_months(registered_on, VALID_MONTHS)


def earliest_current(today: dt.date) -> dt.date:
    """The earliest `registered_on` still current today: registrations on or after it are current, before it
    lapsed (the database filter equivalent of `valid_until_of(r) >= today`)."""
    day = add_months(today, -VALID_MONTHS)
    while valid_until_of(day - dt.timedelta(days=1)) >= today:
        day -= dt.timedelta(days=1)
    while valid_until_of(day) < today:
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class RegistrationState:
    """Where a member stands: `status` is unregistered | current | lapsed; `renewal_open` when she may apply
    again (lapsed, or in the last 30 days); `pending` is her application awaiting a decision, if any."""

    status: str
    community: RegionNode | None
    registered_on: dt.date | None
    valid_until: dt.date | None
    renewal_open: bool
    pending: InServiceReport | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {"unregistered": gettext_lazy("未报到"), "current": gettext_lazy("报到有效"),
                 "lapsed": gettext_lazy("已过期")}


def registration_state(member: PartyMember, *, today: dt.date | None = None,
                       pending: InServiceReport | None = None) -> RegistrationState:
    today = today or clock.today()
    if member.registered_community_id is None or member.registered_on is None:
        return RegistrationState("unregistered", None, None, None, True, pending)
    until = valid_until_of(member.registered_on)
    status = "current" if today <= until else "lapsed"
    return RegistrationState(status, member.registered_community, member.registered_on, until,
                             today >= until - dt.timedelta(days=RENEWAL_WINDOW_DAYS), pending)


def home_community_of(person: Person) -> RegionNode | None:
    """The community the member lives in: where she reports."""
    home = person.home
    if home.kind == RegionKind.COMMUNITY:
        return home
    return home.ancestors().filter(kind=RegionKind.COMMUNITY).first()


def pending_report(member: PartyMember) -> InServiceReport | None:
    return (InServiceReport.objects.filter(member=member, status=ReportStatus.PENDING)
            .select_related("community").first())


# --- applying and deciding ----------------------------------------------------------------------------------------

@transaction.atomic
def apply_to_report(*, actor, member: PartyMember, note: str = "") -> InServiceReport:
    """The member applies to report to the community where she lives: a first report (or to a new home after a
    move), or the six-monthly renewal (定期报到) once the renewal window is open."""
    require(actor is None or may_apply(actor, member))
    # lock the member's row: two taps on "apply" make one application
    member = PartyMember.objects.select_for_update().select_related("person__home").get(pk=member.pk)
    if not member.in_service:
        raise ValidationError(_("只有在职党员需要向居住地社区报到"))
    note = (note or "").strip()
    if len(note) > limits.SHORT_TEXT:
        raise ValidationError({"note": _("服务意向不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT}})
    community = home_community_of(member.person)
    if community is None:
        raise ValidationError(_("您的居住地不在任何社区内，请先请社区更正居住地"))
    if InServiceReport.objects.filter(member=member, status=ReportStatus.PENDING).exists():
        raise ValidationError(_("您已有一份报到申请等待社区确认"))
    today = clock.today()
    state = registration_state(member, today=today)
    renewing = state.status != "unregistered" and member.registered_community_id == community.pk
    if renewing and not state.renewal_open:
        raise ValidationError(_("报到有效期至 %(d)s，到期前 %(n)d 天内可以申请定期报到") % {
            "d": state.valid_until.isoformat() if state.valid_until else "", "n": RENEWAL_WINDOW_DAYS})
    report = InServiceReport(member=member, community=community, note=note, applied_by=actor,
                             applied_at=clock.now(), kind=ReportKind.RENEWAL if renewing else ReportKind.FIRST)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(_("您已有一份报到申请等待社区确认")) from None
    record(report, "inservice.applied", actor, {"member": member.pk, "community": community.pk,
                                                "kind": report.kind})
    return report


def _lock_pending(report: InServiceReport) -> InServiceReport:
    locked = (InServiceReport.objects.select_for_update().select_related("community", "member__person")
              .get(pk=report.pk))
    if locked.status != ReportStatus.PENDING:
        raise ValidationError(_("该报到申请已办理（%(s)s）") % {"s": locked.get_status_display()})
    return locked


@transaction.atomic
def confirm_report(*, actor, report: InServiceReport) -> InServiceReport:
    """The community confirms: the report holds for six months from today, and the member's registration
    (PartyMember.registered_community / registered_on) is set through `people.services.report_to_community`."""
    require(actor is None or may_decide(actor, report.community))
    report = _lock_pending(report)
    today = clock.today()
    report.status, report.decided_by, report.decided_at = ReportStatus.CONFIRMED, actor, clock.now()
    report.valid_until = valid_until_of(today)
    report.save(update_fields=["status", "decided_by", "decided_at", "valid_until"])
    report_to_community(actor=actor, member=report.member, community=report.community, on=today)
    record(report, "inservice.confirmed", actor, {"member": report.member_id, "community": report.community_id,
                                                  "kind": report.kind, "valid_until": report.valid_until.isoformat()})
    return report


@transaction.atomic
def return_report(*, actor, report: InServiceReport, reason: str) -> InServiceReport:
    """The community returns the application with a reason (not living here, wrong unit …); she may apply
    again."""
    require(actor is None or may_decide(actor, report.community))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回报到申请须说明理由")})
    if len(reason) > limits.SHORT_TEXT:
        raise ValidationError({"reason": _("理由不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT}})
    report = _lock_pending(report)
    report.status, report.decided_by, report.decided_at, report.reason = (ReportStatus.RETURNED, actor,
                                                                          clock.now(), reason)
    report.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record(report, "inservice.returned", actor, {"member": report.member_id, "community": report.community_id})
    return report


# --- the district's yearly target -----------------------------------------------------------------------------------

def _check_hours(hours) -> int:
    if isinstance(hours, bool) or not isinstance(hours, int):
        raise ValidationError({"hours": _("年度服务目标须为整数小时")})
    if not TARGET_HOURS.holds(hours):
        raise ValidationError({"hours": _("年度服务目标须在 %(lo)d 至 %(hi)d 小时之间") % {
            "lo": TARGET_HOURS.low, "hi": TARGET_HOURS.high}})
    return hours


@transaction.atomic
def set_yearly_target(*, actor, district: RegionNode, year: int, hours: int) -> YearlyServiceTarget:
    """The district sets (or changes) the hours each in-service member is expected to serve in `year`; its
    communities inherit it. A change is chronicled with the figure before and after."""
    if district.kind != RegionKind.DISTRICT:
        raise ValidationError({"district": _("年度目标由城区设定")})
    require(actor is None or may_set_target(actor, district))
    hours = _check_hours(hours)
    if isinstance(year, bool) or not isinstance(year, int) or not limits.FIRST_YEAR <= year <= limits.LAST_YEAR:
        raise ValidationError({"year": _("年度须在 %(a)d 至 %(b)d 之间") % {"a": limits.FIRST_YEAR,
                                                                          "b": limits.LAST_YEAR}})
    # the district's row is the lock: two staff saving at once write one target, one after the other
    RegionNode.objects.select_for_update().filter(pk=district.pk).first()
    target = YearlyServiceTarget.objects.filter(district=district, year=year).first()
    before = target.hours if target else None
    if target is None:
        target = YearlyServiceTarget.objects.create(district=district, year=year, hours=hours, set_by=actor,
                                                    set_at=clock.now())
    else:
        target.hours, target.set_by, target.set_at = hours, actor, clock.now()
        target.save(update_fields=["hours", "set_by", "set_at"])
    record(target, "inservice.target_set", actor, {"district": district.pk, "year": year, "from": before,
                                                   "to": hours})
    return target


# --- the sweep ------------------------------------------------------------------------------------------------------

def sweep_lapses(*, today: dt.date | None = None) -> int:
    """Record every registration that has lapsed (no renewal confirmed within six months) once: an
    `InServiceLapse` row for the first day without a valid registration, and a chronicle entry. Returns how many
    were recorded now; a second run records nothing; two concurrent runs record each lapse once (the unique row
    (member, lapsed_on) decides, the loser's insert fails and it moves on)."""
    today = today or clock.today()
    due = (PartyMember.objects.filter(in_service=True, registered_community__isnull=False,
                                      registered_on__lt=earliest_current(today))
           .order_by("pk").values_list("pk", "registered_community_id", "registered_on"))
    recorded = 0
    for member_id, community_id, registered_on in list(due):
        if registered_on is None:  # the filter excludes it; the type does not know
            continue
        lapsed_on = valid_until_of(registered_on) + dt.timedelta(days=1)
        if InServiceLapse.objects.filter(member_id=member_id, lapsed_on=lapsed_on).exists():
            continue
        try:
            with transaction.atomic():
                lapse = InServiceLapse.objects.create(member_id=member_id, community_id=community_id,
                                                      lapsed_on=lapsed_on, recorded_at=clock.now())
                record(lapse, "inservice.lapsed", None, {"member": member_id, "community": community_id,
                                                         "lapsed_on": lapsed_on.isoformat()})
        except IntegrityError:
            continue  # another sweep recorded it first
        recorded += 1
    return recorded
