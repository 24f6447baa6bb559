import pytest
from django.test import Client

from gongzhi.testing.personas import PASSWORD, build_world


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def password():
    return PASSWORD
