"""The figures report by community, and its xlsx export — the same definitions as selectors.figures."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from urllib.parse import quote

from django.db.models import Count, F, Sum
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongzhi.contracts.models import Commitment, Fulfilment, Party
from gongzhi.contracts.selectors import Figures, counted_contracts, is_completed, with_progress
from gongzhi.regions.models import RegionNode


def by_community(*, node, year: int) -> list[tuple[RegionNode, Figures]]:
    """Figures for every community in the node's subtree, in a fixed number of queries."""
    communities = list(RegionNode.objects.filter(path__startswith=node.path, kind="community").order_by("path"))
    contracts = counted_contracts(path=node.path, year=year)
    n_contracts = dict(contracts.values_list("community").annotate(n=Count("pk")))
    units = defaultdict(set)
    for community_id, unit_id in Party.objects.filter(contract__in=contracts).values_list("contract__community",
                                                                                          "organisation"):
        units[community_id].add(unit_id)
    committed, completed = defaultdict(int), defaultdict(int)
    for c in with_progress(Commitment.objects.filter(contract__in=contracts)).annotate(
            community_id=F("contract__community")):
        committed[c.community_id] += 1
        completed[c.community_id] += is_completed(c)
    done = {row["commitment__contract__community"]: row for row in Fulfilment.objects.filter(
        commitment__contract__in=contracts, date__year=year).values("commitment__contract__community").annotate(
        n=Count("pk"), people=Sum("person_times"), hours=Sum("volunteer_hours"))}
    rows = []
    for community in communities:
        d = done.get(community.pk, {})
        rows.append((community, Figures(
            participating_units=len(units[community.pk]), contracts=n_contracts.get(community.pk, 0),
            committed_items=committed[community.pk], completed_items=completed[community.pk],
            services_held=d.get("n") or 0, person_times=d.get("people") or 0,
            volunteer_hours=d.get("hours") or Decimal("0"))))
    return rows


def figures_xlsx_response(*, node, year: int, figures: Figures, by_community) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = _("汇总")
    sheet.append([_("%(node)s %(year)d年度契约化共建情况") % {"node": node.name, "year": year}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in figures.as_rows():
        sheet.append([label, float(value) if isinstance(value, Decimal) else value])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 14
    detail = book.create_sheet(_("各社区"))
    labels = [label for label, _v in figures.as_rows()]
    detail.append([_("社区"), *labels])
    for cell in detail[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for community, f in by_community:
        detail.append([community.name, *[float(v) if isinstance(v, Decimal) else v for _l, v in f.as_rows()]])
    detail.column_dimensions["A"].width = 16
    out = io.BytesIO()
    book.save(out)
    name = f"契约化共建情况-{node.name}-{year}.xlsx"
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"report-{year}.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response
