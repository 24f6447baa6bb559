"""The dispute ledger (矛盾纠纷台账) as an xlsx workbook: the rows of the dispute list the user is looking at (same
scope and filters), with the parties' phone numbers whole, masked or left out exactly as on the pages.

Written with the exchange app's workbook writer, so it looks like every other export (red header row, frozen
header, phone numbers as text cells, a cell starting with "=" never becomes a formula). A fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gongzhi.core import clock
from gongzhi.core.privacy import scrub
from gongzhi.disputes.models import DisputeStatus, FollowUp, Outcome, PartyRole, RiskLevel
from gongzhi.disputes.permissions import FULL, HIDDEN, contact_access, shown_party_phone
from gongzhi.disputes.selectors import dispute_list
from gongzhi.exchange.formats import Column, Format, label_for, write_workbook

LEDGER = Format(
    kind="disputes", title="矛盾纠纷台账", label=gettext_lazy("矛盾纠纷台账"),
    columns=(
        Column("案件编号", text=True, width=18),
        Column("登记日期", width=12),
        Column("社区", width=12),
        Column("纠纷类型", width=14),
        Column("标题", width=28),
        Column("纠纷事由", width=30),
        Column("涉及金额（元）", width=12),
        Column("风险等级", width=8),
        Column("申请人", width=24),
        Column("被申请人", width=24),
        Column("第三人", width=18),
        Column("调解次数", width=8),
        Column("调解状态", width=10),
        Column("调解结果", width=16),
        Column("协议或转办情况", width=36),
        Column("下次回访日期", width=12),
        Column("最近回访", width=30),
        Column("结案日期", width=12),
    ),
)


@dataclass(frozen=True)
class LedgerDownload:
    content: bytes
    filename: str
    ascii_filename: str
    rows: int


def _parties(user, dispute, role: str, access: str) -> str:
    out = []
    for party in dispute.parties.all():
        if party.role != role:
            continue
        if access == HIDDEN or not party.phone:
            out.append(party.name)
        else:
            out.append(f"{party.name} {shown_party_phone(user, party, access=access)}")
    return "；".join(out)


def _result(dispute) -> str:
    if dispute.outcome == Outcome.AGREEMENT:
        text = dispute.agreement_text
        if dispute.agreed_amount is not None:
            text = f"{text}（协议金额 {dispute.agreed_amount} 元）"
        return text
    if dispute.outcome == Outcome.REFERRAL:
        target = dispute.referred_department.name if dispute.referred_department_id else dispute.referred_to
        return f"转交{target}：{dispute.outcome_note}"
    return dispute.outcome_note


def ledger_rows(user, **filters) -> list[list]:
    disputes = list(dispute_list(user, **filters).select_related("referred_department"))
    latest: dict[int, FollowUp] = {}
    for f in FollowUp.objects.filter(dispute__in=[d.pk for d in disputes]).order_by("done_on", "pk"):
        latest[f.dispute_id] = f
    rows = []
    for d in disputes:
        for party in d.parties.all():
            party.dispute = d  # loaded already: no query per party for the access check
        access = contact_access(user, d)
        text = (lambda t: t) if access == FULL else scrub  # numbers typed into free text, masked alike
        last = latest.get(d.pk)
        rows.append([
            d.case.number, f"{timezone.localdate(d.registered_at):%Y-%m-%d}", d.case.community.name,
            d.case.category.name, text(d.case.title), text(d.subject), float(d.amount) if d.amount is not None else "",
            label_for(RiskLevel, d.risk),
            _parties(user, d, PartyRole.APPLICANT, access), _parties(user, d, PartyRole.RESPONDENT, access),
            _parties(user, d, PartyRole.THIRD, access), d.session_count, label_for(DisputeStatus, d.status),
            label_for(Outcome, d.outcome), text(_result(d)),
            f"{d.follow_up_on:%Y-%m-%d}" if d.follow_up_on else "",
            (f"{last.done_on:%Y-%m-%d} {'稳定' if last.stable else '不稳定'}：{text(last.note)}" if last else ""),
            f"{timezone.localdate(d.closed_at):%Y-%m-%d}" if d.closed_at else "",
        ])
    return rows


def export_ledger(*, user, **filters) -> LedgerDownload:
    rows = ledger_rows(user, **filters)
    day = f"{clock.today():%Y%m%d}"
    return LedgerDownload(write_workbook(LEDGER, rows), f"{LEDGER.title}-{day}.xlsx", f"disputes-{day}.xlsx",
                          len(rows))
