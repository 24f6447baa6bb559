"""The organiser's decisions on an activity's hours: confirm (one or in bulk), decline with a reason (also after
confirmation: points reverse their credit), correct (a new entry that `corrects` the old one, which becomes
superseded) and honour hours entered by hand (kind honour, with a reason, never above the activity's length).

An entry's facts — person, activity, times, hours — are written once and never changed: these services only set
the decision fields (status, reason, decided_by, decided_at), always through `save(update_fields=DECISION)`.
Corrections and honour hours are entered by the organiser, who is the one who confirms: they are recorded as
confirmed by them at once. Chronicle entries are filed under the activity, with ids only."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import require
from gongzhi.lists.models import Activity
from gongzhi.people.models import Person
from gongzhi.volunteering.models import HoursEntry, HoursKind, HoursStatus, SignUp, SignUpStatus
from gongzhi.volunteering.permissions_activities import may_decide_hours, organises

DECISION = ["status", "reason", "decided_by", "decided_at"]  # the only fields a decision writes


def _lock(entry: HoursEntry) -> HoursEntry:
    entry.refresh_from_db(from_queryset=HoursEntry.objects.select_for_update())
    return entry


def _reason(value: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({"reason": _("请填写理由")})
    if len(value) > limits.SHORT_TEXT:
        raise ValidationError({"reason": _("理由不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT}})
    return value


def parse_hours(value, activity: Activity | None, *, length: Decimal | None = None) -> Decimal:
    """Hours typed by the organiser: a number of at most one decimal, 0.1 up to the activity's (or the duty
    shift's `length`)."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"hours": _("时长须为数字，例如 2.5")}) from None
    if not hours.is_finite() or hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": _("时长最多保留一位小数，例如 2.5")})
    if activity is not None:
        length = activity.length_hours
    cap = min(length or limits.SERVICE_HOURS.high, limits.SERVICE_HOURS.high)
    if hours < limits.SERVICE_HOURS.low or hours > cap:
        raise ValidationError({"hours": _("时长须在 %(lo)s—%(hi)s 小时之间（不超过活动时长）")
                               % {"lo": limits.SERVICE_HOURS.low, "hi": cap}})
    return hours


def decide(entry: HoursEntry, status: str, actor, *, reason: str = "") -> None:
    """Write a decision on an hours entry. Always saved (never a queryset update): the points ledger listens for
    saves of confirmed, declined and superseded entries."""
    entry.status, entry.decided_by, entry.decided_at = status, actor, clock.now()
    if reason:
        entry.reason = reason
    entry.save(update_fields=DECISION)


def _record(entry: HoursEntry, action: str, actor, data: dict | None = None) -> None:
    """Filed under the activity; a duty shift's hours (no activity) under the entry itself."""
    record(entry.activity or entry, f"volunteering.hours_{action}", actor,
           {"entry": entry.pk, "person": entry.person_id, "kind": entry.kind, "hours": str(entry.hours),
            **(data or {})})


@transaction.atomic
def confirm_hours(*, actor, entry: HoursEntry) -> HoursEntry:
    require(actor is None or may_decide_hours(actor, entry))
    _lock(entry)
    if entry.status != HoursStatus.PENDING:
        raise ValidationError(_("该时长已处理（%(s)s），不能再确认") % {"s": entry.get_status_display()})
    decide(entry, HoursStatus.CONFIRMED, actor)
    _record(entry, "confirmed", actor)
    return entry


@transaction.atomic
def confirm_many(*, actor, entries: Iterable[HoursEntry]) -> int:
    """Bulk confirmation: every pending entry of the list, all or nothing (a permission failure stops them all);
    entries already decided are skipped. Returns how many were confirmed."""
    done = 0
    for entry in sorted(entries, key=lambda e: e.pk):
        require(actor is None or may_decide_hours(actor, entry))
        _lock(entry)
        if entry.status == HoursStatus.PENDING:
            decide(entry, HoursStatus.CONFIRMED, actor)
            _record(entry, "confirmed", actor, {"bulk": True})
            done += 1
    return done


@transaction.atomic
def decline_hours(*, actor, entry: HoursEntry, reason: str) -> HoursEntry:
    """Not confirmed, with a reason — from pending, or after confirmation (the points credited for it are then
    reversed by the points ledger, never edited)."""
    require(actor is None or may_decide_hours(actor, entry))
    reason = _reason(reason)
    _lock(entry)
    if entry.status not in (HoursStatus.PENDING, HoursStatus.CONFIRMED):
        raise ValidationError(_("该时长已处理（%(s)s），不能再不予确认") % {"s": entry.get_status_display()})
    was = entry.status
    decide(entry, HoursStatus.DECLINED, actor, reason=reason)
    _record(entry, "declined", actor, {"from": was})
    return entry


@transaction.atomic
def correct_hours(*, actor, entry: HoursEntry, hours, reason: str) -> HoursEntry:
    """A correction is a new entry with the right hours that `corrects` the old one (superseded); its times and
    person are the old entry's. It is confirmed by the organiser who makes it."""
    require(actor is None or may_decide_hours(actor, entry))
    reason = _reason(reason)
    _lock(entry)
    value = parse_hours(hours, entry.activity, length=entry.shift.hours if entry.shift is not None else None)
    if entry.status not in (HoursStatus.PENDING, HoursStatus.CONFIRMED):
        raise ValidationError(_("该时长已处理（%(s)s），不能更正") % {"s": entry.get_status_display()})
    was = entry.status
    now = clock.now()
    decide(entry, HoursStatus.SUPERSEDED, actor)
    new = HoursEntry.objects.create(
        person_id=entry.person_id, community_id=entry.community_id, kind=entry.kind, activity_id=entry.activity_id,
        team_id=entry.team_id, shift_id=entry.shift_id, served_on=entry.served_on, started_at=entry.started_at, ended_at=entry.ended_at,
        hours=value, content=entry.content, status=HoursStatus.CONFIRMED, corrects=entry, reason=reason,
        recorded_by=actor, recorded_at=now, decided_by=actor, decided_at=now)
    _record(new, "corrected", actor, {"corrects": entry.pk, "from": was, "old_hours": str(entry.hours)})
    return new


@transaction.atomic
def record_honour_hours(*, actor, activity: Activity, person: Person, hours, reason: str) -> HoursEntry:
    """Honour hours entered by hand (e.g. a volunteer who served without a phone), labelled as such, with a
    reason, for somebody signed up for the activity, never above its length; one per person and activity."""
    require(actor is None or organises(actor, activity))
    reason = _reason(reason)
    value = parse_hours(hours, activity)
    if not SignUp.objects.filter(activity=activity, person=person, status=SignUpStatus.SIGNED).exists():
        raise ValidationError({"person": _("只能为已报名（非候补）的志愿者登记荣誉时长")})
    if HoursEntry.objects.filter(activity=activity, person=person, kind=HoursKind.HONOUR,
                                 status__in=(HoursStatus.PENDING, HoursStatus.CONFIRMED)).exists():
        raise ValidationError(_("该志愿者在本活动已有荣誉时长，如需调整请更正"))
    now = clock.now()
    try:
        with transaction.atomic():
            entry = HoursEntry.objects.create(
                person=person, community_id=activity.community_id, kind=HoursKind.HONOUR, activity=activity,
                team_id=activity.organiser_team_id, served_on=timezone.localdate(activity.starts_at), hours=value,
                content=activity.title[:limits.TITLE], status=HoursStatus.CONFIRMED, reason=reason,
                recorded_by=actor, recorded_at=now, decided_by=actor, decided_at=now)
    except IntegrityError:
        raise ValidationError(_("该志愿者在本活动已有荣誉时长，如需调整请更正")) from None
    _record(entry, "honoured", actor)
    return entry
