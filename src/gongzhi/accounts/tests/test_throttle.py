"""One login throttle for every way in, per account and per address, held in the database
(docs/adr/0009-login-throttling.md)."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client, RequestFactory

from gongzhi.accounts.models import LoginAttempt
from gongzhi.core import clock
from gongzhi.core.security import client_address

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _fail(client, username, path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": "wrong-guess"}, **extra)


def test_admin_login_is_throttled_like_the_login_page(world, client, password, settings):
    settings.GONGZHI_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _fail(client, "admin", ADMIN_LOGIN)
    response = client.post(ADMIN_LOGIN, {"username": "admin", "password": password, "next": "/admin/"})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_login_page_also_close_the_admin_door(world, client, password, settings):
    settings.GONGZHI_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _fail(client, "admin")
    client.post(ADMIN_LOGIN, {"username": "admin", "password": password, "next": "/admin/"})
    assert "_auth_user_id" not in client.session


def test_authenticate_from_code_is_throttled_too(world, password, settings):
    settings.GONGZHI_LOGIN_MAX_FAILURES = 2
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.1.1")
    for _ in range(2):
        assert authenticate(request, username="wumei_staff", password="nope") is None
    assert authenticate(request, username="wumei_staff", password=password) is None
    other = RequestFactory().post("/", REMOTE_ADDR="10.1.1.2")
    assert authenticate(other, username="wumei_staff", password=password) is not None


def test_a_spray_of_random_usernames_does_not_lock_out_other_users(world, password, settings):
    """The review's attack: 20 random usernames from one address (all clients behind one proxy share it) used to
    block every login from that address for 15 minutes."""
    shared = "203.0.113.7"
    for _ in range(20):
        _fail(Client(REMOTE_ADDR=shared), f"guess-{uuid.uuid4().hex[:8]}")
    for name in ("wumei_staff", "nanmen_staff", "resident"):
        assert Client(REMOTE_ADDR=shared).post(LOGIN, {"username": name, "password": password}).status_code == 302
        assert Client(REMOTE_ADDR="198.51.100.9").post(LOGIN, {"username": name, "password": password}).status_code == 302


def test_an_address_over_its_limit_keeps_users_who_logged_in_from_it_before(world, password, settings):
    settings.GONGZHI_LOGIN_ADDRESS_MAX_FAILURES = 10
    office = "192.0.2.50"  # a street office behind one NAT address
    assert Client(REMOTE_ADDR=office).post(LOGIN, {"username": "wumei_staff", "password": password}).status_code == 302
    for _ in range(10):
        _fail(Client(REMOTE_ADDR=office), f"guess-{uuid.uuid4().hex[:8]}")
    # The regular user of that office still gets in; the spraying address cannot try accounts new to it.
    assert Client(REMOTE_ADDR=office).post(LOGIN, {"username": "wumei_staff", "password": password}).status_code == 302
    assert Client(REMOTE_ADDR=office).post(LOGIN, {"username": "nanmen_staff", "password": password}).status_code == 200
    # Everyone elsewhere is untouched.
    assert Client(REMOTE_ADDR="192.0.2.51").post(LOGIN, {"username": "nanmen_staff",
                                                          "password": password}).status_code == 302


def test_many_addresses_guessing_one_account_lock_that_account(world, password, settings):
    settings.GONGZHI_LOGIN_ACCOUNT_MAX_FAILURES = 6
    for n in range(6):
        _fail(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "wumei_staff")
    response = Client(REMOTE_ADDR="198.51.100.1").post(LOGIN, {"username": "wumei_staff", "password": password})
    assert "登录失败次数过多" in response.content.decode()
    later = clock.now() + dt.timedelta(minutes=settings.GONGZHI_LOGIN_WINDOW_MINUTES + 1)
    with clock.frozen(later):
        assert Client(REMOTE_ADDR="198.51.100.1").post(
            LOGIN, {"username": "wumei_staff", "password": password}).status_code == 302


def test_the_throttle_holds_across_app_servers(world, password, settings):
    """Two clients stand for two app servers behind one load balancer: they share only the database."""
    settings.GONGZHI_LOGIN_MAX_FAILURES = 3
    server_a, server_b = Client(REMOTE_ADDR="203.0.113.20"), Client(REMOTE_ADDR="203.0.113.20")
    for _ in range(3):
        _fail(server_a, "wumei_staff")
    assert LoginAttempt.objects.filter(username="wumei_staff", succeeded=False).count() == 3
    refused = server_b.post(LOGIN, {"username": "wumei_staff", "password": password})
    assert "登录失败次数过多" in refused.content.decode()
    # What server B read was the database: once the rows are gone, it lets the user in.
    LoginAttempt.objects.all().delete()
    assert server_b.post(LOGIN, {"username": "wumei_staff", "password": password}).status_code == 302


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), [
    ([], "10.0.0.1", "1.2.3.4", "10.0.0.1"),  # no trusted proxy configured: the header is ignored
    (["10.0.0.0/8"], "10.0.0.1", "1.2.3.4", "1.2.3.4"),
    (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client's own left-hand hop is not believed
    (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),  # two trusted proxies
    (["10.0.0.0/8"], "10.0.0.1", "", "10.0.0.1"),
    (["10.0.0.0/8"], "10.0.0.1", "not-an-address", "10.0.0.1"),
    (["10.0.0.0/8"], "192.0.2.1", "1.2.3.4", "192.0.2.1"),  # an untrusted peer cannot name another client
])
def test_the_client_address_comes_from_a_trusted_proxy_only(settings, proxies, remote, forwarded, expected):
    import ipaddress

    settings.GONGZHI_TRUSTED_PROXIES = [ipaddress.ip_network(p) for p in proxies]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(world, password, settings):
    import ipaddress

    settings.GONGZHI_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    settings.GONGZHI_LOGIN_MAX_FAILURES = 3
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(3):
        _fail(proxy, "wumei_staff", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert LoginAttempt.objects.filter(address="203.0.113.66").count() == 3
    ok = proxy.post(LOGIN, {"username": "wumei_staff", "password": password}, HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert ok.status_code == 302


def test_prune_login_attempts_removes_old_rows_once(world, settings):
    now = clock.now()
    LoginAttempt.objects.create(username="a", address="10.0.0.1", succeeded=False, at=now - dt.timedelta(days=2))
    LoginAttempt.objects.create(username="a", address="10.0.0.1", succeeded=False, at=now - dt.timedelta(minutes=5))
    LoginAttempt.objects.create(username="b", address="10.0.0.1", succeeded=True, at=now - dt.timedelta(days=40))
    LoginAttempt.objects.create(username="b", address="10.0.0.1", succeeded=True, at=now - dt.timedelta(days=3))
    call_command("prune_login_attempts", "--now")
    call_command("prune_login_attempts", "--now")  # idempotent: the second run finds nothing more
    assert sorted(LoginAttempt.objects.values_list("username", "succeeded")) == [("a", False), ("b", True)]


def test_prune_login_attempts_enqueues_the_task_by_default(world, capsys):
    call_command("prune_login_attempts")
    assert "enqueued" in capsys.readouterr().out
