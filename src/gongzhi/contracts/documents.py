"""Printable documents: the signed 《城市基层党建共建契约书》 and the board's publications, rendered with
WeasyPrint and the Noto CJK fonts (Debian's fonts-noto-cjk)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a document is rendered

    with translation.override("zh-hans"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def contract_pdf(contract) -> bytes:
    parties = list(contract.parties.select_related("organisation", "party_organisation"))
    commitments = list(contract.commitments.prefetch_related("undertakers", "milestones"))
    return render_pdf("contracts/pdf/contract.html", {"contract": contract, "parties": parties,
                                                       "commitments": commitments})


def publication_pdf(publication) -> bytes:
    return render_pdf("contracts/pdf/publication.html", {"p": publication, "s": publication.snapshot})
