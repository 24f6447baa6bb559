"""Passwords: everyone changes their own (workbench and phone); an administrator or a community staffer resets
a resident's within their scope, chronicled without the password; government password rules."""

import json

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.chronicle.models import Entry

DEMO_PASSWORD = "gongzhi2026"  # gongzhi.demo.names.DEMO_PASSWORD: the accounts `make run` prints

NEW = "Lijiang-river-2027"


@pytest.fixture
def nanmen_resident(world, password):
    user = create_user(actor=world.admin, username="nanmen_resident", password=password, display_name="张伟")
    assign_role(actor=world.admin, user=user, role="resident", region=world.nanmen_b1)
    return user


def _login(username, password):
    client = Client()
    return client, client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize("weak", ["short1", "1234567890123", "password123", "resident2026x"])
def test_the_rules_refuse_weak_passwords(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, world.resident)


def test_the_demo_password_passes_the_rules(world):
    validate_password(DEMO_PASSWORD, world.wumei_staff)
    assert create_user(actor=world.admin, username="demo_check", password=DEMO_PASSWORD).check_password(DEMO_PASSWORD)


def test_a_staffer_changes_her_password_in_the_workbench(world, client_for, password):
    client = client_for(world.wumei_staff)
    page = client.get("/accounts/password/").content.decode()
    assert 'class="sidenav"' in page
    r = client.post("/accounts/password/", {"old_password": password, "new_password": NEW, "new_password_again": NEW})
    assert r.status_code == 302
    assert client.get("/workbench/").status_code == 200  # still logged in here
    assert _login("wumei_staff", NEW)[1].status_code == 302
    entry = Entry.objects.filter(action="user.password_changed").get()
    assert NEW not in json.dumps(entry.data) and password not in json.dumps(entry.data)


def test_a_resident_changes_her_password_on_the_phone(world, client_for, password):
    client = client_for(world.resident)
    assert "m-tabbar" in client.get("/accounts/password/").content.decode()
    r = client.post("/accounts/password/", {"old_password": password, "new_password": NEW, "new_password_again": NEW})
    assert r.status_code == 302 and _login("resident", NEW)[1].status_code == 302


def test_a_wrong_current_password_or_a_weak_new_one_is_refused(world, client_for, password):
    client = client_for(world.resident)
    wrong = client.post("/accounts/password/", {"old_password": "nope", "new_password": NEW,
                                                "new_password_again": NEW})
    assert wrong.status_code == 200 and "当前密码不正确" in wrong.content.decode()
    weak = client.post("/accounts/password/", {"old_password": password, "new_password": "12345678901",
                                               "new_password_again": "12345678901"})
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()
    assert _login("resident", password)[1].status_code == 302


def test_it_requires_login_to_change_a_password(db, client):
    assert client.get("/accounts/password/").status_code == 302


def test_a_community_staffer_resets_a_resident_of_her_community(world, client_for, nanmen_resident):
    client = client_for(world.wumei_staff)
    listing = client.get("/accounts/accounts/").content.decode()
    assert "<td>resident</td>" in listing and "<td>volunteer</td>" in listing
    assert "nanmen_resident" not in listing and "<td>wumei_grid</td>" not in listing
    r = client.post(f"/accounts/accounts/{world.resident.pk}/reset-password/")
    temporary = r.content.decode().split('data-testid="temporary-password">')[1].split("<")[0]
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert _login("resident", temporary)[1].status_code == 302
    entry = Entry.objects.get(action="user.password_reset")
    assert entry.actor_id == world.wumei_staff.pk and temporary not in json.dumps(entry.data)
    assert entry.region_path.startswith(world.wumei.path)


@pytest.mark.parametrize("target", ["nanmen_resident", "nanmen_staff", "wumei_grid_worker", "admin"])
def test_it_requires_the_resident_to_be_in_the_staffer_s_community(world, client_for, nanmen_resident, target):
    """Out of scope (another community's resident, any staff account) answers 404 and changes nothing."""
    client = client_for(world.wumei_staff)
    account = nanmen_resident if target == "nanmen_resident" else getattr(world, target)
    before = account.password
    assert client.post(f"/accounts/accounts/{account.pk}/reset-password/").status_code == 404
    account.refresh_from_db()
    assert account.password == before and not Entry.objects.filter(action="user.password_reset").exists()


@pytest.mark.parametrize("persona", ["street_staff", "wumei_grid_worker", "resident", "liaison"])
def test_it_requires_an_administrator_or_community_staff_to_reset(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get("/accounts/accounts/").status_code == 404
    assert client.post(f"/accounts/accounts/{world.resident.pk}/reset-password/").status_code == 404


def test_an_administrator_resets_any_account(world, client_for):
    r = client_for(world.admin).post(f"/accounts/accounts/{world.street_staff.pk}/reset-password/")
    assert r.status_code == 200 and 'data-testid="temporary-password"' in r.content.decode()


def test_the_api_changes_and_resets_passwords(world, client_for, password):
    resident = client_for(world.resident)
    bad = resident.post("/api/v1/me/password", {"old_password": "nope", "new_password": NEW},
                        content_type="application/json")
    assert bad.status_code == 400
    ok = resident.post("/api/v1/me/password", {"old_password": password, "new_password": NEW},
                       content_type="application/json")
    assert ok.status_code == 204 and resident.get("/api/v1/me").status_code == 200
    staff = client_for(world.wumei_staff)
    reset = staff.post(f"/api/v1/accounts/{world.resident.pk}/reset-password")
    assert reset.status_code == 200 and _login("resident", reset.json()["temporary_password"])[1].status_code == 302


def test_it_requires_scope_to_reset_through_the_api(world, client_for):
    assert client_for(world.nanmen_staff).post(f"/api/v1/accounts/{world.resident.pk}/reset-password").status_code == 404
    assert client_for(world.resident).post(f"/api/v1/accounts/{world.volunteer.pk}/reset-password").status_code == 404


def test_the_password_page_is_reachable_from_both_shells(world, client_for):
    assert "/accounts/password/" in client_for(world.resident).get("/m/").content.decode()
    workbench = client_for(world.wumei_staff).get("/workbench/").content.decode()
    assert "/accounts/password/" in workbench and "/accounts/accounts/" in workbench
    assert "/accounts/accounts/" not in client_for(world.street_staff).get("/workbench/").content.decode()
