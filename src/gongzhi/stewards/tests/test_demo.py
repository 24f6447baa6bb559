"""The demo's stewards and talent pool (`stewards_demo.load`, `talent_demo.load`) on the personas' 五美社区, through
the services: most posts held, some vacant, a year of evaluations with last month partly missing, one retired and
refilled, commendations, suggestions turned into needs and a case; ~30 residents in the talent pool."""

from types import SimpleNamespace

from gongzhi.chronicle.services import verify
from gongzhi.demo import stewards_demo, talent_demo
from gongzhi.people.services import register_person
from gongzhi.regions.services import create_node
from gongzhi.stewards import selectors, services
from gongzhi.stewards.models import Evaluation, Steward, Suggestion
from gongzhi.talent.models import Talent


def test_the_demo_loads_through_the_services(world):
    for b in range(3, 12):
        building = create_node(actor=world.admin, parent=world.wumei_estate, kind="building", name=f"{b}栋")
        for i in range(4):
            register_person(actor=world.admin, name=f"居民{b}{i}", home=building, birth_year=1960 + i)
    for i in range(4):
        register_person(actor=world.admin, name=f"一栋居民{i}", home=world.wumei_b1, birth_year=1970)
    builder = SimpleNamespace(demo_users=lambda: {"wumei": world.wumei_staff, "wangxiuying": world.resident},
                              street_communities=lambda: [world.wumei, world.nanmen],
                              plan=SimpleNamespace(seed=2026))
    talent = talent_demo.load(builder)
    counts = stewards_demo.load(builder)
    assert talent["talent_pool"] == Talent.objects.filter(active=True).count() >= 20
    assert Talent.objects.get(person=world.resident_person).source == "self"
    assert counts["stewards"] == Steward.objects.filter(status="current").count() >= 8
    assert Steward.objects.filter(status="retired").count() == 1
    assert counts["steward_vacancies"] == len(selectors.vacancies(world.wumei)) >= 1
    assert Steward.objects.get(person=world.resident_person).is_current
    # bulk-loaded (COPY on PostgreSQL): the roles are JSON lists the role filter finds, as the service writes them
    assert all(isinstance(s.roles, list) and len(s.roles) >= 2 for s in Steward.objects.all())
    for role in ("policy", "safety"):
        assert selectors.stewards(world.wumei_staff, role=role).count() == sum(
            role in s.roles for s in Steward.objects.all()) >= 1
    assert counts["steward_evaluations"] == Evaluation.objects.count() >= 100
    assert Suggestion.objects.filter(status="need").count() == 2 and Suggestion.objects.filter(status="case").exists()
    assert services.sweep() == 1  # last month is partly missing
    assert verify().ok
