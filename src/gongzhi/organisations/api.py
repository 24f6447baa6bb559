from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.privacy import mask_phone
from gongzhi.organisations.permissions import get_organisation_for_user, may_see_contact_phone
from gongzhi.organisations.selectors import department_list, organisation_list
from gongzhi.organisations.services import update_organisation

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    partner_type: str
    home_id: int
    home_name: str
    supervising_department: str | None


class ContactOut(Schema):
    name: str
    title: str
    phone: str
    is_liaison: bool


class OrganisationDetailOut(OrganisationOut):
    address: str
    description: str
    contacts: list[ContactOut]


class DepartmentOut(Schema):
    id: int
    name: str
    kind: str
    home_id: int


def _out(org) -> dict:
    return {
        "id": org.pk, "name": org.name, "short_name": org.short_name, "kind": org.kind,
        "partner_type": org.partner_type, "home_id": org.home_id, "home_name": org.home.name,
        "supervising_department": org.supervising_department.name if org.supervising_department else None,
    }


@router.get("", response=list[OrganisationOut], summary="驻区单位（本人范围内）")
@paginate
def list_organisations(request, q: str = "", kind: str = "", partner_type: str = ""):
    return Presented(organisation_list(request.user, q=q, kind=kind, partner_type=partner_type), _out)


@router.get("/departments", response=list[DepartmentOut], summary="职能部门")
@paginate
def list_departments(request, q: str = "", kind: str = ""):
    return department_list(request.user, q=q, kind=kind)


@router.get("/{int:org_id}", response=OrganisationDetailOut, summary="驻区单位详情（联系人电话按权限脱敏）")
def get_organisation(request, org_id: int):
    org = get_organisation_for_user(request.user, org_id)
    full = may_see_contact_phone(request.user, org)
    return {
        **_out(org), "address": org.address, "description": org.description,
        "contacts": [{"name": c.name, "title": c.title, "phone": c.phone if full else mask_phone(c.phone),
                      "is_liaison": c.is_liaison} for c in org.contacts.all()],
    }


class OrganisationPatch(Schema):
    short_name: limits.text(40) | None = None
    partner_type: limits.text(limits.CODE) | None = None
    address: limits.text(200) | None = None
    description: limits.text(limits.DESCRIPTION) | None = None


@router.patch("/{int:org_id}", response=OrganisationDetailOut, summary="修改驻区单位信息（本单位联络员或范围内工作人员）")
def patch_organisation(request, org_id: int, payload: OrganisationPatch):
    org = get_organisation_for_user(request.user, org_id, write=True)
    update_organisation(actor=request.user, organisation=org, **payload.dict(exclude_none=True))
    return get_organisation(request, org_id)
