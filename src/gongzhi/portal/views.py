"""Entry points of the two shells (staff workbench dashboard, resident mobile shell), the public board and the
health check. They sit in `portal`, above every capability, because they gather what the apps publish
(figures, board sections, resident shortcuts) and read regions, parties and units; `core` stays the ground
floor. The URL names keep their `core:` namespace (see portal/urls.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongzhi.chronicle.versions import cached
from gongzhi.core.registry import board_sections, compute_stats, resident_entries, snapshot_stats, todos_for
from gongzhi.core.scope import ancestor_paths
from gongzhi.core.views import workbench_required
from gongzhi.ops.health import health
from gongzhi.organisations.models import Organisation
from gongzhi.organisations.permissions import departments_visible_to, organisations_visible_to
from gongzhi.party.selectors import big_committee_members, community_committee
from gongzhi.regions.models import RegionNode
from gongzhi.regions.selectors import top_nodes_for


def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.user.uses_workbench:
        return redirect("core:workbench")
    return redirect("core:resident_home")


@login_required
@workbench_required
def workbench(request):
    user = request.user
    top = list(top_nodes_for(user)[:3])
    # figures link to the lists they count only where the node is the user's whole scope (one node, no unit or
    # department beside it): there the list shows exactly the rows counted
    whole = len(top) == 1 and not user.scope.everything and not user.scope.organisation_ids \
        and not user.scope.department_ids
    # the night's snapshot of each node's figures (a district's are counted over 600,000 residents)
    panels = [{"node": node, "stats": stats, "snapshot_at": taken}
              for node in top for stats, taken in [snapshot_stats(node, links=whole)]]
    own_units = organisations_visible_to(user).filter(pk__in=user.scope.organisation_ids)
    own_departments = departments_visible_to(user).filter(pk__in=user.scope.department_ids)
    todos = todos_for(user)
    return render(request, "portal/workbench.html", {
        "todos": todos, "waiting": sum(t.count for t in todos), "idle": sum(1 for t in todos if not t.count),
        "panels": panels, "own_units": own_units, "own_departments": own_departments,
        "assignments": user.active_roles,
    })


@login_required
def resident_home(request):
    community = _home_community(request.user)
    committee = community_committee(community) if community else None
    todos = todos_for(request.user, "resident")
    return render(request, "portal/resident_home.html", {
        "todos": todos, "waiting": sum(t.count for t in todos),
        "community": community,
        "committee": committee,
        "members": list(big_committee_members(committee))[:12] if committee else [],
        "street": RegionNode.objects.filter(pk=community.parent_id).first() if community else None,
        "shortcuts": resident_entries(request.user) if community else [],
        "tab": "home",
    })


@login_required
def resident_community(request):
    community = _home_community(request.user)
    units = (Organisation.objects.filter(home__path__startswith=community.path).order_by("kind", "name")
             if community else Organisation.objects.none())
    return render(request, "portal/resident_community.html", {"community": community, "units": units,
                                                              "tab": "community"})


@login_required
def resident_me(request):
    person = getattr(request.user, "person", None)
    return render(request, "portal/resident_me.html", {"person": person, "tab": "me",
                                                       "community": _home_community(request.user),
                                                       "assignments": request.user.active_roles})


def _home_community(user):
    """The community a resident belongs to: from their person record, else from their role's node."""
    person = getattr(user, "person", None)
    paths = [person.home.path] if person else list(user.scope.home_paths or user.scope.region_paths)
    for path in paths:
        community = RegionNode.objects.filter(kind="community", path__in=ancestor_paths(path)).first()
        if community:
            return community
    return None


def board(request, community_id: int):
    """The community's public party-affairs board (党务公开栏): no login, no personal data. Its figures and sections
    are the same for everybody, so they are built once per change of the community (chronicle.versions) and served
    from the cache until the next change; the frame around them (language switch, the way back) is per request."""
    community = get_object_or_404(RegionNode.objects.select_related("parent"), pk=community_id, kind="community")

    def build() -> str:
        sections = [{"section": s, "context": s.context(community)} for s in board_sections()]
        return render_to_string("portal/_board_body.html", {"community": community, "sections": sections,
                                                            "stats": compute_stats(community)})

    body = mark_safe(cached("board", community.path, build))
    return render(request, "portal/board.html", {"community": community, "body": body})


def board_index(request):
    communities = RegionNode.objects.filter(kind="community").select_related("parent").order_by("path")
    # each district's and street's public dashboard (数据大屏: aggregates only), district first, its streets below
    dashboards = RegionNode.objects.filter(kind__in=["district", "street"]).order_by("path")
    return render(request, "portal/board_index.html", {"communities": communities, "dashboards": dashboards})


def healthz(request):
    """The database, the cache and the task queue (gongzhi.ops.health): 200 when ok or degraded, 503 when the
    database fails, so a load balancer takes this server out of the pool."""
    report = health()
    response = JsonResponse(report.as_json(), status=report.http_status)
    response["Cache-Control"] = "no-store"
    return response


