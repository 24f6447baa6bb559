"""With a shared cache (Redis, or files under var/cache on one machine) the signed-in session is read from it, and a
logout deletes the entry every process reads: the old cookie is signed out at once."""

from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_the_session_comes_from_the_shared_cache(shared_cache, world, client_for):
    client = client_for(world.resident)
    assert client.get("/m/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/m/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_logout_signs_the_cookie_out_everywhere(shared_cache, world, client_for):
    client = client_for(world.resident)
    cookie = client.cookies["sessionid"].value
    assert shared_cache.get(f"django.contrib.sessions.cached_db{cookie}")  # the session is in the shared cache
    other = Client()  # another worker with the same cookie
    other.cookies["sessionid"] = cookie
    assert other.get("/m/").status_code == 200
    client.post("/accounts/logout/")
    assert shared_cache.get(f"django.contrib.sessions.cached_db{cookie}") is None
    response = other.get("/m/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_password_ends_the_other_sessions(shared_cache, world, client_for):
    """The session is cached, the user is not: her password hash is checked against the database every request."""
    phone, desk = client_for(world.resident), client_for(world.resident)
    assert phone.session[SESSION_KEY] and desk.get("/m/").status_code == 200
    world.resident.set_password("another-password-2026")
    world.resident.save()
    assert desk.get("/m/").status_code == 302
