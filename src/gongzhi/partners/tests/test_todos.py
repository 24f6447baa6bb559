"""社区合伙人's to-dos (partners/todos.py): community staff see the partner applications waiting for their review and
the draft projects waiting for them to publish (社区审核后公开); each count is the list its link opens (`?review=1`
on the partner list and on the project list). Rows the staffer sees through another role but does not review are
neither counted nor listed; liaisons and street staff, who review nothing, are not asked."""

import datetime as dt

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role
from gongzhi.core.registry import todos_for
from gongzhi.partners import services
from gongzhi.partners.tests.conftest import approved
from gongzhi.testing.todos import check_todos


def _waiting(world, p):
    services.apply(actor=p.noodles_liaison, community=world.wumei, organisation=p.noodles, kind="social_enterprise",
                   gives="老年人就餐优惠2元", gets="宣传")
    services.apply(actor=world.nanmen_staff, community=world.nanmen, organisation=p.bakery,
                   kind="social_enterprise", gives="每周赠送面包")
    hospital = approved(world, world.hospital, kind="institutional")
    services.create_project(actor=world.liaison, partner=hospital, title="义诊进社区", content="每月一次义诊",
                            starts_on=dt.date(2026, 7, 1))
    published = services.create_project(actor=world.liaison, partner=hospital, title="健康讲座",
                                        content="每季度一次", starts_on=dt.date(2026, 7, 1))
    services.publish_project(actor=world.wumei_staff, project=published)


def test_staff_review_what_their_lists_show(world, partners, client_for):
    _waiting(world, partners)
    found = check_todos(client_for(world.wumei_staff), world.wumei_staff)
    assert found["partners.applied"] == 1 and found["partners.projects"] == 1
    assert check_todos(client_for(world.nanmen_staff), world.nanmen_staff)["partners.applied"] == 1


def test_rows_seen_through_another_role_are_not_to_review(world, partners, client_for):
    _waiting(world, partners)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = User.objects.get(pk=world.wumei_staff.pk)
    client = client_for(staff)
    assert client.get("/workbench/partners/?status=applied").context["page"].paginator.count == 2
    assert check_todos(client, staff)["partners.applied"] == 1
    assert client.get("/workbench/partners/?review=2").context["page"].paginator.count == 3


def test_who_reviews_nothing_is_not_asked(world, partners, client_for):
    _waiting(world, partners)
    for user in (world.street_staff, world.liaison, partners.noodles_liaison):
        assert not [t for t in todos_for(user) if t.key.startswith("partners.")]
    assert 'name="review"' not in client_for(world.liaison).get("/workbench/partners/projects/").content.decode()
    found = check_todos(client_for(world.nanmen_staff), world.nanmen_staff)
    assert found["partners.projects"] == 0
