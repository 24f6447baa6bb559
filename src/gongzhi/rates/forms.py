"""Forms of the rates pages: sending a rating for review, deciding it, setting the composite's weights."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.rates.models import ExclusionGround


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(label=_("申请复核理由"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("如：诉求超出政策范围；承办单位已到场处置")}))


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("复核结论"), widget=forms.RadioSelect,
                                 choices=[("exclude", _("剔除该评价（不计入满意率）")), ("keep", _("维持该评价"))])
    ground = forms.ChoiceField(label=_("剔除依据"), required=False,
                               choices=[("", _("— 剔除时必选 —")), *ExclusionGround.choices])
    note = forms.CharField(label=_("复核意见"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class WeightsForm(forms.Form):
    region = forms.ModelChoiceField(label=_("适用区划"), queryset=None, empty_label=None)
    response = forms.IntegerField(label=_("响应率权重（%）"), min_value=0, max_value=100, initial=30)
    resolution = forms.IntegerField(label=_("解决率权重（%）"), min_value=0, max_value=100, initial=35)
    satisfaction = forms.IntegerField(label=_("满意率权重（%）"), min_value=0, max_value=100, initial=35)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
