"""Login: Argon2 in production settings, throttling after repeated failures, role-based landing page."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from gongzhi.accounts.models import LoginAttempt
from gongzhi.core import clock

LOGIN = "/accounts/login/"


def test_production_settings_hash_passwords_with_argon2():
    # The test suite swaps in a fast hasher; the configured first hasher is Argon2.
    from gongzhi import settings as gongzhi_settings

    assert gongzhi_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


@pytest.mark.parametrize(("persona", "landing"), [("wumei_staff", "core:workbench"), ("liaison", "core:workbench"),
                                                  ("receiver", "core:workbench"), ("resident", "core:resident_home"),
                                                  ("volunteer", "core:resident_home")])
def test_each_role_lands_in_its_shell(world, client, password, persona, landing):
    user = getattr(world, persona)
    response = client.post(LOGIN, {"username": user.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(landing)


def test_a_wrong_password_is_refused_with_a_clear_message(world, client):
    response = client.post(LOGIN, {"username": "wumei_staff", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(world, client, password, settings):
    settings.GONGZHI_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "wumei_staff", "password": "wrong"})
    # Even the right password is refused while throttled.
    response = client.post(LOGIN, {"username": "wumei_staff", "password": password})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # After the window the user can log in again.
    later = clock.now() + dt.timedelta(minutes=settings.GONGZHI_LOGIN_WINDOW_MINUTES + 1)
    with clock.frozen(later):
        response = client.post(LOGIN, {"username": "wumei_staff", "password": password})
    assert response.status_code == 302


def test_throttling_one_user_does_not_lock_out_another(world, client, password, settings):
    settings.GONGZHI_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "wumei_staff", "password": "wrong"})
    assert client.post(LOGIN, {"username": "nanmen_staff", "password": password}).status_code == 302


def test_attempts_are_recorded_without_passwords(world, client):
    client.post(LOGIN, {"username": "wumei_staff", "password": "secret-guess"})
    attempt = LoginAttempt.objects.get()
    assert attempt.username == "wumei_staff" and not attempt.succeeded
    assert "secret-guess" not in str(attempt.__dict__)
