"""矛盾纠纷: a dispute is a case (`cases.Case`, kind "dispute") with the parties on each side, the mediation
sessions held, the outcome (人民调解协议, referral to a department or the court, litigation, withdrawal), the
follow-up visits (回访) after it, and the risk level that flags 重大 disputes to street staff.

The case keeps what every case has — number, category, community, first responder, whistles and deadlines —
and the cases app runs that lifecycle. This app adds the mediation record on top, one `Dispute` per case.

Status of the mediation:
    登记 registered ─session→ 调解中 mediating ─outcome→ 达成协议 agreed | 转办 referred | 诉讼 litigation
    | 已撤回 withdrawn ─close (after a follow-up; a withdrawal needs none)→ 已回访结案 closed.
An outcome may be set aside to mediate again (reopen) until the dispute is closed; the chronicle keeps it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case
from gongzhi.core import limits
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person


class DisputeStatus(models.TextChoices):
    REGISTERED = "registered", _("登记")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("达成协议")
    REFERRED = "referred", _("转办")
    LITIGATION = "litigation", _("诉讼")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已回访结案")


# Before an outcome; after an outcome and before closing (follow-ups are due in these).
MEDIATION_STATUSES = (DisputeStatus.REGISTERED, DisputeStatus.MEDIATING)
OUTCOME_STATUSES = (DisputeStatus.AGREED, DisputeStatus.REFERRED, DisputeStatus.LITIGATION,
                    DisputeStatus.WITHDRAWN)


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("调解成功，达成协议")
    REFERRAL = "referral", _("转交有关部门或法院")
    LITIGATION = "litigation", _("引导诉讼")
    WITHDRAWN = "withdrawn", _("当事人撤回")


OUTCOME_STATUS: dict[str, DisputeStatus] = {
    Outcome.AGREEMENT: DisputeStatus.AGREED,
    Outcome.REFERRAL: DisputeStatus.REFERRED,
    Outcome.LITIGATION: DisputeStatus.LITIGATION,
    Outcome.WITHDRAWN: DisputeStatus.WITHDRAWN,
}


class RiskLevel(models.TextChoices):
    ORDINARY = "ordinary", _("一般")
    SERIOUS = "serious", _("较大")
    MAJOR = "major", _("重大")


class Dispute(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="dispute", verbose_name=_("案件"))
    subject = models.CharField(_("纠纷事由"), max_length=200, help_text=_("争议的标的或事项，如：漏水损失赔偿"))
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    risk = models.CharField(_("风险等级"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.ORDINARY)
    status = models.CharField(_("调解状态"), max_length=16, choices=DisputeStatus.choices,
                              default=DisputeStatus.REGISTERED)
    outcome = models.CharField(_("调解结果"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True, help_text=_("转办、诉讼或撤回的理由与情况"), max_length=limits.NOTE)
    agreement_text = models.TextField(_("人民调解协议书摘要"), blank=True, max_length=limits.DESCRIPTION)
    agreed_amount = models.DecimalField(_("协议金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    referred_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="referred_disputes", verbose_name=_("转办部门"))
    referred_to = models.CharField(_("转交机关"), max_length=120, blank=True, help_text=_("如：象山区人民法院"))
    outcome_at = models.DateTimeField(_("结果时间"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    follow_up_on = models.DateField(_("下次回访日期"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("登记人"))
    registered_at = models.DateTimeField(_("登记时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    # Party names and their pinyin (initials and full), so the list finds 张伟 by "zw" or "zhangwei".
    search_key = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "follow_up_on"], name="dispute_follow_up"),
            models.Index(fields=["registered_at"], name="dispute_registered"),
        ]
        constraints = [
            models.CheckConstraint(
                name="dispute_status_follows_outcome",
                condition=(Q(status__in=["registered", "mediating"], outcome="")
                           | Q(status="agreed", outcome="agreement")
                           | Q(status="referred", outcome="referral")
                           | Q(status="litigation", outcome="litigation")
                           | Q(status="withdrawn", outcome="withdrawn")
                           | (Q(status="closed") & ~Q(outcome="")))),
            models.CheckConstraint(name="dispute_outcome_has_time",
                                   condition=Q(outcome="") | Q(outcome_at__isnull=False)),
            models.CheckConstraint(name="dispute_agreement_has_text",
                                   condition=~Q(outcome="agreement") | ~Q(agreement_text="")),
            models.CheckConstraint(name="dispute_referral_has_target",
                                   condition=(~Q(outcome="referral") | Q(referred_department__isnull=False)
                                              | ~Q(referred_to=""))),
            models.CheckConstraint(name="dispute_closed_has_time",
                                   condition=~Q(status="closed") | Q(closed_at__isnull=False)),
            models.CheckConstraint(name="dispute_amount_not_negative",
                                   condition=Q(amount__isnull=True) | Q(amount__gte=0)),
            models.CheckConstraint(name="dispute_agreed_amount_not_negative",
                                   condition=Q(agreed_amount__isnull=True) | Q(agreed_amount__gte=0)),
            models.CheckConstraint(name="dispute_risk_known", condition=Q(risk__in=["ordinary", "serious", "major"])),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.case.title}"

    def chronicle_region_path(self) -> str:
        return self.case.community.path

    @property
    def is_open(self) -> bool:
        return self.status != DisputeStatus.CLOSED


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    THIRD = "third", _("第三人")


class Party(models.Model):
    """当事人. Phone number and address are personal data: shown whole to community staff and grid workers of
    the dispute's community, masked for street and district staff, not at all to department receivers."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("身份"), max_length=16, choices=PartyRole.choices)
    name = models.CharField(_("姓名或名称"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="dispute_parties",
                               verbose_name=_("居民档案"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["dispute", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "person"], condition=Q(person__isnull=False),
                                    name="party_person_once_per_dispute"),
            models.CheckConstraint(name="party_role_known",
                                   condition=Q(role__in=["applicant", "respondent", "third"])),
            models.CheckConstraint(name="party_has_name", condition=~Q(name="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    def chronicle_region_path(self) -> str:
        return self.dispute.case.community.path


class SessionResult(models.TextChoices):
    AGREED = "agreed", _("达成一致")
    NOT_AGREED = "not_agreed", _("未达成一致")
    CONTINUE = "continue", _("继续调解")


class MediationSession(models.Model):
    """One mediation (调解): who mediated (users of the platform and/or named people such as 人民调解员,
    法律顾问, 民警), which departments came, what was said and what came of it."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("第几次调解"))
    held_at = models.DateTimeField(_("调解时间"))
    place = models.CharField(_("调解地点"), max_length=120)
    mediators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="mediation_sessions",
                                       verbose_name=_("调解人员（平台用户）"))
    mediator_names = models.CharField(_("其他调解人员"), max_length=300, blank=True,
                                      help_text=_("如：人民调解员 张明；法律顾问 李律师；民警 王警官"))
    departments = models.ManyToManyField(Department, blank=True, related_name="mediation_sessions",
                                         verbose_name=_("参与部门"))
    notes = models.TextField(_("调解情况"), max_length=limits.DESCRIPTION)
    result = models.CharField(_("调解结果"), max_length=16, choices=SessionResult.choices)
    next_session_on = models.DateField(_("下次调解日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["dispute", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "number"], name="mediation_session_number_unique"),
            models.CheckConstraint(name="mediation_continue_has_next_date",
                                   condition=~Q(result="continue") | Q(next_session_on__isnull=False)),
            models.CheckConstraint(name="mediation_result_known",
                                   condition=Q(result__in=["agreed", "not_agreed", "continue"])),
        ]

    def __str__(self) -> str:
        return f"{self.dispute.case.number} #{self.number}"

    def chronicle_region_path(self) -> str:
        return self.dispute.case.community.path


class FollowUpMethod(models.TextChoices):
    VISIT = "visit", _("上门回访")
    PHONE = "phone", _("电话回访")


class FollowUp(models.Model):
    """回访: after the outcome, someone checks that the agreement holds and the parties are at peace."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="follow_ups")
    done_on = models.DateField(_("回访日期"))
    method = models.CharField(_("回访方式"), max_length=16, choices=FollowUpMethod.choices,
                              default=FollowUpMethod.VISIT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("回访人"))
    note = models.TextField(_("回访情况"), max_length=limits.NOTE)
    stable = models.BooleanField(_("矛盾已化解、情况稳定"))
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["dispute", "done_on", "pk"]

    def __str__(self) -> str:
        return f"{self.dispute.case.number} {self.done_on:%Y-%m-%d}"

    def chronicle_region_path(self) -> str:
        return self.dispute.case.community.path
