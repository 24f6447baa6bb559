"""The address under a certificate's QR code: the site's configured address, else the one it was downloaded from."""

from types import SimpleNamespace

from django.test import RequestFactory

from gongzhi.recognition.documents import verification_url

CERTIFICATE = SimpleNamespace(number="ZY2026-0007", hash_prefix="3fa9c2d1")


def test_the_configured_site_address_is_printed(settings):
    settings.GONGZHI_PUBLIC_URL = "https://gongzhi.guilin.example.cn/"
    request = RequestFactory().get("/", HTTP_HOST="10.0.0.5:8000")
    assert verification_url(CERTIFICATE, request) == (
        "https://gongzhi.guilin.example.cn/verify/certificates/ZY2026-0007/?h=3fa9c2d1")


def test_without_one_the_address_asked_on(settings):
    settings.GONGZHI_PUBLIC_URL = ""
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    assert verification_url(CERTIFICATE, request) == "http://testserver/verify/certificates/ZY2026-0007/?h=3fa9c2d1"
