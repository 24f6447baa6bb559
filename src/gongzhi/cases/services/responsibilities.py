"""权责清单 upkeep (district / street staff for their own region, administrators anywhere) and the case
categories' time limits (administrators)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.cases.models import CaseCategory, Counting, MatterKind, Responsibility, Urgency
from gongzhi.cases.permissions import may_edit_responsibilities
from gongzhi.cases.services.common import raise_errors, require, text
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.regions.models import RegionKind

LIST_REGION_KINDS = (RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET)


def _check_links(errors: dict, region, departments, categories) -> tuple[list, list]:
    departments, categories = list(dict.fromkeys(departments or ())), list(dict.fromkeys(categories or ()))
    outside = [d.name for d in departments
               if not (region.path.startswith(d.home.path) or d.home.path.startswith(region.path))]
    if outside:
        errors["departments"] = _("这些部门不在本区划：%(d)s") % {"d": "、".join(outside)}
    return departments, categories


@transaction.atomic
def add_responsibility(*, actor, region, title: str, kind: str = "", parent: Responsibility | None = None,
                       basis: str = "", departments=(), case_categories=(), order: int = 100) -> Responsibility:
    """A new line: a category (类, no parent), an item (项) under a category or a sub-item (子项) under an item
    of the same list (region and kind)."""
    if region is None or region.kind not in LIST_REGION_KINDS:
        raise ValidationError({"region": _("权责清单由市、城区或街道制定")})
    require(actor is None or may_edit_responsibilities(actor, region))
    errors: dict = {}
    if parent is not None:
        kind = parent.kind
        if parent.region_id != region.pk:
            errors["parent"] = _("上级事项须属于同一份清单")
        elif parent.level >= 3:
            errors["parent"] = _("权责清单最多三级（类、项、子项）")
    if kind not in MatterKind.values:
        errors["kind"] = _("请选择事项类型")
    title = text(title, field="title", message=_("请填写事项名称"), max_length=200, errors=errors)
    departments, categories = _check_links(errors, region, departments, case_categories)
    if not isinstance(order, int) or order < 0 or order > 32767:
        errors["order"] = _("排序须为 0–32767 的整数")
    raise_errors(errors)
    line = Responsibility.objects.create(region=region, kind=kind, parent=parent,
                                         level=parent.level + 1 if parent is not None else 1, title=title,
                                         basis=(basis or "").strip()[:300], order=order, created_at=clock.now())
    line.departments.set(departments)
    line.case_categories.set(categories)
    record(("cases.responsibility", str(line.pk)), "responsibility.added", actor,
           {"region": region.pk, "kind": kind, "level": line.level, "parent": parent.pk if parent else None})
    return line


@transaction.atomic
def edit_responsibility(*, actor, responsibility: Responsibility, title: str, basis: str = "", departments=(),
                        case_categories=(), order: int | None = None) -> Responsibility:
    require(actor is None or may_edit_responsibilities(actor, responsibility.region))
    errors: dict = {}
    title = text(title, field="title", message=_("请填写事项名称"), max_length=200, errors=errors)
    departments, categories = _check_links(errors, responsibility.region, departments, case_categories)
    if order is not None and (not isinstance(order, int) or order < 0 or order > 32767):
        errors["order"] = _("排序须为 0–32767 的整数")
    raise_errors(errors)
    responsibility.title, responsibility.basis = title, (basis or "").strip()[:300]
    if order is not None:
        responsibility.order = order
    responsibility.save(update_fields=["title", "basis", "order"])
    responsibility.departments.set(departments)
    responsibility.case_categories.set(categories)
    record(("cases.responsibility", str(responsibility.pk)), "responsibility.edited", actor,
           {"departments": sorted(d.pk for d in departments), "categories": sorted(c.pk for c in categories)})
    return responsibility


@transaction.atomic
def remove_responsibility(*, actor, responsibility: Responsibility) -> int:
    """Remove a line and the lines below it; returns how many lines went."""
    require(actor is None or may_edit_responsibilities(actor, responsibility.region))
    ids = [responsibility.pk]
    frontier = [responsibility.pk]
    while frontier:
        frontier = list(Responsibility.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    record(("cases.responsibility", str(responsibility.pk)), "responsibility.removed", actor,
           {"region": responsibility.region_id, "kind": responsibility.kind, "lines": len(ids)})
    responsibility.delete()
    return len(ids)


LIMIT_FIELDS = ("urgency", "resolution_counting", "resolution_hours", "resolution_days", "response_counting",
                "response_hours", "contact_hours", "confirm_days", "active")


@transaction.atomic
def update_category_limits(*, actor, category: CaseCategory, **values) -> CaseCategory:
    """Administrators change a category's time limits (and whether it is offered). Limits already computed
    for running cases and whistles stay as they were stored."""
    if actor is not None and not actor.scope.everything:
        raise PermissionDenied
    unknown = set(values) - set(LIMIT_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改：%(f)s") % {"f": "、".join(sorted(unknown))})
    errors: dict = {}
    for field, value in values.items():
        if field in ("urgency",) and value not in Urgency.values:
            errors[field] = _("时限类别不正确")
        elif field.endswith("_counting") and value not in Counting.values:
            errors[field] = _("计算方式不正确")
        elif field.endswith(("_hours", "_days")) and (not isinstance(value, int) or isinstance(value, bool)
                                                       or not 0 <= value <= 10000):
            errors[field] = _("须为 0–10000 的整数")
        elif field == "active" and not isinstance(value, bool):
            errors[field] = _("须为是或否")
    raise_errors(errors)
    changed = {f: v for f, v in values.items() if getattr(category, f) != v}
    for field, value in changed.items():
        setattr(category, field, value)
    counting = category.resolution_counting
    if counting == Counting.WORKING_DAYS:
        if category.resolution_days <= 0 or category.resolution_hours:
            errors["resolution_days"] = _("按工作日计算时，须填写工作日数（小时数为 0）")
    elif category.resolution_hours <= 0 or category.resolution_days:
        errors["resolution_hours"] = _("按小时计算时，须填写小时数（工作日数为 0）")
    if category.response_counting == Counting.WORKING_DAYS:
        errors["response_counting"] = _("报到时限按小时计算（自然时间或工作时间）")
    if category.response_hours <= 0:
        errors["response_hours"] = _("报到时限须大于 0")
    if category.contact_hours <= 0:
        errors["contact_hours"] = _("联系时限须大于 0")
    if category.confirm_days <= 0:
        errors["confirm_days"] = _("确认时限须大于 0")
    if errors:
        category.refresh_from_db()
        raise ValidationError(errors)
    if changed:
        category.save(update_fields=list(changed))
        record(("cases.casecategory", category.code), "case_category.limits_changed", actor, changed)
    return category
