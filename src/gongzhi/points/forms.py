"""Forms of the points pages. They parse input and offer only choices in the user's scope; the rules (bounds,
balances, stock, permissions) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.forms import BoundedIntegerField, DateField, ModelChoiceField
from gongzhi.points.models import MAX_QUANTITY

PHOTO_ACCEPT = "image/jpeg,image/png"


class _CommunityForm(forms.Form):
    community = ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        if communities.count() == 1:
            self.fields["community"].initial = communities.first().pk
        self.order_fields(["community"])


class RuleForm(_CommunityForm):
    points_per_hour = BoundedIntegerField(label=_("每小时积分"), min_value=int(limits.POINTS_PER_HOUR.low),
                                          max_value=int(limits.POINTS_PER_HOUR.high))
    effective_from = DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=limits.SHORT_TEXT, required=False)


class DeedForm(_CommunityForm):
    resident = forms.CharField(label=_("居民"), max_length=limits.NAME,
                               help_text=_("输入居民的手机号或姓名（同名时请用手机号）"))
    points = BoundedIntegerField(label=_("奖励积分"), min_value=int(limits.POINTS.low), max_value=int(limits.POINTS.high))
    reason = forms.CharField(label=_("事由"), max_length=limits.SHORT_TEXT,
                             widget=forms.TextInput(attrs={"placeholder": _("例如：拾金不昧，归还邻居钱包")}))
    done_on = DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AdjustForm(forms.Form):
    points = BoundedIntegerField(label=_("调整积分（减少填负数）"), min_value=-int(limits.POINTS.high),
                                 max_value=int(limits.POINTS.high))
    reason = forms.CharField(label=_("调整原因"), max_length=limits.SHORT_TEXT)


class ItemForm(_CommunityForm):
    name = forms.CharField(label=_("商品名称"), max_length=limits.NAME)
    price = BoundedIntegerField(label=_("兑换积分"), min_value=int(limits.POINTS.low), max_value=int(limits.POINTS.high))
    stock = BoundedIntegerField(label=_("库存"), min_value=int(limits.STOCK.low), max_value=int(limits.STOCK.high))
    donor = ModelChoiceField(label=_("捐赠单位"), queryset=None, required=False, empty_label=_("无（社区自购）"))
    description = forms.CharField(label=_("说明"), max_length=limits.SHORT_TEXT, required=False)
    photo = forms.FileField(label=_("照片（选填，JPG 或 PNG，不超过 5 MB）"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))

    def __init__(self, *args, donors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = donors


class ItemChangeForm(forms.Form):
    name = forms.CharField(label=_("商品名称"), max_length=limits.NAME)
    price = BoundedIntegerField(label=_("兑换积分"), min_value=int(limits.POINTS.low), max_value=int(limits.POINTS.high))
    description = forms.CharField(label=_("说明"), max_length=limits.SHORT_TEXT, required=False)
    active = forms.BooleanField(label=_("上架"), required=False)
    photo = forms.FileField(label=_("更换照片（选填）"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))


class RestockForm(forms.Form):
    change = BoundedIntegerField(label=_("库存变动（入库为正，报损为负）"), min_value=-int(limits.STOCK.high),
                                 max_value=int(limits.STOCK.high))
    reason = forms.CharField(label=_("原因"), max_length=limits.SHORT_TEXT, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("例如：五美粮油店再次捐赠")}))


class RedeemForm(forms.Form):
    quantity = BoundedIntegerField(label=_("数量"), min_value=1, max_value=MAX_QUANTITY, initial=1)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=limits.SHORT_TEXT, required=False)
