from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core.schemas import id_query
from gongzhi.regions.permissions import get_node_for_user, grids_visible_to, nodes_visible_to

router = Router(tags=["regions"])


class RegionOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    parent_id: int | None
    depth: int


class GridOut(Schema):
    id: int
    name: str
    community_id: int


@router.get("", response=list[RegionOut], summary="区划节点（本人范围内）")
@paginate
def list_regions(request, kind: str | None = None, parent: int | None = id_query()):
    qs = nodes_visible_to(request.user)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    return qs.order_by("path")


@router.get("/grids", response=list[GridOut], summary="网格")
@paginate
def list_grids(request):
    return grids_visible_to(request.user).order_by("pk")


@router.get("/{int:node_id}", response=RegionOut, summary="区划节点详情")
def get_region(request, node_id: int):
    return get_node_for_user(request.user, node_id)


