"""Every write to units, contacts and departments."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.core.pinyin import search_key
from gongzhi.organisations.models import Contact, Department, Organisation, OrganisationKind, PartnerType
from gongzhi.organisations.permissions import may_edit_organisation, may_register_organisation

ORGANISATION_FIELDS = ("name", "short_name", "kind", "partner_type", "home", "supervising_department",
                       "address", "credit_code", "description")


def _validate(org: Organisation) -> None:
    if org.kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("未知的单位类别")})
    if org.partner_type not in PartnerType.values:
        raise ValidationError({"partner_type": _("未知的合伙人类型")})
    org.full_clean(exclude=["search_key"])


@transaction.atomic
def create_organisation(*, actor, **fields) -> Organisation:
    """`actor` None means the system itself (demo); a user must be allowed to register at `home`."""
    home = fields.get("home")
    if actor is not None and home is not None and not may_register_organisation(actor, home):
        raise PermissionDenied
    org = Organisation(**{k: v for k, v in fields.items() if k in ORGANISATION_FIELDS})
    org.name = (org.name or "").strip()
    org.search_key = search_key(org.name + (org.short_name or ""))
    _validate(org)
    org.save()
    record(org, "organisation.created", actor, {"name": org.name, "kind": org.kind, "home": org.home_id})
    return org


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, **fields) -> Organisation:
    """`actor` None means the system itself (imports, demo); a user must be allowed to edit the unit."""
    if actor is not None and not may_edit_organisation(actor, organisation):
        raise PermissionDenied
    changes = {}
    for key, value in fields.items():
        if key not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown field {key}")
        old = getattr(organisation, key)
        if old != value:
            changes[key] = [str(getattr(old, "pk", old)), str(getattr(value, "pk", value))]
            setattr(organisation, key, value)
    if not changes:
        return organisation
    organisation.search_key = search_key(organisation.name + (organisation.short_name or ""))
    _validate(organisation)
    organisation.save()
    record(organisation, "organisation.updated", actor, {"changes": changes})
    return organisation


@transaction.atomic
def add_contact(*, actor, organisation: Organisation, name: str, title: str = "", phone: str = "",
                is_liaison: bool = False) -> Contact:
    if actor is not None and not may_edit_organisation(actor, organisation):
        raise PermissionDenied
    contact = Contact(organisation=organisation, name=name.strip(), title=title, phone=phone, is_liaison=is_liaison)
    contact.full_clean()
    contact.save()
    record(organisation, "organisation.contact_added", actor, {"contact": contact.pk, "has_phone": bool(phone)})
    return contact


@transaction.atomic
def create_department(*, actor, name: str, kind: str, home, phone: str = "") -> Department:
    """Street and district staff (and administrators) register the departments serving their area."""
    if actor is not None and not actor.scope_for("street_staff", "district_staff").covers(home.path):
        raise PermissionDenied
    dept = Department(name=name.strip(), kind=kind, home=home, phone=phone, search_key=search_key(name))
    dept.full_clean(exclude=["search_key"])
    dept.save()
    record(dept, "department.created", actor, {"name": dept.name, "kind": kind})
    return dept


@transaction.atomic
def register_organisation(*, actor, contact: dict | None = None, **fields) -> Organisation:
    """A new unit and, when a name is given, its first contact (the co-construction liaison)."""
    if Organisation.objects.filter(name=(fields.get("name") or "").strip()).exists():
        raise ValidationError({"name": _("已有名为“%(name)s”的单位") % {"name": fields["name"].strip()}})
    org = create_organisation(actor=actor, **fields)
    if contact and contact.get("name"):
        phone = (contact.get("phone") or "").strip()
        if phone and not re.fullmatch(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}", phone):
            raise ValidationError({"contact_phone": _("联系电话格式不正确")})
        add_contact(actor=actor, organisation=org, name=contact["name"], title=contact.get("title") or "",
                    phone=phone, is_liaison=True)
    return org
