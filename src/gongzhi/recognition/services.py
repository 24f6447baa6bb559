"""The recognition services: every state change goes through here (transaction, rules, chronicle).

Certificates: `issue_certificate` freezes the confirmed hours the community recorded for the person in the
period, numbers the certificate (GZ-ZYFW-<year>-<6 digits>, from a locked yearly sequence) and stores the sha256
hash of its canonical content; `revoke_certificate` marks it void with a reason; `verify` is the public check.
Requests: a volunteer asks on her phone (`request_certificate`), staff issue (`issue_certificate(request=…)`) or
decline. Honours: `open_selection`, `nominate`, `decide_selection` (the committee's one decision over every
nomination, with reasons, members and date) and `publish_selection`.

`actor` None means the system (the demo, imports): permission checks are skipped, state checks are not."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import collect_text, require
from gongzhi.core.frozen import refuse
from gongzhi.core.numbers import tenths
from gongzhi.core.privacy import mask_id_number, scrub
from gongzhi.people.models import Person, VolunteerTeam
from gongzhi.recognition.models import (
    NUMBER_PREFIX,
    Certificate,
    CertificateRequest,
    CertificateSequence,
    HonourKind,
    HonourSelection,
    NominatedAs,
    Nomination,
    NominationStatus,
    RequestStatus,
    SelectionStatus,
)
from gongzhi.recognition.permissions import (
    is_team_captain,
    may_issue,
    may_nominate_as_resident,
    may_nominate_as_staff,
    may_request,
    may_run_selection_at,
)
from gongzhi.recognition.selectors import period_hours
from gongzhi.regions.models import RegionKind, RegionNode

MIN_HASH_PREFIX = 8


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def check_period(start, end) -> tuple[dt.date, dt.date]:
    """A period of service: two dates, start ≤ end, not before the platform's first year, not in the future."""
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise ValidationError({"period_start": _("请填写服务起止日期")})
    if end < start:
        raise ValidationError({"period_end": _("截止日期不能早于起始日期")})
    if start < limits.PLATFORM_START:
        raise ValidationError({"period_start": _("起始日期不能早于 %(d)s") % {"d": limits.PLATFORM_START.isoformat()}})
    if end > clock.today():
        raise ValidationError({"period_end": _("截止日期不能晚于今天")})
    return start, end


# --- certificates ------------------------------------------------------------------------------------------------

def canonical_content(certificate: Certificate) -> str:
    """The frozen content a certificate's hash covers (not the PDF's bytes): one JSON text, keys sorted."""
    content = {
        "number": certificate.number,
        "holder_name": certificate.holder_name,
        "holder_id_masked": certificate.holder_id_masked,
        "community_id": certificate.community_id,
        "community_name": certificate.community_name,
        "period_start": certificate.period_start.isoformat(),
        "period_end": certificate.period_end.isoformat(),
        "hours_total": str(tenths(certificate.hours_total)),
        "breakdown": certificate.breakdown,
        "content": certificate.content,
        "issued_at": certificate.issued_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(certificate: Certificate) -> str:
    return hashlib.sha256(canonical_content(certificate).encode("utf-8")).hexdigest()


def check_frozen(certificate: Certificate) -> None:
    """Before a certificate's PDF is drawn: its stored content must still hash to the hash recorded at issue (printed
    on it, and asked by the public verification page). Otherwise FrozenDocumentAltered, logged and counted
    (core.frozen): an altered certificate is never printed."""
    found = content_hash(certificate)
    if found != certificate.content_hash:
        raise refuse("certificate", certificate.pk, found=found)


def _next_number(year: int) -> str:
    sequence = CertificateSequence.objects.select_for_update().filter(year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another issuer created the year's sequence first
        sequence = CertificateSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}-{year}-{sequence.last:06d}"


def _summary(hours: dict) -> str:
    titles = [a["title"] for a in hours["activities"] if a["title"]][:6]
    kinds = [k["label"] for k in hours["kinds"] if Decimal(k["hours"]) > 0]
    text = _("参加%(kinds)s共 %(n)d 次") % {"kinds": "、".join(kinds), "n": hours["count"]}
    if titles:
        text += _("，主要包括：%(titles)s") % {"titles": "、".join(titles)}
    return text[: limits.NOTE]


def _community_name(community: RegionNode) -> str:
    """象山街道五美社区: the street and the community, as the seal reads."""
    parent = community.parent
    return f"{parent.name}{community.name}" if parent is not None else community.name


@transaction.atomic
def issue_certificate(*, actor, person: Person, community: RegionNode, period_start, period_end,
                      content: str = "", request: CertificateRequest | None = None) -> Certificate:
    """The community's staff certify the confirmed hours the community recorded for the person in the period.
    The content (the holder's masked identity, hours, their breakdown, the service) is frozen and hashed."""
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("出具单位须为社区")})
    require(actor is None or may_issue(actor, community))
    start, end = check_period(period_start, period_end)
    errors: dict = {}
    content = collect_text(errors, "content", content, required=False, max_length=limits.NOTE, label=_("服务内容"))
    _raise(errors)
    if request is not None:
        request = CertificateRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.PENDING:
            raise ValidationError(_("该申请已办理（%(s)s）") % {"s": request.get_status_display()})
        if request.person_id != person.pk or request.community_id != community.pk:
            raise ValidationError(_("证明的志愿者和社区须与申请一致"))
    hours = period_hours(person, community, start, end)
    if hours["total"] <= 0:
        raise ValidationError({"period_start": _("该时段内没有本社区已确认的志愿服务时长，不能出具证明")})
    now = clock.now()
    certificate = Certificate(
        number=_next_number(timezone.localtime(now).year), person=person, community=community,
        period_start=start, period_end=end, holder_name=person.name,
        holder_id_masked=mask_id_number(person.id_number), community_name=_community_name(community),
        hours_total=hours["total"],
        breakdown={"kinds": hours["kinds"], "teams": hours["teams"], "activities": hours["activities"],
                   "entries": hours["count"]},
        content=scrub(content) or _summary(hours), issued_by=actor, issued_at=now.replace(microsecond=0))
    certificate.content_hash = content_hash(certificate)
    certificate.save()
    if request is not None:
        request.status, request.certificate, request.handled_by, request.handled_at = (
            RequestStatus.ISSUED, certificate, actor, now)
        request.save(update_fields=["status", "certificate", "handled_by", "handled_at"])
    record(certificate, "certificate.issued", actor, {
        "number": certificate.number, "person_id": person.pk, "hours": str(certificate.hours_total),
        "period": [start.isoformat(), end.isoformat()], "hash": certificate.content_hash,
        "request_id": request.pk if request is not None else None})
    return certificate


@transaction.atomic
def revoke_certificate(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """A certificate issued in error is voided with a reason; it stays on record and its public page says so."""
    require(actor is None or may_issue(actor, certificate.community))
    errors: dict = {}
    reason = collect_text(errors, "reason", reason, required=True, max_length=limits.SHORT_TEXT, label=_("作废原因"))
    _raise(errors)
    certificate.refresh_from_db(from_queryset=Certificate.objects.select_for_update())
    if certificate.revoked:
        raise ValidationError(_("该证明已作废"))
    certificate.revoked, certificate.revoked_reason = True, scrub(reason)
    certificate.revoked_by, certificate.revoked_at = actor, clock.now()
    certificate.save(update_fields=["revoked", "revoked_reason", "revoked_by", "revoked_at"])
    record(certificate, "certificate.revoked", actor, {"number": certificate.number, "reason": reason})
    return certificate


def verify(number: str, hash_prefix: str) -> Certificate | None:
    """The certificate with this number whose stored content still hashes to a value starting with the given
    prefix (at least 8 hex characters); None: not found or not genuine."""
    number = (number or "").strip()[: limits.CODE]
    prefix = (hash_prefix or "").strip().lower()[:64]
    if len(prefix) < MIN_HASH_PREFIX or not all(c in "0123456789abcdef" for c in prefix):
        return None
    certificate = Certificate.objects.filter(number=number).select_related("community").first()
    if certificate is None:
        return None
    actual = content_hash(certificate)
    if actual != certificate.content_hash or not actual.startswith(prefix):
        return None
    return certificate


@transaction.atomic
def request_certificate(*, actor, community: RegionNode, period_start, period_end,
                        purpose: str = "") -> CertificateRequest:
    """A volunteer asks the community where she served for a certificate of her hours."""
    person = getattr(actor, "person", None)
    if person is None:
        raise ValidationError(_("您的账号尚未关联居民档案，请联系社区登记"))
    require(may_request(actor, person))
    if community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    start, end = check_period(period_start, period_end)
    errors: dict = {}
    purpose = collect_text(errors, "purpose", purpose, required=False, max_length=limits.SHORT_TEXT, label=_("用途"))
    _raise(errors)
    if period_hours(person, community, start, end)["total"] <= 0:
        raise ValidationError({"period_start": _("该时段内您在该社区没有已确认的服务时长")})
    if CertificateRequest.objects.filter(person=person, community=community, status=RequestStatus.PENDING).exists():
        raise ValidationError(_("您在该社区已有一份待出具的申请"))
    req = CertificateRequest.objects.create(person=person, community=community, period_start=start, period_end=end,
                                            purpose=scrub(purpose), requested_by=actor, requested_at=clock.now())
    record(req, "certificate_request.made", actor, {"community_id": community.pk,
                                                    "period": [start.isoformat(), end.isoformat()]})
    return req


@transaction.atomic
def decline_request(*, actor, request: CertificateRequest, reason: str) -> CertificateRequest:
    require(actor is None or may_issue(actor, request.community))
    errors: dict = {}
    reason = collect_text(errors, "reason", reason, required=True, max_length=limits.SHORT_TEXT, label=_("不予出具的原因"))
    _raise(errors)
    request.refresh_from_db(from_queryset=CertificateRequest.objects.select_for_update())
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("该申请已办理（%(s)s）") % {"s": request.get_status_display()})
    request.status, request.reason, request.handled_by, request.handled_at = (
        RequestStatus.DECLINED, scrub(reason), actor, clock.now())
    request.save(update_fields=["status", "reason", "handled_by", "handled_at"])
    record(request, "certificate_request.declined", actor, {"reason": reason})
    return request


# --- honours -------------------------------------------------------------------------------------------------------

@transaction.atomic
def open_selection(*, actor, node: RegionNode, year: int, kind: str) -> HonourSelection:
    """A community or street opens this year's selection of one honour."""
    if node.kind not in (RegionKind.COMMUNITY, RegionKind.STREET):
        raise ValidationError({"node": _("评选单位须为社区或街道")})
    require(actor is None or may_run_selection_at(actor, node))
    if kind not in HonourKind.values:
        raise ValidationError({"kind": _("请选择表彰类别")})
    if not isinstance(year, int) or not limits.PLATFORM_START.year <= year <= clock.today().year:
        raise ValidationError({"year": _("年度须在 %(a)d—%(b)d 之间") % {"a": limits.PLATFORM_START.year,
                                                                        "b": clock.today().year}})
    if HonourSelection.objects.filter(node=node, year=year, kind=kind).exists():
        raise ValidationError(_("%(node)s %(year)d 年度已有该类评选") % {"node": node.name, "year": year})
    try:
        with transaction.atomic():
            selection = HonourSelection.objects.create(node=node, year=year, kind=kind, created_by=actor,
                                                       created_at=clock.now())
    except IntegrityError:
        raise ValidationError(_("%(node)s %(year)d 年度已有该类评选") % {"node": node.name, "year": year}) from None
    record(selection, "honour.opened", actor, {"year": year, "kind": kind})
    return selection


def _lock_selection(selection: HonourSelection) -> HonourSelection:
    selection.refresh_from_db(from_queryset=HonourSelection.objects.select_for_update())
    return selection


@transaction.atomic
def nominate(*, actor, selection: HonourSelection, reason: str, person: Person | None = None,
             building: RegionNode | None = None, nominee_name: str = "", team: VolunteerTeam | None = None,
             as_resident: bool = False) -> Nomination:
    """A nomination with its reason: by the selection's staff (a person of their area or a building), by a team's
    captain for the team, or by a resident of the community from her phone (a name, or a building)."""
    if team is not None:
        require(actor is not None and is_team_captain(actor, team))
        nominated_as = NominatedAs.TEAM
    elif as_resident or actor is None or not may_nominate_as_staff(actor, selection):
        require(actor is not None and may_nominate_as_resident(actor, selection))
        nominated_as = NominatedAs.RESIDENT
    else:
        nominated_as = NominatedAs.STAFF
    errors: dict = {}
    reason = collect_text(errors, "reason", reason, required=True, max_length=limits.SHORT_TEXT, label=_("推荐理由"))
    nominee_name = collect_text(errors, "nominee_name", nominee_name, required=False, max_length=limits.NAME,
                         label=_("被推荐人姓名"))
    kind = selection.kind
    if kind == HonourKind.BUILDING:
        if building is None or building.kind != RegionKind.BUILDING \
                or not building.path.startswith(selection.node.path):
            errors["building"] = _("请选择本辖区内的楼栋")
        person, nominee_name = None, ""
    else:
        building = None
        if person is not None:
            if not person.home.path.startswith(selection.node.path):
                errors["person"] = _("被推荐人须居住在本辖区")
            nominee_name = person.name
        elif not nominee_name:
            errors["nominee_name"] = _("请填写被推荐人姓名")
    _raise(errors)
    _lock_selection(selection)
    if selection.status != SelectionStatus.NOMINATING:
        raise ValidationError(_("该评选已结束推荐（%(s)s）") % {"s": selection.get_status_display()})
    if (person is not None and selection.nominations.filter(person=person).exists()) or \
            (building is not None and selection.nominations.filter(building=building).exists()):
        raise ValidationError(_("已有人推荐过，无需重复推荐"))
    nomination = Nomination.objects.create(selection=selection, person=person, building=building,
                                           nominee_name=nominee_name, reason=scrub(reason),
                                           nominated_as=nominated_as, team=team, nominated_by=actor,
                                           nominated_at=clock.now())
    record(nomination, "honour.nominated", actor, {"selection_id": selection.pk, "as": nominated_as,
                                                   "person_id": person.pk if person else None,
                                                   "building_id": building.pk if building else None})
    return nomination


DECISIONS = {"selected": NominationStatus.SELECTED, "not_selected": NominationStatus.NOT_SELECTED}


@transaction.atomic
def decide_selection(*, actor, selection: HonourSelection, committee: str, decided_on,
                     decisions: dict[int, tuple[str, str]]) -> HonourSelection:
    """The committee's decision: every nomination selected or not, each with its reason; the members and the
    date recorded. One decision for the whole selection, all or nothing."""
    require(actor is None or may_run_selection_at(actor, selection.node))
    errors: dict = {}
    committee = collect_text(errors, "committee", committee, required=True, max_length=limits.SHORT_TEXT,
                      label=_("评审委员会成员"))
    if not isinstance(decided_on, dt.date) or decided_on > clock.today() or decided_on.year < selection.year:
        errors["decided_on"] = _("评定日期须在评选年度内或之后，且不晚于今天")
    _raise(errors)
    _lock_selection(selection)
    if selection.status != SelectionStatus.NOMINATING:
        raise ValidationError(_("该评选已评定（%(s)s）") % {"s": selection.get_status_display()})
    nominations = list(selection.nominations.select_for_update().order_by("pk"))
    if not nominations:
        raise ValidationError(_("尚无推荐，不能评定"))
    checked: list[tuple[Nomination, str, str]] = []
    for n in nominations:
        decision, reason = decisions.get(n.pk, ("", ""))
        if decision not in DECISIONS:
            errors[f"decision_{n.pk}"] = _("请为每一位被推荐对象选择当选或未当选")
            continue
        reason = (reason or "").strip()
        if not reason:
            errors[f"reason_{n.pk}"] = _("请填写评定理由")
        elif len(reason) > limits.SHORT_TEXT:
            errors[f"reason_{n.pk}"] = _("评定理由不能超过 %(n)d 个字") % {"n": limits.SHORT_TEXT}
        checked.append((n, DECISIONS[decision], reason))
    unknown = set(decisions) - {n.pk for n in nominations}
    if unknown:
        errors["decisions"] = _("评定中含有不属于本评选的推荐")
    _raise(errors)
    if not any(status == NominationStatus.SELECTED for _n, status, _r in checked):
        raise ValidationError(_("至少须有一位当选"))
    for n, status, reason in checked:
        n.status, n.decision_reason = status, scrub(reason)
        n.save(update_fields=["status", "decision_reason"])
    selection.status, selection.committee, selection.decided_on = SelectionStatus.DECIDED, scrub(committee), decided_on
    selection.decided_by = actor
    selection.save(update_fields=["status", "committee", "decided_on", "decided_by"])
    record(selection, "honour.decided", actor, {
        "decided_on": decided_on.isoformat(),
        "selected": [n.pk for n, s, _r in checked if s == NominationStatus.SELECTED],
        "not_selected": [n.pk for n, s, _r in checked if s == NominationStatus.NOT_SELECTED]})
    return selection


@transaction.atomic
def publish_selection(*, actor, selection: HonourSelection) -> HonourSelection:
    """The decided selection goes on the public board (masked names, buildings without rooms)."""
    require(actor is None or may_run_selection_at(actor, selection.node))
    _lock_selection(selection)
    if selection.status != SelectionStatus.DECIDED:
        raise ValidationError(_("只有已评定的评选可以公布（当前：%(s)s）") % {"s": selection.get_status_display()})
    selection.status, selection.published_at = SelectionStatus.PUBLISHED, clock.now()
    selection.save(update_fields=["status", "published_at"])
    record(selection, "honour.published", actor, {"year": selection.year, "kind": selection.kind})
    return selection


def parse_decisions(data: Any, nomination_ids) -> dict[int, tuple[str, str]]:
    """decision_<id> / reason_<id> fields of the committee's form."""
    return {pk: (str(data.get(f"decision_{pk}", ""))[:20], str(data.get(f"reason_{pk}", ""))[: limits.SHORT_TEXT + 1])
            for pk in nomination_ids}
