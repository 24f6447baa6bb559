"""core.redirects: the one check for every `next` a form carries."""

import pytest
from django.test import RequestFactory

from gongzhi.core.redirects import redirect_back, safe_next


@pytest.mark.parametrize("value, expected", [
    ("/workbench/orders/?community=3", "/workbench/orders/?community=3"),
    ("foo", None), ("orders:pool", None), ("//evil.example/", None), ("https://evil.example/", None),
    ("http://[", None), ("/\x00x", None), ("javascript:alert(1)", None), ("", None), ("/\\evil.example", None),
])
def test_only_paths_of_this_site_are_followed(value, expected):
    request = RequestFactory().post("/", {"next": value})
    assert safe_next(request) == expected


def test_redirect_back_falls_back_to_the_default(db):
    request = RequestFactory().post("/", {"next": "orders:pool"})
    assert redirect_back(request, "/workbench/")["Location"] == "/workbench/"
    request = RequestFactory().get("/", {"next": "/m/"})
    assert redirect_back(request, "/workbench/")["Location"] == "/m/"
