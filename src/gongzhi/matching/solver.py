"""Maximum-weight bipartite b-matching: each need (left) to at most one resource (right), each resource to at
most its capacity, maximising the total weight of the chosen edges — a min-cost flow, solved exactly.

A left node may stand for several interchangeable needs (``supply``: needs with the same edges and weights,
which the caller merges — one row of the programme instead of many); the flow on an edge is then the number of
those needs sent along it. The programme stays a transportation problem, so it keeps integral optimal
vertices.

The solver works in three exact steps:

1. **Peeling.** A resource is *loose* when its capacity covers every need that has an edge to it (it can never
   be the reason a need is turned away). Needs whose best edge goes to a loose resource get that resource in
   some optimal solution (move them there: their weight cannot drop and no capacity is exceeded), so they are
   fixed and removed; removing needs loosens more resources, and the step repeats until nothing changes.
2. **Components.** What is left splits into connected components (a need only reaches its own edges), which
   are independent problems.
3. **Linear programming.** A component whose resources are all loose is solved by giving each need its best
   edge; any other is a linear programme — the b-matching polytope is integral (its constraint matrix is
   totally unimodular) — solved by HiGHS' dual simplex (scipy.optimize.linprog), whose optimal basic solution
   is integral. The loose resources' rows are left out (they cannot bind). Should a solution ever come back
   fractional, that component is solved again as an integer programme.

Besides the matching, the solver returns optimal dual values: ``u`` per need, ``v`` per resource, with
u_i + v_r >= w_ir on every edge and sum(u) + sum(capacity * v) equal to the total weight. They are what lets the
caller prove how far a matching over a *subset* of the edges can be from the best one over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components


@dataclass
class Solution:
    flow: np.ndarray  # per edge: how many of its left node's needs go along it (0 or 1 for single needs)
    u: np.ndarray  # dual value per left node
    v: np.ndarray  # dual value per resource
    total: float
    peeled: int  # needs fixed by peeling
    components: int  # components solved as linear programmes
    lp_edges: int  # edges in those programmes


def solve(n_left: int, capacity: np.ndarray, left: np.ndarray, right: np.ndarray, weight: np.ndarray,
          supply: np.ndarray | None = None) -> Solution:
    """``left``/``right``/``weight``: the edges (left node, resource index, weight > 0); at most one edge per
    (left node, resource) pair. ``capacity``: per resource, a number of places (np.inf = unlimited).
    ``supply``: needs per left node (default 1 each)."""
    n_right = len(capacity)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    capacity = np.asarray(capacity, dtype=np.float64).copy()
    supply = np.ones(n_left) if supply is None else np.asarray(supply, dtype=np.float64)
    flow = np.zeros(len(weight), dtype=np.int64)
    u = np.zeros(n_left)
    v = np.zeros(n_right)
    if len(weight) == 0:
        return Solution(flow, u, v, 0.0, 0, 0, 0)

    best = np.zeros(n_left)
    np.maximum.at(best, left, weight)

    # 1. peeling
    alive = np.ones(len(weight), dtype=bool)
    done = np.zeros(n_left, dtype=bool)
    peeled = 0
    while True:
        live = np.flatnonzero(alive)
        if len(live) == 0:
            break
        degree = np.bincount(right[live], weights=supply[left[live]], minlength=n_right)
        loose = capacity >= degree
        at_best = live[(weight[live] >= best[left[live]]) & loose[right[live]]]
        if len(at_best) == 0:
            break
        needs, first = np.unique(left[at_best], return_index=True)
        edges = at_best[first]
        flow[edges] = supply[needs]
        u[needs] = weight[edges]
        done[needs] = True
        peeled += int(supply[needs].sum())
        np.subtract.at(capacity, right[edges], supply[needs])
        alive &= ~done[left]

    # 2. components of what is left: after peeling, every need left has its best edges into resources
    # that can bind, so each component is a real programme
    live = np.flatnonzero(alive)
    components = lp_edges = 0
    if len(live):
        rest_needs, l_local = np.unique(left[live], return_inverse=True)
        rest_res, r_local = np.unique(right[live], return_inverse=True)
        size = len(rest_needs) + len(rest_res)
        graph = sparse.csr_matrix((np.ones(len(live)), (l_local, len(rest_needs) + r_local)), shape=(size, size))
        _count, label = connected_components(graph, directed=False)
        edge_label = label[l_local]
        order = np.argsort(edge_label, kind="stable")
        for group in np.split(order, np.flatnonzero(np.diff(edge_label[order])) + 1):
            edges = live[group]
            edge_flow, needs, need_dual, resources, res_dual = _component(edges, left, right, weight, capacity,
                                                                           supply)
            components += 1
            lp_edges += len(edges)
            flow[edges] = edge_flow
            u[needs] = need_dual
            v[resources] = res_dual
    total = float(weight @ flow)
    return Solution(flow, u, v, total, peeled, components, lp_edges)


def _component(edges, left, right, weight, capacity, supply):
    """3. One component as a linear programme: (flow per edge, its left nodes, their duals, its binding
    resources, their duals)."""
    needs, l_local = np.unique(left[edges], return_inverse=True)
    resources, r_local = np.unique(right[edges], return_inverse=True)
    w = weight[edges]
    n_edges = len(edges)
    degree = np.bincount(r_local, weights=supply[left[edges]], minlength=len(resources))
    binding = np.flatnonzero(capacity[resources] < degree)
    row_of = np.full(len(resources), -1, dtype=np.int64)
    row_of[binding] = np.arange(len(binding))
    in_binding = row_of[r_local] >= 0
    column = np.arange(n_edges)
    a = sparse.vstack([
        sparse.csr_matrix((np.ones(n_edges), (l_local, column)), shape=(len(needs), n_edges)),
        sparse.csr_matrix((np.ones(int(in_binding.sum())), (row_of[r_local[in_binding]], column[in_binding])),
                          shape=(len(binding), n_edges)),
    ]).tocsr()
    b = np.concatenate([supply[needs], capacity[resources[binding]]])
    result = linprog(-w, A_ub=a, b_ub=b, bounds=(0, None), method="highs-ds")
    if result.status != 0:  # cannot happen: x = 0 is feasible and the objective is bounded
        raise RuntimeError(f"assignment solver failed: {result.message}")
    x = result.x
    duals = -result.ineqlin.marginals
    rounded = np.rint(x)
    if np.any(np.abs(x - rounded) > 1e-6):  # a non-vertex answer: solve the integer programme instead
        integral = milp(c=-w, constraints=[LinearConstraint(a, -np.inf, b)], integrality=np.ones(n_edges),
                        bounds=Bounds(0.0, np.inf))
        if integral.x is None:
            raise RuntimeError(f"assignment solver failed: {integral.message}")
        rounded = np.rint(integral.x)
    return (rounded.astype(np.int64), needs, np.maximum(duals[:len(needs)], 0.0), resources[binding],
            np.maximum(duals[len(needs):], 0.0))
