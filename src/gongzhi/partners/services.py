"""社区合伙人: every write (keyword-only functions, one transaction, the checks, the chronicle entry).

`actor` None means the system itself (the demo): permission checks are skipped, the rules are not. A refused change
raises ValidationError with a Chinese message (nothing written) or PermissionDenied (pages and API answer 404)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core import clock, limits
from gongzhi.core.checks import clean_text, require
from gongzhi.lists.models import Beneficiary
from gongzhi.organisations.models import Organisation, OrganisationKind
from gongzhi.organisations.services import register_organisation, update_organisation
from gongzhi.partners.models import (
    LIVE_STATUSES,
    AllianceMember,
    MerchantAlliance,
    Offer,
    OfferAudience,
    OfferStatus,
    Partner,
    PartnerKind,
    PartnerProject,
    PartnerStatus,
    ProjectStatus,
)
from gongzhi.partners.permissions import (
    may_apply,
    may_change_offer,
    may_decide,
    may_manage_alliance,
    may_manage_alliance_at,
    may_publish_project,
    may_write_offer,
    may_write_project,
)
from gongzhi.regions.models import RegionKind, RegionNode

# --- small shared steps -------------------------------------------------------------------------------------------


def _choice(value: str, choices, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("请选择%(label)s") % {"label": label}})
    return value


def _period(start: dt.date | None, end: dt.date | None, *, start_field: str, end_field: str,
            start_required: bool = True) -> None:
    if start_required and start is None:
        raise ValidationError({start_field: _("请填写起始日期")})
    for field, day in ((start_field, start), (end_field, end)):
        if day is not None and not limits.FIRST_YEAR <= day.year <= limits.LAST_YEAR:
            raise ValidationError({field: _("日期须在 %(first)s 年至 %(last)s 年之间")
                                   % {"first": limits.FIRST_YEAR, "last": limits.LAST_YEAR}})
    if start is not None and end is not None and end < start:
        raise ValidationError({end_field: _("截止日期（%(end)s）早于起始日期（%(start)s）")
                               % {"end": end.isoformat(), "start": start.isoformat()}})


def _day(value: dt.date | None, *, field: str) -> dt.date:
    if value is None:
        raise ValidationError({field: _("请填写日期")})
    return value


def _community(node: RegionNode | None) -> RegionNode:
    if node is None or node.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})
    return node


def _live_elsewhere(community: RegionNode, organisation: Organisation) -> Partner | None:
    return (Partner.objects.filter(community=community, organisation=organisation, status__in=LIVE_STATUSES)
            .first())


def _already_live_error(community: RegionNode, organisation: Organisation, partner: Partner | None) -> ValidationError:
    status = partner.get_status_display() if partner is not None else _("待审核或已入伙")
    return ValidationError({"organisation": _("%(unit)s 已是%(community)s的合伙人或已提交申请（%(status)s），"
                                              "同一单位在一个社区只能有一份有效的合伙申请")
                            % {"unit": organisation.name, "community": community.name, "status": status}})


# --- partner applications ---------------------------------------------------------------------------------------

@transaction.atomic
def apply(*, actor, community: RegionNode, kind: str, gives: str, gets: str = "",
          organisation: Organisation | None = None, new_organisation: dict | None = None) -> Partner:
    """An application to become `community`'s partner: for a registered unit (`organisation`), or — community
    staff only — for a new one (`new_organisation`: name, kind, contact_name, contact_phone), registered through
    the organisations service in the same transaction. `gives`: what the partner offers; `gets`: what it wants."""
    community = _community(community)
    kind = _choice(kind, PartnerKind, field="kind", label=_("合伙类型"))
    gives = clean_text(gives, field="gives", label=_("合伙人提供的服务或资源"), max_length=limits.NOTE)
    gets = clean_text(gets, field="gets", label=_("希望社区提供的支持"), max_length=limits.NOTE, required=False)
    if organisation is None and not new_organisation:
        raise ValidationError({"organisation": _("请选择申请单位，或填写新单位的名称")})
    if organisation is not None and new_organisation:
        raise ValidationError({"organisation": _("请只选择已登记单位或填写新单位，二者选其一")})
    if actor is not None:
        require(may_apply(actor, community=community, organisation=organisation))
    if organisation is None:
        data = new_organisation or {}
        name = clean_text(data.get("name"), field="new_name", label=_("新单位名称"), max_length=120)
        org_kind = _choice(data.get("kind") or "", OrganisationKind, field="new_kind", label=_("单位类别"))
        contact_name = clean_text(data.get("contact_name"), field="contact_name", label=_("联系人"),
                             max_length=limits.NAME, required=False)
        if Organisation.objects.filter(name=name).exists():
            raise ValidationError({"new_name": _("已有名为“%(name)s”的单位，请在已登记单位中选择")
                                   % {"name": name}})
        organisation = register_organisation(
            actor=actor, name=name, kind=org_kind, home=community,
            contact={"name": contact_name, "phone": (data.get("contact_phone") or "").strip(),
                     "title": _("合伙联络人")} if contact_name else None)
    existing = _live_elsewhere(community, organisation)
    if existing is not None:
        raise _already_live_error(community, organisation, existing)
    partner = Partner(community=community, organisation=organisation, kind=kind, gives=gives, gets=gets,
                      applied_by=actor or _system_user(), applied_at=clock.now())
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:  # a second application for the same unit and community committed meanwhile
        raise _already_live_error(community, organisation, None) from None
    record(partner, "partners.applied", actor, {"organisation": organisation.pk, "kind": kind,
                                                "new_organisation": bool(new_organisation)})
    return partner


def _system_user():
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        raise ValidationError(_("系统中还没有管理员账户"))
    return admin


def _decidable(partner: Partner) -> Partner:
    """The partner row, locked, still waiting for review."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if locked.status != PartnerStatus.APPLIED:
        raise ValidationError(_("该申请已审核（%(status)s），不能再次审核") % {"status": locked.get_status_display()})
    return locked


def _set_partner_type(organisation: Organisation, kind: str) -> None:
    """The organisations registry carries the unit's partner type (事业/公益/社企合伙): it follows the unit's
    partnerships in force."""
    if organisation.partner_type != kind:
        update_organisation(actor=None, organisation=organisation, partner_type=kind)


@transaction.atomic
def approve(*, actor, partner: Partner, gives: str | None = None, gets: str, agreement_start: dt.date | None,
            agreement_end: dt.date | None = None, note: str = "") -> Partner:
    """Approve with the partner agreement: what the partner gives, what it gets (space, publicity), the dates."""
    if actor is not None:
        require(may_decide(actor, partner))
    gives = clean_text(partner.gives if gives is None else gives, field="gives", label=_("合伙人提供的服务或资源"),
                  max_length=limits.NOTE)
    gets = clean_text(gets, field="gets", label=_("社区提供的支持（空间、宣传等）"), max_length=limits.NOTE)
    note = clean_text(note, field="note", label=_("审核意见"), max_length=limits.SHORT_TEXT, required=False)
    _period(agreement_start, agreement_end, start_field="agreement_start", end_field="agreement_end")
    partner = _decidable(partner)
    partner.status = PartnerStatus.APPROVED
    partner.gives, partner.gets = gives, gets
    partner.agreement_start, partner.agreement_end = agreement_start, agreement_end
    partner.decided_by, partner.decided_at, partner.decision_note = actor or _system_user(), clock.now(), note
    partner.save()
    _set_partner_type(partner.organisation, partner.kind)
    record(partner, "partners.approved", actor, {
        "agreement_start": agreement_start.isoformat() if agreement_start else None,
        "agreement_end": agreement_end.isoformat() if agreement_end else None})
    return partner


@transaction.atomic
def reject(*, actor, partner: Partner, reason: str) -> Partner:
    if actor is not None:
        require(may_decide(actor, partner))
    reason = clean_text(reason, field="reason", label=_("不通过的理由"), max_length=limits.SHORT_TEXT)
    partner = _decidable(partner)
    partner.status = PartnerStatus.REJECTED
    partner.decided_by, partner.decided_at, partner.decision_note = actor or _system_user(), clock.now(), reason
    partner.save()
    record(partner, "partners.rejected", actor, {})
    return partner


@transaction.atomic
def end(*, actor, partner: Partner, reason: str) -> Partner:
    """End a partnership in force; the unit keeps its partner type only while another partnership is in force."""
    if actor is not None:
        require(may_decide(actor, partner))
    reason = clean_text(reason, field="reason", label=_("退出原因"), max_length=limits.SHORT_TEXT)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.status != PartnerStatus.APPROVED:
        raise ValidationError(_("只有已入伙的合伙人才能退出（当前：%(status)s）")
                              % {"status": partner.get_status_display()})
    partner.status = PartnerStatus.ENDED
    partner.ended_by, partner.ended_at, partner.end_note = actor or _system_user(), clock.now(), reason
    partner.save()
    others = (Partner.objects.filter(organisation=partner.organisation, status=PartnerStatus.APPROVED)
              .order_by("-decided_at").first())
    _set_partner_type(partner.organisation, others.kind if others else "")
    PartnerProject.objects.filter(partner=partner, status=ProjectStatus.DRAFT).update(status=ProjectStatus.CLOSED)
    record(partner, "partners.ended", actor, {})
    return partner


# --- partner projects (合伙人项目清单) ------------------------------------------------------------------------------

@transaction.atomic
def create_project(*, actor, partner: Partner, title: str, content: str, starts_on: dt.date | None,
                   ends_on: dt.date | None = None, beneficiaries: str = Beneficiary.ALL_RESIDENTS) -> PartnerProject:
    if actor is not None:
        require(may_write_project(actor, partner))
    if partner.status != PartnerStatus.APPROVED:
        raise ValidationError(_("只有已入伙的合伙人才能登记项目"))
    title = clean_text(title, field="title", label=_("项目名称"), max_length=120)
    content = clean_text(content, field="content", label=_("服务内容"), max_length=limits.NOTE)
    beneficiaries = _choice(beneficiaries, Beneficiary, field="beneficiaries", label=_("服务对象"))
    starts_on = _day(starts_on, field="starts_on")
    _period(starts_on, ends_on, start_field="starts_on", end_field="ends_on")
    project = PartnerProject.objects.create(partner=partner, title=title, content=content, starts_on=starts_on,
                                            ends_on=ends_on, beneficiaries=beneficiaries,
                                            created_by=actor or _system_user(), created_at=clock.now())
    record(project, "partners.project_created", actor, {"partner": partner.pk})
    return project


@transaction.atomic
def publish_project(*, actor, project: PartnerProject) -> PartnerProject:
    if actor is not None:
        require(may_publish_project(actor, project))
    project = PartnerProject.objects.select_for_update().select_related("partner").get(pk=project.pk)
    if project.status != ProjectStatus.DRAFT:
        raise ValidationError(_("只有草稿才能公开（当前：%(status)s）") % {"status": project.get_status_display()})
    if project.partner.status != PartnerStatus.APPROVED:
        raise ValidationError(_("该合伙人已不在合伙期内，项目不能公开"))
    project.status, project.published_at = ProjectStatus.PUBLISHED, clock.now()
    project.save(update_fields=["status", "published_at"])
    record(project, "partners.project_published", actor, {})
    return project


@transaction.atomic
def close_project(*, actor, project: PartnerProject) -> PartnerProject:
    if actor is not None:
        require(may_publish_project(actor, project))
    project = PartnerProject.objects.select_for_update().get(pk=project.pk)
    if project.status == ProjectStatus.CLOSED:
        raise ValidationError(_("该项目已结项"))
    project.status = ProjectStatus.CLOSED
    project.save(update_fields=["status"])
    record(project, "partners.project_closed", actor, {})
    return project


# --- merchant alliances (商家联盟) ------------------------------------------------------------------------------------

@transaction.atomic
def create_alliance(*, actor, region: RegionNode | None, name: str, founded_on: dt.date | None,
                    description: str = "") -> MerchantAlliance:
    if region is None or region.kind not in (RegionKind.STREET, RegionKind.COMMUNITY):
        raise ValidationError({"region": _("商家联盟须建在街道或社区")})
    if actor is not None:
        require(may_manage_alliance_at(actor, region))
    name = clean_text(name, field="name", label=_("联盟名称"), max_length=120)
    description = clean_text(description, field="description", label=_("简介"), max_length=limits.DESCRIPTION,
                        required=False)
    founded_on = _day(founded_on, field="founded_on")
    _period(founded_on, None, start_field="founded_on", end_field="founded_on")
    if MerchantAlliance.objects.filter(region=region, name=name).exists():
        raise ValidationError({"name": _("%(region)s已有名为“%(name)s”的商家联盟") % {"region": region.name, "name": name}})
    alliance = MerchantAlliance.objects.create(region=region, name=name, founded_on=founded_on,
                                               description=description, created_by=actor or _system_user(),
                                               created_at=clock.now())
    record(alliance, "partners.alliance_created", actor, {"name": name})
    return alliance


@transaction.atomic
def add_member(*, actor, alliance: MerchantAlliance, organisation: Organisation | None,
               joined_on: dt.date | None) -> AllianceMember:
    if actor is not None:
        require(may_manage_alliance(actor, alliance))
    if organisation is None:
        raise ValidationError({"organisation": _("请选择商户")})
    if not organisation.home.path.startswith(alliance.region.path):
        raise ValidationError({"organisation": _("%(unit)s 不在%(region)s范围内")
                               % {"unit": organisation.name, "region": alliance.region.name}})
    joined_on = _day(joined_on, field="joined_on")
    _period(joined_on, None, start_field="joined_on", end_field="joined_on")
    if AllianceMember.objects.filter(alliance=alliance, organisation=organisation, left_on__isnull=True).exists():
        raise ValidationError({"organisation": _("%(unit)s 已是本联盟成员") % {"unit": organisation.name}})
    try:
        with transaction.atomic():
            member = AllianceMember.objects.create(alliance=alliance, organisation=organisation, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError({"organisation": _("%(unit)s 已是本联盟成员") % {"unit": organisation.name}}) from None
    record(alliance, "partners.member_added", actor, {"organisation": organisation.pk,
                                                      "joined_on": joined_on.isoformat()})
    return member


@transaction.atomic
def remove_member(*, actor, member: AllianceMember, left_on: dt.date | None) -> AllianceMember:
    """A merchant leaves on `left_on`; its published offers are withdrawn with it."""
    if actor is not None:
        require(may_manage_alliance(actor, member.alliance))
    member = AllianceMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("该商户已于 %(day)s 退出联盟") % {"day": member.left_on.isoformat()})
    left_on = _day(left_on, field="left_on")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("退出日期（%(left)s）早于加入日期（%(joined)s）")
                               % {"left": left_on.isoformat(), "joined": member.joined_on.isoformat()}})
    _period(member.joined_on, left_on, start_field="left_on", end_field="left_on")
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    withdrawn = Offer.objects.filter(member=member, status=OfferStatus.PUBLISHED).update(status=OfferStatus.WITHDRAWN)
    record(member.alliance, "partners.member_removed", actor, {"organisation": member.organisation_id,
                                                               "left_on": left_on.isoformat(),
                                                               "offers_withdrawn": withdrawn})
    return member


# --- offers ----------------------------------------------------------------------------------------------------------

@transaction.atomic
def create_offer(*, actor, member: AllianceMember, title: str, description: str, valid_from: dt.date | None,
                 valid_until: dt.date | None = None, audience: str = OfferAudience.ALL,
                 publish: bool = False) -> Offer:
    if actor is not None:
        require(may_write_offer(actor, member))
    if member.left_on is not None:
        raise ValidationError(_("该商户已退出联盟，不能发布优惠"))
    title = clean_text(title, field="title", label=_("优惠名称"), max_length=120)
    description = clean_text(description, field="description", label=_("优惠内容"), max_length=limits.NOTE)
    audience = _choice(audience, OfferAudience, field="audience", label=_("面向人群"))
    valid_from = _day(valid_from, field="valid_from")
    _period(valid_from, valid_until, start_field="valid_from", end_field="valid_until")
    now = clock.now()
    offer = Offer.objects.create(member=member, organisation=member.organisation, title=title,
                                 description=description, audience=audience, valid_from=valid_from,
                                 valid_until=valid_until, created_by=actor or _system_user(), created_at=now,
                                 status=OfferStatus.PUBLISHED if publish else OfferStatus.DRAFT,
                                 published_at=now if publish else None)
    record(offer, "partners.offer_published" if publish else "partners.offer_created", actor,
           {"organisation": member.organisation_id, "audience": audience})
    return offer


@transaction.atomic
def publish_offer(*, actor, offer: Offer) -> Offer:
    if actor is not None:
        require(may_change_offer(actor, offer))
    offer = Offer.objects.select_for_update().select_related("member").get(pk=offer.pk)
    if offer.status == OfferStatus.PUBLISHED:
        raise ValidationError(_("该优惠已发布"))
    if offer.member.left_on is not None:
        raise ValidationError(_("该商户已退出联盟，不能发布优惠"))
    if offer.valid_until is not None and offer.valid_until < clock.today():
        raise ValidationError(_("该优惠已于 %(day)s 到期，不能发布") % {"day": offer.valid_until.isoformat()})
    offer.status, offer.published_at = OfferStatus.PUBLISHED, clock.now()
    offer.save(update_fields=["status", "published_at"])
    record(offer, "partners.offer_published", actor, {})
    return offer


@transaction.atomic
def withdraw_offer(*, actor, offer: Offer, reason: str = "") -> Offer:
    if actor is not None:
        require(may_change_offer(actor, offer))
    reason = clean_text(reason, field="reason", label=_("撤下原因"), max_length=limits.SHORT_TEXT, required=False)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的优惠才能撤下（当前：%(status)s）") % {"status": offer.get_status_display()})
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status"])
    record(offer, "partners.offer_withdrawn", actor, {"reason": reason})
    return offer


# --- the sweep ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def sweep(*, today: dt.date | None = None) -> int:
    """End every partnership whose agreement ran out before `today` (by the system, reason 协议到期) — its unit keeps
    its partner type only while another partnership is in force. Idempotent: an ended partnership is not found again;
    two sweeps at once end it once (the row lock and the status check in `end`)."""
    today = today or clock.today()
    lapsed = list(Partner.objects.filter(status=PartnerStatus.APPROVED, agreement_end__lt=today)
                  .values_list("pk", flat=True))
    ended = 0
    for pk in lapsed:
        partner = Partner.objects.select_for_update().get(pk=pk)
        if partner.status != PartnerStatus.APPROVED:
            continue
        end(actor=None, partner=partner, reason=_("合伙协议于 %(day)s 到期") % {"day": partner.agreement_end})
        ended += 1
    return ended
