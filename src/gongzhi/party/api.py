from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core.listing import search
from gongzhi.party.permissions import get_party_organisation_for_user, party_organisations_visible_to
from gongzhi.party.selectors import coverage

router = Router(tags=["party"])


class PartyOrgOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    region_id: int
    organisation_id: int | None


class PartyOrgDetailOut(PartyOrgOut):
    member_units: list[str]
    members: int
    coverage_rate: float | None


@router.get("", response=list[PartyOrgOut], summary="党组织（本人范围内）")
@paginate
def list_party_orgs(request, q: str = "", kind: str = ""):
    qs = search(party_organisations_visible_to(request.user), q, ("name", "search_key"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region__path", "name")


@router.get("/{int:org_id}", response=PartyOrgDetailOut, summary="党组织详情")
def get_party_org(request, org_id: int):
    org = get_party_organisation_for_user(request.user, org_id)
    return {
        "id": org.pk, "name": org.name, "kind": org.kind, "parent_id": org.parent_id, "region_id": org.region_id,
        "organisation_id": org.organisation_id,
        "member_units": [m.member.name for m in org.member_units.select_related("member")],
        "members": org.members.count(),
        "coverage_rate": coverage(org.region).rate if org.kind == "community_committee" else None,
    }
