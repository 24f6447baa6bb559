"""认领 tells the owner of the item: the community's staff when a unit claims a community need."""

from gongzhi.lists import services
from gongzhi.lists.tests.conftest import next_week
from gongzhi.notifications.models import Notification


def test_a_claim_tells_the_community_staff(world, items):
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    [note] = Notification.objects.filter(kind="claimed")
    assert note.recipient == world.wumei_staff
    assert "桂林市中医医院" in note.title and note.event_key == f"claim:{made.pk}"
    assert note.url == f"/workbench/lists/needs/{items.published.pk}/"
