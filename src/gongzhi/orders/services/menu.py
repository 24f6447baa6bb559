"""The service menu (服务菜单) of a community and its time limits: building the menu from published resources and
the commitments of contracts in force, manual items, publish/withdraw, and the community's order policy.

`actor` None means the system itself (demo data, imports): permission checks are skipped, state checks are not."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.contracts.models import Commitment, ContractStatus
from gongzhi.core import clock
from gongzhi.lists.models import Category, Resource, ResourceStatus, Side
from gongzhi.lists.permissions import unit_communities
from gongzhi.orders.models import Cost, MenuItem, OrderPolicy, Period, ProviderKind, period_start
from gongzhi.orders.permissions import may_manage_menu
from gongzhi.orders.services._common import clean_text, raise_errors, require
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember, VolunteerTeam
from gongzhi.regions.models import RegionKind, RegionNode

PERIODS_PER_YEAR = {Period.WEEK: 52, Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}
DEFAULT_PRICE_NOTE = "低偿，详询服务方"
EDITABLE_FIELDS = {"title", "category", "offer", "schedule", "place", "period", "capacity", "cost", "price_note"}


def _check_community(community) -> None:
    if community is None or community.kind != RegionKind.COMMUNITY:
        raise ValidationError({"community": _("请选择社区")})


def provider_kind_of(provider) -> str:
    if isinstance(provider, Organisation):
        return ProviderKind.ORGANISATION
    if isinstance(provider, VolunteerTeam):
        return ProviderKind.TEAM
    if isinstance(provider, PartyMember):
        return ProviderKind.PARTY_MEMBER
    raise ValidationError({"provider": _("请选择服务方（驻区单位、志愿服务队或在职党员）")})


def provider_serves(provider, community: RegionNode) -> bool:
    """A unit serves the community it is placed in (or every community below a street-level unit); a team its
    own community; an in-service party member the community they registered with."""
    kind = provider_kind_of(provider)
    if kind == ProviderKind.ORGANISATION:
        return unit_communities(provider).filter(pk=community.pk).exists()
    if kind == ProviderKind.TEAM:
        return provider.community_id == community.pk
    return provider.in_service and provider.registered_community_id == community.pk


def _provider_columns(provider) -> dict:
    kind = provider_kind_of(provider)
    return {"provider_kind": kind, "organisation": provider if kind == ProviderKind.ORGANISATION else None,
            "team": provider if kind == ProviderKind.TEAM else None,
            "party_member": provider if kind == ProviderKind.PARTY_MEMBER else None}


def plan_capacity(times_per_year: int | None, people_per_session: int | None) -> tuple[str, int | None]:
    """A resource's yearly sessions and people per session → a period and the places in each period."""
    if not people_per_session:
        return Period.MONTH, None
    times = times_per_year or 12
    period = (Period.WEEK if times >= 52 else Period.MONTH if times >= 12 else Period.QUARTER if times >= 4
              else Period.YEAR)
    return period, people_per_session * max(1, round(times / PERIODS_PER_YEAR[period]))


def infer_category(commitment: Commitment, categories: list[Category]) -> Category:
    """A commitment has no category: take its resources', else its needs', else the category whose keywords
    its text names most, else 党建共建."""
    for linked in (commitment.resources.all(), commitment.needs.all()):
        for row in linked:
            if row.category.active:
                return row.category
    text = f"{commitment.title} {commitment.content}"
    scored = [(sum(1 for k in c.keywords.split() if k and k in text), -c.order, c) for c in categories]
    best = max(scored, key=lambda s: (s[0], s[1]), default=None)
    if best is not None and best[0] > 0:
        return best[2]
    return next((c for c in categories if c.code == "party_building"), categories[0])


def _clean_item(errors: dict, *, title, category, period, capacity, cost, price_note) -> dict:
    title = clean_text(title, 120)
    if not title:
        errors["title"] = _("请填写服务名称")
    if category is None or not category.active:
        errors["category"] = _("请选择有效的服务类别")
    if period not in Period.values:
        errors["period"] = _("名额周期不正确")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0 or capacity > 100_000):
        errors["capacity"] = _("每期名额须为 0 到 100000 之间的整数（不限名额请留空）")
    if cost not in Cost.values:
        errors["cost"] = _("收费方式不正确")
    price_note = clean_text(price_note, 40)
    if cost == Cost.SEMI_FREE and not price_note:
        errors["price_note"] = _("半公益服务请写明收费，如“1元”")
    return {"title": title, "price_note": price_note if cost == Cost.SEMI_FREE else ""}


@transaction.atomic
def create_item(*, actor, community: RegionNode, title: str, category: Category, provider, offer: str = "",
                schedule: str = "", place: str = "", period: str = Period.MONTH, capacity: int | None = None,
                cost: str = Cost.FREE, price_note: str = "", active: bool = True, resource: Resource | None = None,
                commitment: Commitment | None = None) -> MenuItem:
    """A menu item of the community's menu, by its community staff. The provider must serve the community."""
    _check_community(community)
    if actor is not None:
        require(may_manage_menu(actor, community))
    errors: dict = {}
    cleaned = _clean_item(errors, title=title, category=category, period=period, capacity=capacity, cost=cost,
                          price_note=price_note)
    try:
        columns = _provider_columns(provider)
    except ValidationError as e:
        errors.update(e.message_dict)
    else:
        if not provider_serves(provider, community):
            errors["provider"] = _("服务方须为本社区的驻区单位、志愿服务队或已报到的在职党员")
    raise_errors(errors)
    now = clock.now()
    item = MenuItem.objects.create(
        community=community, category=category, resource=resource, commitment=commitment, offer=clean_text(offer, 2000),
        schedule=clean_text(schedule, 120), place=clean_text(place, 120), period=period, capacity=capacity,
        places_left=capacity, period_start=period_start(period, clock.today()), cost=cost, active=active,
        created_by=actor, created_at=now, updated_at=now, **cleaned, **columns)
    record(item, "menu_item.created", actor, {
        "provider_kind": item.provider_kind, "provider": item.provider_key[1], "category": category.code,
        "source": "resource" if resource else "commitment" if commitment else "manual", "capacity": capacity,
        "cost": cost, "active": active})
    return item


def _sources(community: RegionNode):
    """Published unit resources of the community, and the commitments of its signed contracts in force."""
    today = clock.today()
    resources = (Resource.objects.filter(community=community, status=ResourceStatus.PUBLISHED, side=Side.UNIT,
                                         organisation__isnull=False)
                 .select_related("organisation", "category").order_by("pk"))
    commitments = (Commitment.objects.filter(contract__community=community, contract__status=ContractStatus.SIGNED,
                                             contract__term_start__lte=today, contract__term_end__gte=today)
                   .prefetch_related("undertakers", "resources__category", "needs__category").order_by("pk"))
    return resources, commitments


@transaction.atomic
def build_menu(*, actor, community: RegionNode, active: bool = True) -> dict[str, int]:
    """Put every published unit resource and every commitment (per undertaking unit) of the community's signed
    contracts in force on its menu, once: items that exist already are left as staff edited them (the database
    holds one item per resource and per commitment and unit). A commitment whose unit already offers one of its
    resources on the menu is not added a second time."""
    _check_community(community)
    if actor is not None:
        require(may_manage_menu(actor, community))
    categories = list(Category.objects.filter(active=True).order_by("order", "pk"))
    resources, commitments = _sources(community)
    on_menu = set(MenuItem.objects.filter(resource__isnull=False).values_list("resource_id", flat=True))
    from_commitments = set(MenuItem.objects.filter(commitment__isnull=False)
                           .values_list("commitment_id", "organisation_id"))
    offered = set(MenuItem.objects.filter(community=community, resource__isnull=False)
                  .values_list("organisation_id", "resource_id"))
    counts = {"created": 0, "existing": 0}

    def create(**kwargs) -> None:
        try:
            with transaction.atomic():
                create_item(actor=actor, community=community, active=active, **kwargs)
        except IntegrityError:  # a concurrent build made it first
            counts["existing"] += 1
        else:
            counts["created"] += 1

    for r in resources:
        if r.pk in on_menu:
            counts["existing"] += 1
            continue
        if not r.category.active:
            continue
        period, capacity = plan_capacity(r.times_per_year, r.people_per_session)
        create(title=r.title, category=r.category, provider=r.organisation, offer=r.description,
               schedule=r.schedule, place=r.place, period=period, capacity=capacity, cost=r.cost,
               price_note=DEFAULT_PRICE_NOTE if r.cost == Cost.SEMI_FREE else "", resource=r)
        offered.add((r.organisation_id, r.pk))
    for c in commitments:
        for unit in c.undertakers.all():
            if (c.pk, unit.pk) in from_commitments:
                counts["existing"] += 1
                continue
            if any((unit.pk, r.pk) in offered for r in c.resources.all()):
                continue  # the unit's resource behind this commitment is on the menu already
            if not unit_communities(unit).filter(pk=community.pk).exists():
                continue
            create(title=c.title, category=infer_category(c, categories), provider=unit, offer=c.content,
                   schedule=_("%(d)s 前") % {"d": c.deadline.isoformat()}, commitment=c)
    record(community, "menu.built", actor, counts)
    return counts


def _lock(item: MenuItem) -> MenuItem:
    fresh = MenuItem.objects.select_for_update().get(pk=item.pk)
    for f in ("active", "capacity", "places_left", "period", "period_start"):
        setattr(item, f, getattr(fresh, f))
    return item


@transaction.atomic
def update_item(*, actor, item: MenuItem, **fields) -> MenuItem:
    """Edit what an item offers. A new capacity keeps the places already taken this period; a new period starts
    with all its places. The provider cannot change (another provider is another item)."""
    if set(fields) - EDITABLE_FIELDS:
        raise ValueError(f"unknown fields {set(fields) - EDITABLE_FIELDS}")
    if actor is not None:
        require(may_manage_menu(actor, item.community))
    _lock(item)
    merged = {k: fields.get(k, getattr(item, k)) for k in EDITABLE_FIELDS}
    errors: dict = {}
    cleaned = _clean_item(errors, title=merged["title"], category=merged["category"], period=merged["period"],
                          capacity=merged["capacity"], cost=merged["cost"], price_note=merged["price_note"])
    raise_errors(errors)
    merged.update(cleaned, offer=clean_text(merged["offer"], 2000), schedule=clean_text(merged["schedule"], 120),
                  place=clean_text(merged["place"], 120))
    changed = sorted(k for k in EDITABLE_FIELDS if merged[k] != getattr(item, k))
    taken = (item.capacity - item.places_left
             if item.capacity is not None and item.places_left is not None else 0)
    if "period" in changed:
        item.period_start, taken = period_start(merged["period"], clock.today()), 0
    for k in changed:
        setattr(item, k, merged[k])
    item.places_left = None if item.capacity is None else max(0, item.capacity - taken)
    item.updated_at = clock.now()
    item.save()
    record(item, "menu_item.updated", actor, {"fields": changed})
    return item


@transaction.atomic
def publish_item(*, actor, item: MenuItem) -> MenuItem:
    """Put a withdrawn item back on the menu."""
    if actor is not None:
        require(may_manage_menu(actor, item.community))
    _lock(item)
    if item.active:
        raise ValidationError(_("该服务已在菜单上"))
    MenuItem.objects.filter(pk=item.pk).update(active=True, updated_at=clock.now())
    item.active = True
    record(item, "menu_item.published", actor, {})
    return item


@transaction.atomic
def withdraw_item(*, actor, item: MenuItem) -> MenuItem:
    """Take an item off the menu; orders already placed go on."""
    if actor is not None:
        require(may_manage_menu(actor, item.community))
    _lock(item)
    if not item.active:
        raise ValidationError(_("该服务已下架"))
    MenuItem.objects.filter(pk=item.pk).update(active=False, updated_at=clock.now())
    item.active = False
    record(item, "menu_item.withdrawn", actor, {})
    return item


@transaction.atomic
def update_policy(*, actor, community: RegionNode, take_hours: int, confirm_hours: int,
                  staff_confirm_hours: int) -> OrderPolicy:
    """Set the community's time limits (1 to 720 hours each). Orders already placed keep their deadlines."""
    _check_community(community)
    if actor is not None:
        require(may_manage_menu(actor, community))
    values = {"take_hours": take_hours, "confirm_hours": confirm_hours, "staff_confirm_hours": staff_confirm_hours}
    errors = {k: _("时限须为 1 到 720 小时") for k, v in values.items()
              if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 720}
    if not errors and staff_confirm_hours > confirm_hours:
        errors["staff_confirm_hours"] = _("代为确认的等待时间不能长于居民确认时限")
    raise_errors(errors)
    policy, _created = OrderPolicy.objects.select_for_update().get_or_create(community=community)
    changed = sorted(k for k, v in values.items() if getattr(policy, k) != v)
    for k, v in values.items():
        setattr(policy, k, v)
    policy.updated_by = actor if actor is not None and getattr(actor, "pk", None) else None
    policy.updated_at = clock.now()
    policy.save()
    record(policy, "order_policy.updated", actor, {"fields": changed, **values})
    return policy

