"""What the public board freezes: plain JSON-able data, public information only (no personal data: liaison
names, phone numbers and people never enter a snapshot)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

from django.utils import translation

from gongzhi.contracts.models import Area, Commitment, Contract, ContractStatus, Fulfilment, Milestone
from gongzhi.core.privacy import scrub_data
from gongzhi.lists.models import Beneficiary, Need, NeedStatus, Resource, ResourceStatus

# The frozen document keeps the Chinese label; pages show the state translated (publication_page.html).
STATE_LABELS = {"completed": "已完成", "overdue": "已逾期", "in_progress": "进行中"}


def public(snapshot: dict) -> dict:
    """Free text typed by people (need titles, commitment content) may hold a phone or ID number: the
    public board never shows one."""
    return scrub_data(snapshot)


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _labels(codes) -> list[str]:
    names = dict(Beneficiary.choices)
    return [str(names.get(c, c)) for c in codes or []]


def _contracts(community, year):
    return (Contract.objects.filter(community=community, year=year, status=ContractStatus.SIGNED)
            .prefetch_related("parties__organisation", "commitments__undertakers").order_by("number"))


def start_of_year(community, year: int) -> dict:
    """年初公示: the contracts in force, the resource list and the needs list."""
    with translation.override("zh-hans"):
        areas = dict(Area.choices)
        contracts = [{
            "number": c.number, "title": c.title, "version": c.version,
            "signed_on": c.signed_at.date().isoformat() if c.signed_at else None,
            "term": [c.term_start.isoformat(), c.term_end.isoformat()],
            "document_sha256": c.document_sha256,
            "units": [p.organisation.name for p in c.parties.all()],
            "commitments": [{
                "area": str(areas[m.area]), "title": m.title, "content": m.content,
                "beneficiaries": _labels(m.beneficiaries), "undertakers": [u.name for u in m.undertakers.all()],
                "deadline": m.deadline.isoformat(), "target_services": m.target_services,
                "target_person_times": m.target_person_times, "target_note": m.target_note,
            } for m in c.commitments.all()],
        } for c in _contracts(community, year)]
        resources = [{
            "category": r.category.name, "title": r.title, "provider": r.organisation.name if r.organisation else
            community.name, "times_per_year": r.times_per_year, "people_per_session": r.people_per_session,
            "schedule": r.schedule, "place": r.place, "cost": str(r.get_cost_display()),
        } for r in Resource.objects.filter(community=community, year=year, status=ResourceStatus.PUBLISHED)
            .select_related("category", "organisation").order_by("category__order", "title")]
        needs = [{
            "category": n.category.name, "title": n.title, "beneficiaries": _labels(n.beneficiaries),
            "scale": n.scale, "side": str(n.get_side_display()), "urgency": str(n.get_urgency_display()),
        } for n in Need.objects.filter(community=community, year=year, status=NeedStatus.PUBLISHED)
            .select_related("category").order_by("category__order", "title")]
    return public({"community": community.name, "year": year, "contracts": contracts, "resources": resources,
                   "needs": needs})


def quarter(community, year: int, quarter: int, as_of: dt.date) -> dict:
    """A quarter's progress: every commitment of the year's contracts with what was recorded up to `as_of`."""
    commitments = list(Commitment.objects.filter(contract__in=_contracts(community, year))
                       .select_related("contract").prefetch_related("undertakers").order_by("contract__number",
                                                                                            "order"))
    done = defaultdict(lambda: {"services": 0, "person_times": 0, "hours": Decimal("0"), "this_quarter": 0})
    quarter_start = dt.date(year, 3 * quarter - 2, 1)
    for f in Fulfilment.objects.filter(commitment__in=commitments, date__year=year, date__lte=as_of).only(
            "commitment_id", "date", "person_times", "volunteer_hours"):
        row = done[f.commitment_id]
        row["services"] += 1
        row["person_times"] += f.person_times
        row["hours"] += f.volunteer_hours
        if f.date >= quarter_start:
            row["this_quarter"] += 1
    open_steps = set(Milestone.objects.filter(commitment__in=commitments).exclude(done_on__lte=as_of)
                     .values_list("commitment_id", flat=True))
    rows, completed = [], 0
    for c in commitments:
        d = done[c.pk]
        is_done = (d["services"] >= max(c.target_services, 1) and d["person_times"] >= c.target_person_times
                   and c.pk not in open_steps)
        completed += is_done
        state = "completed" if is_done else ("overdue" if c.deadline < as_of else "in_progress")
        rows.append({
            "contract": c.contract.number, "title": c.title, "undertakers": [u.name for u in c.undertakers.all()],
            "deadline": c.deadline.isoformat(), "target_services": c.target_services,
            "target_person_times": c.target_person_times, "services": d["services"],
            "services_this_quarter": d["this_quarter"], "person_times": d["person_times"],
            "volunteer_hours": str(d["hours"]), "state": state, "status": STATE_LABELS[state],
        })
    return public({
        "community": community.name, "year": year, "quarter": quarter, "as_of": as_of.isoformat(),
        "figures": {
            "contracts": len({c.contract_id for c in commitments}), "committed_items": len(commitments),
            "completed_items": completed, "services_held": sum(r["services"] for r in rows),
            "person_times": sum(r["person_times"] for r in rows),
            "volunteer_hours": str(sum((done[c.pk]["hours"] for c in commitments), Decimal("0"))),
        },
        "commitments": rows,
    })
