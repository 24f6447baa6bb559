"""The demo (`gongzhi demo`) loads 五美社区's proposals and elections through the services: a declared election of
百姓监督员 with counts and inspections, one open for voting now, proposals supported and answered, one overdue."""

import time

from gongzhi.chronicle.services import verify
from gongzhi.demo import elections_demo, proposals_demo
from gongzhi.demo.builder import load_demo
from gongzhi.elections.models import Candidate, Election, Inspection, VoterRecord
from gongzhi.elections.permissions import phase
from gongzhi.proposals.models import Proposal, Support


def test_the_demo_holds_proposals_and_elections(db, monkeypatch):
    took = {}
    for module in (elections_demo, proposals_demo):
        def timed(builder, _load=module.load, _name=module.__name__):
            started = time.perf_counter()
            counts = _load(builder)
            took[_name] = time.perf_counter() - started
            return counts
        monkeypatch.setattr(module, "load", timed)
    result = load_demo()
    assert result.loaded
    declared, open_now = Election.objects.order_by("pk")
    assert phase(declared) == "declared" and phase(open_now) == "voting"
    assert Candidate.objects.filter(election=declared, elected=True).count() == 3
    assert Candidate.objects.filter(election=declared).count() == 4  # 差额: 4 for 3 seats
    assert VoterRecord.objects.filter(election=declared, channel="online").count() == 1
    assert VoterRecord.objects.filter(election=declared, channel="paper").count() > 3
    assert Inspection.objects.exists() and declared.paper_tallies.filter(status="confirmed").count() == 2
    assert Proposal.objects.count() == 5 and Proposal.objects.filter(status="answered").count() == 3
    assert Proposal.objects.filter(reminded_at__isnull=False).count() == 1
    assert Support.objects.count() == sum(p.support_count for p in Proposal.objects.all())
    assert verify().ok
    print(took)  # about 1 s on an idle machine; a figure for the eye, not a timed assertion (CI machines are busy)
