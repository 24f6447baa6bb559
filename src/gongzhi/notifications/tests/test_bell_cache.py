"""The bell's unread count is kept per user in the shared cache (core/shared_cache.py) and forgotten by the services
that change it: a notification or a reading shows on the next request, each user is served her own count, and a
count read while a change commits is never served after it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gongzhi.core import shared_cache
from gongzhi.notifications import services
from gongzhi.notifications.models import Notification
from gongzhi.notifications.selectors import UNREAD, unread_count

pytestmark = pytest.mark.usefixtures("shared_cache")


def _notify(user, key):
    services.notify(kind="whistle", recipients=[user], event_key=key, title=f"吹哨：{key}", url="/m/")


def _badge(client) -> str:
    page = client.get("/notifications/").content.decode()
    if 'data-testid="bell-badge"' not in page:
        return ""
    return page.split('data-testid="bell-badge">', 1)[1].split("<", 1)[0]


def test_a_notification_and_a_reading_show_on_the_next_request(world, client_for):
    client = client_for(world.resident)
    assert _badge(client) == ""
    _notify(world.resident, "c:1")
    assert _badge(client) == "1"
    assert _badge(client) == "1"  # from the cache
    _notify(world.resident, "c:2")
    assert _badge(client) == "2"
    services.mark_read(actor=world.resident, notification=Notification.objects.get(event_key="c:1"))
    assert _badge(client) == "1"
    services.mark_all_read(actor=world.resident)
    assert _badge(client) == ""


def test_each_user_is_served_her_own_count(world, client_for):
    _notify(world.resident, "c:1")
    _notify(world.resident, "c:2")
    _notify(world.volunteer, "v:1")
    resident, volunteer, staff = (client_for(world.resident), client_for(world.volunteer),
                                  client_for(world.wumei_staff))
    for _ in range(2):  # built, then from the cache
        assert (_badge(resident), _badge(volunteer), _badge(staff)) == ("2", "1", "")


def test_the_count_comes_from_the_cache_after_the_first_request(world, client_for):
    _notify(world.resident, "c:1")
    assert unread_count(world.resident) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(world.resident) == 1
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]


def test_a_count_read_while_a_change_commits_is_not_served_after_it(world, django_capture_on_commit_callbacks):
    """A request reads the old count; meanwhile a notification commits and forgets the bell; the request then stores
    its old count. The next request must count anew."""
    user = world.resident

    def slow_build():
        old = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            _notify(user, "c:late")  # commits (the test's savepoint) and forgets after the read above
        return old

    assert shared_cache.remembered(UNREAD, user.pk, slow_build) == 0  # the old count, for that request only
    assert unread_count(user) == 1


def test_without_a_shared_cache_the_count_is_read_every_time(world, settings):
    settings.GONGZHI_SHARED_CACHE = False
    _notify(world.resident, "c:1")
    assert unread_count(world.resident) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(world.resident) == 1
    assert len(queries.captured_queries) == 1


def test_a_cache_that_does_not_answer_costs_speed_not_the_count(world, monkeypatch):
    class Broken:
        def __getattr__(self, name):
            raise ConnectionError("cache down")

    monkeypatch.setattr(shared_cache, "caches", {shared_cache.ALIAS: Broken()})
    _notify(world.resident, "c:1")  # forgetting fails quietly
    assert unread_count(world.resident) == 1
