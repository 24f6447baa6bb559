"""The cases demo (demo/cases_demo.py) on top of the demo district: the 权责清单 with 兴庆区's figures, the sewage
story and a year of cases, all through the services."""

import random

import pytest

from gongzhi.cases.models import Case, CaseStatus, Escalation, Responsibility, Whistle
from gongzhi.cases.selectors import responsibility_counts, whistle_advice
from gongzhi.chronicle.services import verify
from gongzhi.core import clock
from gongzhi.demo import cases_demo
from gongzhi.demo.builder import load_demo
from gongzhi.regions.models import RegionNode


def load_year(cases_per_community: int = 4) -> dict[str, int]:
    """The demo district and the cases demo (demo/builder.py calls cases_demo.load itself once the lead wired
    it in; otherwise it is loaded here)."""
    assert load_demo().loaded
    if Responsibility.objects.exists():
        return {"cases": Case.objects.count(), "escalations": Escalation.objects.count()}
    street = RegionNode.objects.get(name="象山街道", kind="street")
    communities = list(RegionNode.objects.filter(parent=street, kind="community").order_by("path"))
    actors = cases_demo.actors_from_demo_accounts()
    assert actors is not None
    return cases_demo.load(communities=communities, actors=actors, rng=random.Random(5), today=clock.today(),
                           cases_per_community=cases_per_community)


@pytest.fixture
def loaded(db):
    return load_year()


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
    assert loaded["cases"] <= Case.objects.count() and loaded["cases"] > 30  # the disputes demo adds its own
    assert Whistle.objects.exists() and loaded["escalations"] == Escalation.objects.count()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(satisfaction="").exists()
    assert verify().ok
