"""The snapshot of an annual report: every number it prints, computed once from the recorded facts by the same
selectors as the workbench's figures (contracts.selectors.figures, rates.selectors.node_figures, the registered
figures), so the report, the dashboard and the figures report agree. Aggregates, names of units and public wording
only: no person's name, number or home."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from gongzhi.cases.models import Case
from gongzhi.contracts.models import Commitment, ContractStatus, Fulfilment
from gongzhi.contracts.selectors import counted_contracts, figures, is_completed, with_progress
from gongzhi.core import clock
from gongzhi.core.privacy import scrub
from gongzhi.core.registry import compute_stats
from gongzhi.core.scope import ancestor_paths
from gongzhi.evaluation.models import Assessment, Commendation, CommendationKind, Grade, Scheme, Stage
from gongzhi.rates import periods
from gongzhi.rates.selectors import node_figures
from gongzhi.wishes.models import Wish, WishStatus

STATS = [("orders_placed", "居民点单", "单"), ("orders_completed", "完成服务", "单"),
         ("disputes_mediated", "调解矛盾纠纷", "件"), ("wishes_fulfilled", "实现微心愿", "个"),
         ("volunteers", "注册志愿者", "人")]


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else None


def _pct(rate) -> float | None:
    value = rate.value
    return None if value is None else round(value * 100, 1)


def _monthly(qs, field: str, value=None) -> list[int]:
    months = [0] * 12
    rows = qs.annotate(m=ExtractMonth(field)).values("m").annotate(v=value or Count("pk")).values_list("m", "v")
    for month, v in rows:
        if month:
            months[month - 1] = int(v or 0)
    return months


def snapshot(node, year: int) -> dict:
    this, last = figures(path=node.path, year=year), figures(path=node.path, year=year - 1)
    rates_this, rates_last = node_figures(node, periods.year(year)), node_figures(node, periods.year(year - 1))
    stats_this = {s["key"]: s["value"] for s in compute_stats(node, year)}
    stats_last = {s["key"]: s["value"] for s in compute_stats(node, year - 1)}
    headline = [
        ("参与共建单位", "个", this.participating_units, last.participating_units),
        ("签订共建契约", "份", this.contracts, last.contracts),
        ("承诺服务事项", "项", this.committed_items, last.committed_items),
        ("已完成事项", "项", this.completed_items, last.completed_items),
        ("开展服务", "次", this.services_held, last.services_held),
        ("服务群众", "人次", this.person_times, last.person_times),
        ("志愿服务时长", "小时", float(this.volunteer_hours), float(last.volunteer_hours)),
        ("受理群众诉求", "件", rates_this.received, rates_last.received),
        *[(label, unit, _number(stats_this.get(key)), _number(stats_last.get(key))) for key, label, unit in STATS],
    ]
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    cases = Case.objects.filter(community__path__startswith=node.path, reported_at__gte=start, reported_at__lt=end)
    fulfilments = Fulfilment.objects.filter(commitment__contract__community__path__startswith=node.path,
                                            commitment__contract__status=ContractStatus.SIGNED, date__year=year)
    counted = counted_contracts(path=node.path, year=year)
    progress: dict[int, list[bool]] = defaultdict(list)
    for m in with_progress(Commitment.objects.filter(contract__in=counted)):
        progress[m.contract_id].append(is_completed(m))
    contracts = [{"number": c.number, "title": scrub(c.title), "community": c.community.name,
                  "units": "、".join(p.organisation.name for p in c.parties.all() if p.organisation_id),
                  "commitments": len(progress[c.pk]), "completed": sum(progress[c.pk])}
                 for c in counted.select_related("community").prefetch_related("parties__organisation")
                 .order_by("community__path", "number")]
    return {
        "node": node.name, "kind": str(node.get_kind_display()), "year": year,
        "as_of": f"{clock.today():%Y年%-m月%-d日}",
        "headline": [{"label": label, "unit": unit, "value": v, "last": lv} for label, unit, v, lv in headline],
        "rates": [{"label": label, "value": _pct(getattr(rates_this, key)), "last": _pct(getattr(rates_last, key))}
                  for key, label in (("response", "响应率"), ("resolution", "解决率"), ("satisfaction", "满意率"))],
        "monthly_cases": _monthly(cases, "reported_at"),
        "monthly_person_times": _monthly(fulfilments, "date", Sum("person_times")),
        "contracts": contracts,
        "evaluation": _evaluation(node, year),
        "cases_highlights": [
            {"community": c.community.name, "category": c.category.name, "text": scrub(c.public_description)}
            for c in cases.filter(resolved_at__isnull=False).exclude(public_description="")
            .exclude(kind="dispute").select_related("community", "category").order_by("-resolved_at")[:6]],
        "wishes_highlights": [
            {"community": w.community.name, "text": w.public_wording}
            for w in Wish.objects.filter(community__path__startswith=node.path, status=WishStatus.CONFIRMED,
                                         confirmed_at__gte=start, confirmed_at__lt=end)
            .select_related("community").order_by("-confirmed_at")[:6]],
    }


def _evaluation(node, year: int) -> dict:
    """The published outcomes of the district's scheme for the year: grades counted, commendations of units and
    projects (commended individuals only counted, never named)."""
    districts = [*ancestor_paths(node.path), node.path]
    scheme = (Scheme.objects.filter(year=year, outcomes_published_at__isnull=False, district__path__in=districts)
              .order_by("-pk").first())
    if scheme is None:
        return {}
    grades = dict(Assessment.objects.filter(scheme=scheme, stage=Stage.DISTRICT,
                                            community__path__startswith=node.path)
                  .values("grade").annotate(n=Count("pk")).values_list("grade", "n"))
    kinds = dict(CommendationKind.choices)
    named, individuals = [], 0
    for c in (Commendation.objects.filter(scheme=scheme).select_related("organisation", "commitment__contract")
              .order_by("kind", "pk")):
        if c.organisation_id:
            named.append({"kind": str(kinds.get(c.kind, c.kind)), "name": c.organisation.name})
        elif c.commitment_id and c.commitment.contract.community.path.startswith(node.path):
            named.append({"kind": str(kinds.get(c.kind, c.kind)), "name": scrub(c.commitment.title)})
        elif c.individual:
            individuals += 1
    labels = dict(Grade.choices)
    return {"scheme": scheme.title, "grades": [{"grade": str(labels.get(g, g)), "count": n}
                                               for g, n in sorted(grades.items()) if g],
            "commendations": named, "individuals": individuals}


def bar_svg(values: list, *, width: int = 640, height: int = 180, colour: str = "#b71c1c") -> str:
    """A bar chart of 12 months as inline SVG (drawn on the server; WeasyPrint renders it in the PDF)."""
    top = max([v for v in values if v] or [1])
    n = len(values)
    slot = (width - 40) / n
    bars, labels = [], []
    for i, v in enumerate(values):
        h = 0 if not v else max(1.0, (height - 40) * v / top)
        x = 30 + i * slot + slot * 0.15
        y = height - 20 - h
        bars.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{colour}"/>')
        if v:
            bars.append(f'<text x="{x + slot * 0.35:.1f}" y="{y - 3:.1f}" font-size="10" fill="#333" font-family="Noto Sans CJK SC" text-anchor="middle">{v}</text>')
        labels.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 6}" font-size="10" fill="#333" font-family="Noto Sans CJK SC" text-anchor="middle">{i + 1}月</text>')
    axis = f'<line x1="28" y1="{height - 20}" x2="{width - 8}" y2="{height - 20}" stroke="#999" stroke-width="1"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'class="chart" role="img">{axis}{"".join(bars)}{"".join(labels)}</svg>')


