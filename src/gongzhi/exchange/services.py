"""Importing organisations, people and region nodes from xlsx workbooks.

An import has two phases. First every row is checked — required cells, labels, phone and ID numbers, the
region and whether it lies in the importer's scope, duplicates within the file and against the database —
and every problem is collected with its Excel row number and column. Only when no row has a problem are
the rows created, in one transaction, through the domain services (so each object gets its own chronicle
entry), followed by one chronicle entry for the batch. Either every row is imported or none is."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.exchange.formats import (
    FORMATS,
    ORGANISATIONS,
    PEOPLE,
    REGIONS,
    FileRejected,
    Format,
    RowError,
    SheetRow,
    choice_labels,
    primary_labels,
    read_limited,
    read_rows,
)
from gongzhi.exchange.permissions import may_import, may_import_at
from gongzhi.exchange.region_lookup import RegionLookup
from gongzhi.organisations.models import Contact, Organisation, OrganisationKind, PartnerType
from gongzhi.organisations.permissions import departments_visible_to
from gongzhi.organisations.services import add_contact, create_organisation
from gongzhi.people.models import Gender, Person
from gongzhi.people.services import clean_person_fields, register_person, validate_id_number, validate_phone
from gongzhi.regions.models import CHILD_KIND, RegionKind, RegionNode
from gongzhi.regions.permissions import may_edit_regions
from gongzhi.regions.services import create_node

logger = logging.getLogger(__name__)

BATCH_SUBJECT = "exchange.import"
BATCH_ACTION = "exchange.imported"


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def import_workbook(*, actor, kind: str, file, filename: str = "") -> ImportResult:
    """Check every row of an uploaded workbook and, when none has a problem, create them all."""
    if kind not in FORMATS:
        raise ValueError(f"unknown kind {kind!r}")
    if not may_import(actor, kind):
        raise PermissionDenied
    if not filename and isinstance(getattr(file, "name", None), str):
        filename = file.name
    try:
        rows = read_rows(read_limited(file), FORMATS[kind], filename=filename)
    except FileRejected as rejected:
        return ImportResult(kind, errors=tuple(rejected.errors))
    importer = IMPORTERS[kind](actor)
    plans = importer.check(rows)
    if importer.errors:
        return ImportResult(kind, errors=_in_order(importer.fmt, importer.errors))
    return _create_all(actor=actor, kind=kind, importer=importer, plans=plans)


def _in_order(fmt: Format, errors: list[RowError]) -> tuple[RowError, ...]:
    return tuple(sorted(errors, key=lambda e: (e.row or 0, fmt.position(e.column))))


def _create_all(*, actor, kind: str, importer: _Importer, plans: list[Planned]) -> ImportResult:
    current = None
    try:
        with transaction.atomic():
            for plan in plans:
                current = plan.row
                importer.create(plan)
            current = None
            record((BATCH_SUBJECT, kind), BATCH_ACTION, actor, {"kind": kind, "rows": len(plans)})
    except PermissionDenied:
        reason = _("您无权在该区划导入数据。已全部回滚，未导入任何数据")
        return ImportResult(kind, errors=(RowError(current, "", reason),))
    except ValidationError as exc:
        reason = _("保存时发现问题：%(reason)s。已全部回滚，未导入任何数据") % {"reason": "；".join(exc.messages)}
        return ImportResult(kind, errors=(RowError(current, "", reason),))
    except DatabaseError as exc:
        # Only the class of the error: a database message can quote the personal data of the row.
        logger.warning("xlsx import of %s rolled back at row %s (%s)", kind, current, type(exc).__name__)
        reason = _("写入数据库时出错，已全部回滚，未导入任何数据。请稍后重试，或联系系统管理员")
        return ImportResult(kind, errors=(RowError(current, "", reason),))
    return ImportResult(kind, created=len(plans))


@dataclass
class Planned:
    """A checked row, ready to be created."""

    row: int
    fields: dict = field(default_factory=dict)


class _Importer(ABC):
    """Checks rows, collecting every problem, and creates checked rows through the domain services."""

    fmt: Format

    def __init__(self, actor):
        self.actor = actor
        self.errors: list[RowError] = []
        self._flagged: set[tuple[int, str]] = set()

    # --- collecting problems ----------------------------------------------------------------------
    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append(RowError(row, column, reason))
        self._flagged.add((row, column))

    def flagged(self, row: int, column: str | None = None) -> bool:
        if column is None:
            return any(r == row for r, _c in self._flagged)
        return (row, column) in self._flagged

    # --- cell checks shared by the kinds --------------------------------------------------------------
    def required(self, row: SheetRow, column: str) -> str:
        value = row.get(column)
        if not value:
            self.error(row.number, column, _("不能为空"))
        return value

    def choice(self, row: SheetRow, column: str, choices: type[models.TextChoices], *,
               required: bool = False) -> str | None:
        """The stored value for a label such as 事业单位; None when the cell is wrong."""
        value = row.get(column)
        if not value:
            if required:
                self.error(row.number, column, _("不能为空"))
                return None
            return ""
        labels = choice_labels(choices)
        if value not in labels:
            self.error(row.number, column, _("无法识别“%(value)s”，可填：%(options)s")
                       % {"value": value, "options": "、".join(primary_labels(choices))})
            return None
        return labels[value]

    def region(self, row: SheetRow, column: str, lookup: RegionLookup) -> RegionNode | None:
        """The node a cell names, if it lies in the importer's scope. A node that does not exist and one
        outside the scope get the same answer."""
        value = row.get(column)
        node = lookup.locate(value).node
        if node is None or not may_import_at(self.actor, node.path):
            self.error(row.number, column, _("区划“%(value)s”不存在或不在您的管辖范围内") % {"value": value})
            return None
        return node

    def phone(self, row: SheetRow, column: str) -> str:
        value = row.get(column)
        if "*" in value:
            self.error(row.number, column, _("号码已打码，无法导入；请填写完整号码或留空"))
            return ""
        try:
            return validate_phone(value)
        except ValidationError as exc:
            self.error(row.number, column, "；".join(exc.messages))
            return ""

    def model_fields(self, row: SheetRow, instance: models.Model, columns: dict[str, str]) -> None:
        """The model's own field rules (lengths, choices) for field -> column pairs not yet in error."""
        check = {f: c for f, c in columns.items() if not self.flagged(row.number, c)}
        exclude = [f.name for f in instance._meta.fields if f.name not in check]
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in check:
                    self.error(row.number, check[name], "；".join(messages))

    @abstractmethod
    def check(self, rows: list[SheetRow]) -> list[Planned]:
        """Check every row, collecting errors; return what to create."""

    @abstractmethod
    def create(self, plan: Planned) -> None:
        """Create one checked row through its app's service."""


class OrganisationImporter(_Importer):
    fmt = ORGANISATIONS

    def check(self, rows: list[SheetRow]) -> list[Planned]:
        names = {r.get("单位名称") for r in rows} - {""}
        taken = set(Organisation.objects.filter(name__in=names).values_list("name", flat=True)) if names else set()
        wanted_departments = {r.get("主管部门") for r in rows} - {""}
        departments = ({d.name: d for d in departments_visible_to(self.actor).filter(name__in=wanted_departments)}
                       if wanted_departments else {})
        lookup = RegionLookup(user=self.actor, values=[r.get(c) for r in rows for c in ("所在区划代码", "所在区划")])
        first_row: dict[str, int] = {}
        plans = []
        for row in rows:
            name = self.required(row, "单位名称")
            if name in first_row:
                self.error(row.number, "单位名称", _("与第%(row)s行的单位名称重复") % {"row": first_row[name]})
            elif name in taken:
                self.error(row.number, "单位名称", _("单位“%(name)s”已存在") % {"name": name})
            if name:
                first_row.setdefault(name, row.number)
            kind = self.choice(row, "单位类别", OrganisationKind, required=True)
            partner_type = self.choice(row, "合伙人类型", PartnerType)
            home = self._home(row, lookup)
            department = None
            if department_name := row.get("主管部门"):
                department = departments.get(department_name)
                if department is None:
                    self.error(row.number, "主管部门", _("职能部门“%(name)s”不存在或不在您的可见范围内")
                               % {"name": department_name})
            fields = {"name": name, "short_name": row.get("简称"), "kind": kind or "",
                      "partner_type": partner_type or "", "address": row.get("地址")}
            self.model_fields(row, Organisation(**fields), {"name": "单位名称", "short_name": "简称", "address": "地址"})
            contact = self._contact(row)
            plans.append(Planned(row.number, {**fields, "home": home, "supervising_department": department,
                                              "contact": contact}))
        return plans

    def _home(self, row: SheetRow, lookup: RegionLookup) -> RegionNode | None:
        code, path = row.get("所在区划代码"), row.get("所在区划")
        if not code and not path:
            self.error(row.number, "所在区划", _("不能为空（填写所在区划代码或所在区划）"))
            return None
        by_code = self.region(row, "所在区划代码", lookup) if code else None
        by_path = self.region(row, "所在区划", lookup) if path else None
        if by_code is not None and by_path is not None and by_code.pk != by_path.pk:
            self.error(row.number, "所在区划代码", _("所在区划代码与所在区划指向不同的区划"))
            return None
        return by_code or by_path

    def _contact(self, row: SheetRow) -> dict | None:
        name, title = row.get("联系人"), row.get("联系人职务")
        if not name:
            if title or row.get("联系人电话"):
                self.error(row.number, "联系人", _("填写了联系人职务或电话时，联系人姓名不能为空"))
            return None
        phone = self.phone(row, "联系人电话")
        self.model_fields(row, Contact(name=name, title=title, phone=phone), {"name": "联系人", "title": "联系人职务"})
        return {"name": name, "title": title, "phone": phone}

    def create(self, plan: Planned) -> None:
        fields = dict(plan.fields)
        contact = fields.pop("contact")
        organisation = create_organisation(actor=self.actor, **fields)
        if contact:
            add_contact(actor=self.actor, organisation=organisation, **contact)


# The people services name their problems by field; the file names them by column.
PERSON_COLUMNS = {"name": "姓名", "phone": "手机号", "id_number": "身份证号", "home": "居住地",
                  "birth_year": "出生年份", "gender": "性别"}


class PersonImporter(_Importer):
    fmt = PEOPLE

    def check(self, rows: list[SheetRow]) -> list[Planned]:
        lookup = RegionLookup(user=self.actor, values=[r.get("居住地") for r in rows])
        first_id: dict[str, int] = {}
        first_person: dict[tuple, int] = {}
        plans = []
        for row in rows:
            name = self.required(row, "姓名")
            home = self.region(row, "居住地", lookup) if self.required(row, "居住地") else None
            gender = self.choice(row, "性别", Gender)
            birth_year = self._birth_year(row)
            phone = self.phone(row, "手机号")
            id_number = self._id_number(row)
            try:
                clean_person_fields(name=name, phone=phone, id_number=id_number, home=home, birth_year=birth_year)
            except ValidationError as exc:
                for name_of_field, messages in exc.message_dict.items():
                    column = PERSON_COLUMNS.get(name_of_field, "")
                    if not self.flagged(row.number, column):
                        self.error(row.number, column, "；".join(messages))
            self.model_fields(row, Person(name=name), {"name": "姓名"})
            if id_number:
                if id_number in first_id:
                    self.error(row.number, "身份证号", _("与第%(row)s行的身份证号重复") % {"row": first_id[id_number]})
                first_id.setdefault(id_number, row.number)
            if name and home is not None and phone:
                key = (name, home.pk, phone)
                if key in first_person:
                    self.error(row.number, "姓名", _("与第%(row)s行重复（姓名、居住地、手机号都相同）")
                               % {"row": first_person[key]})
                first_person.setdefault(key, row.number)
            plans.append(Planned(row.number, {"name": name, "home": home, "gender": gender or "",
                                              "birth_year": birth_year, "phone": phone, "id_number": id_number}))
        self._against_database(plans)
        return plans

    def _birth_year(self, row: SheetRow) -> int | None:
        value = row.get("出生年份")
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            self.error(row.number, "出生年份", _("须为四位数字的年份，如 1958"))
            return None
        return int(value)

    def _id_number(self, row: SheetRow) -> str:
        value = row.get("身份证号")
        if "*" in value:
            self.error(row.number, "身份证号", _("号码已打码，无法导入；请填写完整号码或留空"))
            return ""
        try:
            return validate_id_number(value)
        except ValidationError as exc:
            reason = "；".join(exc.messages)
            if "身份证号" in row.numeric:
                reason = _("身份证号须以文本格式填写（数字格式会丢失末位数字）")
            self.error(row.number, "身份证号", reason)
            return ""

    def _against_database(self, plans: list[Planned]) -> None:
        """Duplicates of people already registered: the same ID number, or the same name, home and phone."""
        ids = {p.fields["id_number"] for p in plans} - {""}
        registered = set(Person.objects.filter(id_number__in=ids).values_list("id_number", flat=True)) if ids else set()
        keyed = [p for p in plans if p.fields["home"] is not None and p.fields["phone"] and p.fields["name"]]
        existing = set(Person.objects.filter(home_id__in={p.fields["home"].pk for p in keyed},
                                             name__in={p.fields["name"] for p in keyed})
                       .values_list("name", "home_id", "phone")) if keyed else set()
        for plan in plans:
            f = plan.fields
            if f["id_number"] in registered:
                self.error(plan.row, "身份证号", _("该身份证号已登记"))
            elif f["home"] is not None and (f["name"], f["home"].pk, f["phone"]) in existing:
                self.error(plan.row, "姓名", _("该居住地已登记同名且手机号相同的人员"))

    def create(self, plan: Planned) -> None:
        register_person(actor=self.actor, **plan.fields)


@dataclass(frozen=True)
class _Parent:
    """Where a new region node goes: under an existing node, under a node an earlier row creates, or at
    the top of the tree (node and row both None)."""

    node: RegionNode | None
    row: int | None
    kind: str | None
    names: tuple[str, ...]  # full path of names, root first


@dataclass(frozen=True)
class _Earlier:
    row: int
    kind: str | None
    names: tuple[str, ...]
    valid: bool


TOP = _Parent(None, None, None, ())


class RegionImporter(_Importer):
    fmt = REGIONS

    def __init__(self, actor):
        super().__init__(actor)
        self._created: dict[int, RegionNode] = {}

    def check(self, rows: list[SheetRow]) -> list[Planned]:
        lookup = RegionLookup(user=self.actor, values=[r.get("上级") for r in rows])
        codes = {r.get("区划代码") for r in rows} - {""}
        taken_codes = set(RegionNode.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()
        by_names: dict[tuple[str, ...], _Earlier] = {}
        by_code: dict[str, _Earlier] = {}
        plans = []
        for row in rows:
            name = self.required(row, "名称")
            if "/" in name or "／" in name:
                self.error(row.number, "名称", _("名称不能包含“/”（“/”用于分隔上级路径）"))
            kind = self.choice(row, "层级", RegionKind, required=True)
            parent = self._parent(row, lookup, by_names, by_code)
            if parent is not None and kind:
                allowed = CHILD_KIND[RegionKind(parent.kind) if parent.kind else None]
                if kind not in allowed:
                    self.error(row.number, "层级", _("“%(kind)s”不能设在“%(parent)s”之下") % {
                        "kind": RegionKind(kind).label, "parent": parent.names[-1] if parent.names else _("顶层")})
            code = row.get("区划代码")
            if code:
                if code in by_code:
                    self.error(row.number, "区划代码", _("与第%(row)s行的区划代码重复") % {"row": by_code[code].row})
                elif code in taken_codes:
                    self.error(row.number, "区划代码", _("区划代码“%(code)s”已被使用") % {"code": code})
            self.model_fields(row, RegionNode(name=name, code=code), {"name": "名称", "code": "区划代码"})
            names = (*parent.names, name) if parent is not None and name else None
            if names is not None and names in by_names:
                self.error(row.number, "名称", _("与第%(row)s行重复（同一上级下名称相同）") % {"row": by_names[names].row})
            earlier = _Earlier(row.number, kind, names or (), valid=not self.flagged(row.number))
            if names is not None:
                by_names.setdefault(names, earlier)
            if code:
                by_code.setdefault(code, earlier)
            plans.append(Planned(row.number, {"name": name, "kind": kind, "code": code, "parent": parent}))
        self._against_database(plans)
        return plans

    def _parent(self, row: SheetRow, lookup: RegionLookup, by_names: dict, by_code: dict) -> _Parent | None:
        value = row.get("上级")
        if not value:
            if self.actor.scope.everything:
                return TOP
            self.error(row.number, "上级", _("不能为空"))
            return None
        located = lookup.locate(value)
        node = located.node
        if node is not None:
            if self.actor.scope.covers(node.path) and may_edit_regions(self.actor, node):  # district staff
                return _Parent(node, None, node.kind, located.names or ())
        else:
            earlier = (by_names.get(located.names) if located.names else None) or by_code.get(value)
            if earlier is not None:
                if not earlier.valid:
                    self.error(row.number, "上级", _("上级是第%(row)s行，该行有错误，请先改正") % {"row": earlier.row})
                    return None
                return _Parent(None, earlier.row, earlier.kind, earlier.names)
        self.error(row.number, "上级", _("上级区划“%(value)s”不存在或不在您的管辖范围内（本文件中的上级须写在前面的行）")
                   % {"value": value})
        return None

    def _against_database(self, plans: list[Planned]) -> None:
        """A new node whose existing parent already has a child of the same name."""
        placed = [p for p in plans if p.fields["parent"] is not None and p.fields["parent"].row is None
                  and p.fields["name"]]
        if not placed:
            return
        parent_ids = {p.fields["parent"].node.pk for p in placed if p.fields["parent"].node is not None}
        at_top = any(p.fields["parent"].node is None for p in placed)
        where = Q(parent_id__in=parent_ids) | (Q(parent__isnull=True) if at_top else Q(pk__in=[]))
        existing = set(RegionNode.objects.filter(where, name__in={p.fields["name"] for p in placed})
                       .values_list("parent_id", "name"))
        for plan in placed:
            parent = plan.fields["parent"].node
            if (parent.pk if parent else None, plan.fields["name"]) in existing:
                self.error(plan.row, "名称", _("同一上级下已有名为“%(name)s”的节点") % {"name": plan.fields["name"]})

    def create(self, plan: Planned) -> None:
        f = plan.fields
        parent = f["parent"].node if f["parent"].row is None else self._created[f["parent"].row]
        self._created[plan.row] = create_node(actor=self.actor, parent=parent, kind=f["kind"], name=f["name"],
                                              code=f["code"])


IMPORTERS: dict[str, type[_Importer]] = {
    "organisations": OrganisationImporter,
    "people": PersonImporter,
    "regions": RegionImporter,
}
