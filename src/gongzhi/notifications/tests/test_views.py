"""The inbox in each shell, the bell's badge, opening (read + follow), 404 for another's notification, read-all,
the settings page, and the API showing the same fields as the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.notifications import services
from gongzhi.notifications.models import Notification, Preference


def _notify(world, user, key, title="吹哨：C1 需司法所报到", url="/workbench/whistle-inbox/"):
    services.notify(kind="whistle", recipients=[user], event_key=key, title=title, body="五美社区 · 下水道", url=url)
    return Notification.objects.get(recipient=user, event_key=key)


def test_the_bell_counts_unread_and_the_inbox_lists_own_only(world, client_for):
    _notify(world, world.receiver, "w:1")
    _notify(world, world.receiver, "w:2", title="吹哨：C2 需司法所报到")
    _notify(world, world.wumei_staff, "w:3", title="别人的消息")
    client = client_for(world.receiver)
    page = client.get("/workbench/").content.decode()
    assert 'data-testid="bell-badge">2<' in page
    inbox = client.get("/notifications/").content.decode()
    assert "C2 需司法所报到" in inbox and "别人的消息" not in inbox
    assert "workbench.html" not in inbox and 'class="sidenav"' in inbox  # the staff shell


def test_a_resident_reads_the_inbox_on_the_phone(world, client_for):
    _notify(world, world.resident, "c:1", title="您反映的问题已办结，请确认：C9", url="/m/cases/?status=resolved")
    client = client_for(world.resident)
    home = client.get("/m/").content.decode()
    assert 'data-testid="bell-badge">1<' in home
    inbox = client.get("/notifications/").content.decode()
    assert "m-tabbar" in inbox and "请确认：C9" in inbox


def test_opening_marks_read_and_follows_the_link(world, client_for):
    note = _notify(world, world.receiver, "w:1")
    client = client_for(world.receiver)
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/workbench/whistle-inbox/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="bell-badge"' not in client.get("/workbench/").content.decode()


def test_a_link_off_the_site_is_not_followed(world, client_for):
    note = _notify(world, world.receiver, "w:1", url="//evil.example/")
    response = client_for(world.receiver).get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/notifications/"


def test_another_users_notification_is_404_on_page_and_api(world, client_for):
    note = _notify(world, world.receiver, "w:1")
    client = client_for(world.wumei_staff)
    assert client.get(f"/notifications/{note.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{note.pk}/read").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert client_for(world.admin).get(f"/notifications/{note.pk}/").status_code == 404  # not even the admin


def test_read_all(world, client_for):
    _notify(world, world.receiver, "w:1")
    _notify(world, world.receiver, "w:2")
    client = client_for(world.receiver)
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "没有未读消息" in client.get("/notifications/?show=unread").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/api/v1/notifications/").status_code == 401


def test_settings_page_saves_choices_and_number(world, client_for):
    client = client_for(world.receiver)
    page = client.get("/notifications/settings/").content.decode()
    assert "吹哨待报到" in page and 'name="whistle:sms" checked' in page
    assert "新派单" not in page and "履约提醒" not in page  # kinds that never reach a receiver are not offered
    response = client.post("/notifications/settings/", {"sms": "13912345678", "whistle:email": "on"})
    assert response.status_code == 302
    prefs = dict(Preference.objects.filter(user=world.receiver, kind="whistle").values_list("channel", "enabled"))
    assert prefs == {"sms": False, "email": True}
    bad = client.post("/notifications/settings/", {"sms": "12345"})
    assert bad.status_code == 200 and "11 位手机号码" in bad.content.decode()


def test_api_shows_the_page_fields_and_marks_read(world, client_for):
    note = _notify(world, world.receiver, "w:1")
    client = client_for(world.receiver)
    assert client.get("/api/v1/notifications/unread").json() == {"unread": 1}
    [item] = client.get("/api/v1/notifications/").json()["items"]
    assert item["title"] == note.title and item["body"] == note.body and item["url"] == note.url
    assert item["read_at"] is None
    assert client.post(f"/api/v1/notifications/{note.pk}/read").json()["read_at"] is not None
    assert client.get("/api/v1/notifications/?unread=true").json()["items"] == []
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 0}


@pytest.mark.parametrize("url", ["/notifications/", "/api/v1/notifications/"])
def test_inbox_query_count_does_not_grow(world, client_for, url):
    client = client_for(world.receiver)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _notify(world, world.receiver, "w:0")
    small = count()
    for i in range(1, 15):
        _notify(world, world.receiver, f"w:{i}")
    assert count() == small
