from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from gongzhi.core.listing import paginate
from gongzhi.core.registry import snapshot_stats
from gongzhi.core.views import workbench_required
from gongzhi.regions.models import RegionNode
from gongzhi.regions.permissions import get_node_for_user, grids_visible_to
from gongzhi.regions.selectors import breadcrumb, children_of, top_nodes_for


@login_required
@workbench_required
def tree(request):
    tops = list(top_nodes_for(request.user))
    if len(tops) == 1:
        return redirect("regions:node", tops[0].pk)
    return render(request, "regions/tree.html", {"tops": tops})


@login_required
@workbench_required
def node(request, pk):
    node = get_node_for_user(request.user, pk)
    page = paginate(request, children_of(node), per_page=50)
    grids = grids_visible_to(request.user).filter(community=node).prefetch_related(
        Prefetch("buildings", queryset=RegionNode.objects.select_related("parent").order_by("path"))) \
        if node.kind == "community" else []
    # the night's snapshot of the node's figures (a district's are counted over 600,000 residents)
    stats, taken = snapshot_stats(node) if node.kind in ("city", "district", "street", "community") else ([], None)
    return render(request, "regions/node.html", {
        "node": node, "page": page, "crumbs": breadcrumb(node, request.user), "grids": grids,
        "stats": stats, "snapshot_at": taken,
    })
