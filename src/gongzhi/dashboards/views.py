"""The dashboard (数据大屏): the staff page for a node of the user's scope and the public page of a street, district or
city, each with a fragment that htmx fetches every minute (the page's charts redraw from the fragment's data).

What is the same for every viewer (figures, trends, categories, map: `selectors.node_data`) is built once per
change of the node's subtree and served from the cache until the next change (chronicle.versions, ADR 0019); the
staff's league table is per viewer and never cached."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from gongzhi.chronicle.versions import cached
from gongzhi.core.views import workbench_required
from gongzhi.dashboards import selectors
from gongzhi.dashboards.permissions import (
    dashboard_nodes_for,
    default_node_for,
    get_dashboard_node_for_user,
    get_public_dashboard_node,
)


def _figure(request) -> str:
    figure = request.GET.get("map", "")
    return figure if figure in selectors.MAP_FIGURES else selectors.DEFAULT_MAP


def _node_data(node, year: int, figure: str) -> dict:
    text = cached("dashboard", node.path,
                  lambda: json.dumps(selectors.node_data(node, year, figure), cls=DjangoJSONEncoder,
                                     ensure_ascii=False),
                  extra=f"{year}:{figure}")
    return json.loads(text)


def _staff_context(request) -> dict:
    user = request.user
    node = (get_dashboard_node_for_user(user, request.GET["node"]) if request.GET.get("node")
            else default_node_for(user))
    year, figure = selectors.current_year(), _figure(request)
    data = _node_data(node, year, figure)
    data["league"] = selectors.league(user, node, year)
    query = urlencode({"node": str(node.pk), "map": figure})
    return {"node": node, "year": year, "figure": figure, "data": data, "league": data["league"],
            "data_url": f"{reverse('dashboards:staff_data')}?{query}"}


@login_required
@workbench_required
def staff(request):
    context = _staff_context(request)
    nodes = list(dashboard_nodes_for(request.user).only("pk", "name", "kind", "depth", "path"))
    top = min((n.depth for n in nodes), default=0)
    context["nodes"] = [(n, "\u3000" * (n.depth - top)) for n in nodes]  # indented by level (ideographic spaces)
    return render(request, "dashboards/staff.html", context)


@login_required
@workbench_required
def staff_data(request):
    return render(request, "dashboards/_live.html", _staff_context(request))


def _public_context(request, node_id: int) -> dict:
    node = get_public_dashboard_node(node_id)
    year, figure = selectors.current_year(), _figure(request)
    query = urlencode({"map": figure})
    return {"node": node, "year": year, "figure": figure, "data": _node_data(node, year, figure), "league": None,
            "public": True, "data_url": f"{reverse('dashboards:public_data', args=[node.pk])}?{query}"}


def public(request, node_id: int):
    """No login: aggregates only (no person's name, no case text)."""
    return render(request, "dashboards/public.html", _public_context(request, node_id))


def public_data(request, node_id: int):
    return render(request, "dashboards/_live.html", _public_context(request, node_id))
