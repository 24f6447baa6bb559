"""评约's to-dos (evaluation/todos.py): per open scheme, the assessments whose next stage is the user's — a unit's
liaison's self-assessment, the community's review, the street's overall assessment, the district's re-check.
Each count is the scheme's page filtered by `turn` (待我办理)."""

from django.urls import reverse

from gongzhi.core.registry import todos_for
from gongzhi.evaluation.models import Stage
from gongzhi.evaluation.tests.conftest import walk
from gongzhi.testing.todos import check_todos


def ours(found: dict) -> dict:
    """This app's lines of a to-do list (other apps add theirs for the same user)."""
    return {k: v for k, v in found.items() if k.startswith("evaluation.")}


def _all(world, client_for):
    return {name: ours(check_todos(client_for(getattr(world, name)), getattr(world, name)))
            for name in ("liaison", "centre_liaison", "wumei_staff", "street_staff", "district_staff")}


def test_each_stage_waits_for_its_own_role_in_order(world, evaluation, client_for):
    c = evaluation
    assert _all(world, client_for) == {
        "liaison": {"evaluation.self": 1}, "centre_liaison": {"evaluation.self": 1},
        "wumei_staff": {"evaluation.community": 0}, "street_staff": {"evaluation.street": 0},
        "district_staff": {"evaluation.district": 0}}
    walk(c, c.hospital_assessment, until=Stage.SELF)
    found = _all(world, client_for)
    assert found["liaison"] == {"evaluation.self": 0} and found["wumei_staff"] == {"evaluation.community": 1}
    walk(c, c.hospital_assessment, until=Stage.COMMUNITY)
    assert _all(world, client_for)["street_staff"] == {"evaluation.street": 1}
    walk(c, c.hospital_assessment, until=Stage.STREET)
    found = _all(world, client_for)
    assert found["district_staff"] == {"evaluation.district": 1} and found["street_staff"] == {"evaluation.street": 0}
    label = next(t.label for t in todos_for(world.district_staff) if t.key == "evaluation.district")
    assert str(label) == "待城区复核的单位考评（2026年度）"


def test_the_filtered_page_lists_exactly_what_waits(world, evaluation, client_for):
    c = evaluation
    walk(c, c.hospital_assessment, until=Stage.SELF)
    url = reverse("evaluation:scheme", args=[c.scheme.pk])
    client = client_for(world.wumei_staff)
    response = client.get(url + "?turn=community")
    rows = [r["assessment"].organisation for r in response.context["rows"]]
    assert rows == [world.hospital]
    assert client.get(url + "?turn=nonsense").context["page"].paginator.count == 2  # ignored
    assert client.get(url + "?turn=district").context["page"].paginator.count == 0  # not hers


def test_outsiders_and_other_districts_have_no_lines(world, evaluation):
    for user in (world.xiufeng_staff, world.receiver, world.admin):
        assert not [t for t in todos_for(user) if t.key.startswith("evaluation.")]
