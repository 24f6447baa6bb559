"""The cases demo (demo/cases_demo.py) on top of the demo district: the 权责清单 with 兴庆区's figures, the sewage
story and a year of cases, all through the services."""

import pytest
from django.db.models import F

from gongzhi.cases.models import Case, CaseKind, CaseStatus, Escalation, Whistle
from gongzhi.cases.selectors import responsibility_counts, whistle_advice
from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import verify
from gongzhi.demo.builder import load_demo
from gongzhi.regions.models import RegionNode


@pytest.fixture
def loaded(db):
    """The demo district as `gongzhi demo` loads it: demo/builder.py loads the cases demo itself."""
    result = load_demo()
    assert result.loaded
    return result.counts


def test_the_demo_year_of_cases(loaded):
    district = RegionNode.objects.get(name="象山区", kind="district")
    summary = {s.kind: s.description for s in responsibility_counts(district)}
    assert summary["autonomous"] == "4 类 13 项 32 子项"
    assert summary["access"] == "4 类 17 项"
    assert summary["removed"] == "46 项"
    assert summary["department"] == "12 项"
    story = Case.objects.get(reporter__name="王秀英", channel="phone_app")
    assert story.status == CaseStatus.CLOSED and story.satisfaction == "satisfied"
    assert sorted(story.whistles.values_list("score", flat=True)) == [90, 92, 95]
    assert story.meetings.count() == 1
    names = [s.department.name for s in whistle_advice(story).suggestions]
    assert {"丽景街司法所", "广西桂象律师事务所", "象山区住房和城乡建设局"} <= set(names)
    # The year: 24 cases a community of 象山街道 (48 in 五美社区), the sewage story and the case waiting for the
    # judicial office, and two cases a community from the last days (those still ahead of the clock today left out).
    street = RegionNode.objects.get(name="象山街道", kind="street")
    communities = RegionNode.objects.filter(parent=street, kind="community").count()
    # (the cases that stewards' suggestions and supervisors' inspections became are the stewards' and elections'
    # demos, not this year's)
    from gongzhi.elections.models import Problem
    from gongzhi.stewards.models import Suggestion

    others = [*Problem.objects.exclude(case=None).values_list("case", flat=True),
              *Suggestion.objects.exclude(case=None).values_list("case", flat=True)]
    requests = (Case.objects.filter(kind=CaseKind.REQUEST, community__parent=street).exclude(channel="open311")
                .exclude(pk__in=others))
    year = 24 * (communities + 1) + 2
    assert year <= requests.count() <= year + 2 * communities
    assert requests.filter(community__name="五美社区").count() >= 48 + 2
    # every case was reported through the service (one chronicle entry each), every escalation fired by the sweep
    assert Case.objects.count() == Entry.objects.filter(action="case.reported").count()
    escalations = Escalation.objects.all()
    assert escalations.exists() and escalations.count() == Entry.objects.filter(action="case.escalated").count()
    assert not escalations.filter(created_at__lte=F("due_at")).exists()  # only overdue steps are raised
    assert Whistle.objects.filter(case__community__parent=street).exists()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(satisfaction="").exists()
    assert verify().ok
