"""Exports: the rows a user may see, as an xlsx workbook in the import format.

Rows start from each app's `*_visible_to(user)`; phone and ID numbers are masked exactly as on the pages.
Every export runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from gongzhi.core import clock
from gongzhi.core.privacy import mask_phone
from gongzhi.core.scope import ancestor_paths
from gongzhi.exchange.formats import FORMATS, label_for, template_workbook, write_workbook
from gongzhi.exchange.permissions import may_export, may_import
from gongzhi.organisations.models import OrganisationKind, PartnerType
from gongzhi.organisations.permissions import may_see_contact_phone, organisations_visible_to
from gongzhi.people.models import Gender
from gongzhi.people.permissions import people_visible_to, shown_id_number, shown_phone
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.regions.permissions import nodes_visible_to


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str  # 驻区单位-20261121.xlsx
    ascii_filename: str  # organisations-20261121.xlsx, for clients without RFC 5987 support
    rows: int = 0


def _name_paths(paths: set[str]) -> dict[str, str]:
    """Materialised path -> '桂林市/象山区/…' for every path given, in one query."""
    wanted = {a for p in paths for a in ancestor_paths(p)}
    name_at = dict(RegionNode.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    return {p: "/".join(name_at.get(a, "") for a in ancestor_paths(p)) for p in paths}


def organisation_rows(user) -> list[list]:
    organisations = list(organisations_visible_to(user).select_related("home", "supervising_department")
                         .prefetch_related("contacts").order_by("home__path", "name"))
    places = _name_paths({o.home.path for o in organisations})
    rows = []
    for o in organisations:
        contact = next(iter(o.contacts.all()), None)  # the liaison first, by the model's ordering
        phone = ""
        if contact is not None:
            phone = contact.phone if may_see_contact_phone(user, o) else mask_phone(contact.phone)
        rows.append([
            o.name, o.short_name, label_for(OrganisationKind, o.kind), label_for(PartnerType, o.partner_type),
            o.home.code, places[o.home.path], o.supervising_department.name if o.supervising_department else "",
            o.address, contact.name if contact else "", contact.title if contact else "", phone,
        ])
    return rows


def person_rows(user) -> list[list]:
    people = list(people_visible_to(user).select_related("home").order_by("home__path", "name", "pk"))
    places = _name_paths({p.home.path for p in people})
    return [[p.name, label_for(Gender, p.gender), p.birth_year, shown_phone(user, p), shown_id_number(user, p),
             places[p.home.path]] for p in people]


def region_rows(user) -> list[list]:
    nodes = list(nodes_visible_to(user).select_related("parent").order_by("path"))
    places = _name_paths({n.parent.path for n in nodes if n.parent is not None})
    return [[n.name, label_for(RegionKind, n.kind), places[n.parent.path] if n.parent else "", n.code]
            for n in nodes]


ROWS = {"organisations": organisation_rows, "people": person_rows, "regions": region_rows}


def export_workbook(*, user, kind: str) -> Download:
    if kind not in FORMATS:
        raise ValueError(f"unknown kind {kind!r}")
    if not may_export(user, kind):
        raise PermissionDenied
    fmt = FORMATS[kind]
    rows = ROWS[kind](user)
    day = f"{clock.today():%Y%m%d}"
    return Download(write_workbook(fmt, rows), f"{fmt.title}-{day}.xlsx", f"{fmt.kind}-{day}.xlsx", len(rows))


def template_download(*, user, kind: str) -> Download:
    if kind not in FORMATS:
        raise ValueError(f"unknown kind {kind!r}")
    if not may_import(user, kind):
        raise PermissionDenied
    fmt = FORMATS[kind]
    return Download(template_workbook(fmt), f"{fmt.title}-导入模板.xlsx", f"{fmt.kind}-template.xlsx")
