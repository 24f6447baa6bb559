"""The printable certificate of service hours (志愿服务时长证明), rendered with WeasyPrint and the Noto CJK fonts
like the contracts' documents, with a QR code (segno, SVG) of its public verification address.

The PDF is rendered on each download from the frozen content: its bytes are not what the hash covers."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gongzhi.recognition.models import Certificate


def verification_path(certificate: Certificate) -> str:
    return f"{reverse('recognition:verify', args=[certificate.number])}?h={certificate.hash_prefix}"


def verification_url(certificate: Certificate, request=None) -> str:
    """The absolute address printed under the QR code: GONGZHI_SITE_URL when set (settings.GONGZHI_PUBLIC_URL),
    else the request's host."""
    base = getattr(settings, "GONGZHI_PUBLIC_URL", "")
    path = verification_path(certificate)
    if base:
        return base.rstrip("/") + path
    return request.build_absolute_uri(path) if request is not None else path


def qr_data_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def certificate_pdf(certificate: Certificate, *, url: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a document is rendered

    b = certificate.breakdown or {}
    with translation.override("zh-hans"):
        html = render_to_string("recognition/pdf/certificate.html", {
            "c": certificate, "url": url, "qr": qr_data_uri(url), "kinds": b.get("kinds", []),
            "teams": [t for t in b.get("teams", []) if t.get("team")], "activities": b.get("activities", []),
        })
    return HTML(string=html).write_pdf()
