"""The needs' to-do (lists/todos.py): community staff see how many submitted needs wait for the periodic review,
and the count is the review queue's; the street's staff, who do not review, are not asked."""

from gongzhi.core.registry import todos_for
from gongzhi.lists import services
from gongzhi.testing.todos import check_todos


def test_the_review_queue_is_the_staffers_to_do(world, items, client_for):
    before = check_todos(client_for(world.wumei_staff), world.wumei_staff)["needs.review"]
    assert before >= 1
    services.submit_need(actor=world.liaison, organisation=world.hospital, title="需要场地开展健康讲座",
                         category=items.cats["party_building"])
    assert check_todos(client_for(world.wumei_staff), world.wumei_staff)["needs.review"] == before + 1
    assert "needs.review" not in {t.key for t in todos_for(world.street_staff)}
    assert "needs.review" not in {t.key for t in todos_for(world.liaison)}
