"""Forms of the 评约 pages. They only shape input; every rule (weights sum to 100, each score 0–100, the
double report, the adjustment reason, who may act) is the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import add_service_errors as apply_errors  # noqa: F401 - used by the views
from gongzhi.evaluation.models import CommendationKind, IndicatorSource, Stage


def plain(value) -> str:
    """Decimal('30.00') -> '30', Decimal('12.50') -> '12.5'."""
    return format(value.normalize(), "f")


class SchemeForm(forms.Form):
    district = forms.ModelChoiceField(label=_("城区"), queryset=None, empty_label=_("请选择城区"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("方案名称"), max_length=120,
                            help_text=_("如：象山区2026年度城市基层党建“契约化”共建考评方案"))
    excellent_from = forms.DecimalField(label=_("优秀分数线"), max_digits=5, decimal_places=2, initial=90)
    good_from = forms.DecimalField(label=_("良好分数线"), max_digits=5, decimal_places=2, initial=80)
    pass_from = forms.DecimalField(label=_("合格分数线"), max_digits=5, decimal_places=2, initial=60,
                                   help_text=_("低于合格分数线为“较差”，将收到督促提醒"))

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class IndicatorForm(forms.Form):
    """One indicator row; a row left without a name is ignored."""

    name = forms.CharField(label=_("指标"), max_length=60, required=False)
    source = forms.ChoiceField(label=_("预填来源"), choices=IndicatorSource.choices, required=False)
    weight = forms.DecimalField(label=_("权重（%）"), max_digits=5, decimal_places=2, required=False,
                                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}))
    description = forms.CharField(label=_("评分说明"), max_length=200, required=False)


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, max_num=20, validate_max=True)


def indicator_rows(formset) -> list[tuple]:
    return [(f.cleaned_data.get("name", ""), f.cleaned_data.get("source") or IndicatorSource.MANUAL,
             f.cleaned_data.get("weight"), f.cleaned_data.get("description", ""))
            for f in formset.forms if (f.cleaned_data.get("name") or "").strip()]


class ScoreForm(forms.Form):
    """The score form of one stage: one 0–100 field per indicator (`score_<id>`), a comment, and for the
    self-assessment the annual report and the double report, for the district re-check the reason. The page
    posts the stage it was rendered for in a hidden input, so a stale form is not applied to the next stage."""

    def __init__(self, *args, indicators, stage: Stage, prefilled=(), assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.stage_value = stage
        for indicator in self.indicators:
            help_text = indicator.description
            if indicator.pk in prefilled:
                help_text = _("由履约记录预填：%(v)s") % {"v": prefilled[indicator.pk]}
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=_("%(name)s（权重 %(w)s%%）") % {"name": indicator.name, "w": plain(indicator.weight)},
                required=False, max_digits=6, decimal_places=2, help_text=help_text,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}))
        self.fields["comment"] = forms.CharField(label=_("意见"), required=False, max_length=limits.NOTE,
                                                 widget=forms.Textarea(attrs={"rows": 3}))
        if stage == Stage.SELF:
            self.fields["annual_report"] = forms.FileField(
                label=_("年度自评报告"), required=False, help_text=_("PDF 或 Word（DOCX）文件，不超过 10 MB"))
            street = assessment.community.parent.name if assessment else ""
            supervisor = getattr(getattr(assessment, "organisation", None), "supervising_department", None)
            checkbox = forms.CheckboxInput(attrs={"style": "width:auto"})
            self.fields["file_to_street"] = forms.BooleanField(
                label=_("已报街道党工委备案（%(street)s）") % {"street": street}, required=False, widget=checkbox)
            self.fields["file_to_supervisor"] = forms.BooleanField(
                label=_("已报单位主管部门备案（%(dept)s）") % {"dept": supervisor.name if supervisor else _("主管部门")},
                required=False, widget=checkbox, help_text=_("双报告：年度自评报告须同时报街道党工委和单位主管部门备案"))
        if stage == Stage.DISTRICT:
            self.fields["adjustment_reason"] = forms.CharField(
                label=_("调整理由"), required=False, max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("调整了街道总评的任何一项评分时必须填写"))

    def scores(self) -> dict[int, object]:
        return {i.pk: self.cleaned_data.get(f"score_{i.pk}") for i in self.indicators}

    def service_kwargs(self) -> dict:
        kwargs = {"scores": self.scores(), "comment": self.cleaned_data.get("comment", "")}
        if self.stage_value == Stage.SELF:
            kwargs.update(annual_report=self.cleaned_data.get("annual_report"),
                          file_to_street=self.cleaned_data.get("file_to_street", False),
                          file_to_supervisor=self.cleaned_data.get("file_to_supervisor", False))
        if self.stage_value == Stage.DISTRICT:
            kwargs["adjustment_reason"] = self.cleaned_data.get("adjustment_reason", "")
        return kwargs


class CommendationForm(forms.Form):
    kind = forms.ChoiceField(label=_("表彰类别"), choices=CommendationKind.choices)
    organisation = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False, empty_label=_("不选单位"),
                                          help_text=_("先进单位，或先进个人所在单位（须已完成城区复核）"))
    individual = forms.CharField(label=_("先进个人姓名"), max_length=50, required=False,
                                 help_text=_("只填写姓名，将在公开栏公布"))
    commitment = forms.ModelChoiceField(label=_("影响力项目"), queryset=None, required=False, empty_label=_("不选项目"))
    citation = forms.CharField(label=_("事迹"), max_length=300, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisations, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["commitment"].queryset = commitments
        self.fields["commitment"].label_from_instance = lambda c: f"{c.title}（{c.contract.community.name}）"


