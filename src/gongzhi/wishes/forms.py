"""Forms of the wish pages. They parse input and offer only choices in the user's scope; the rules (permissions,
states, lengths) are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.wishes.models import MAX_CLAIM_DAYS, Beneficiary
from gongzhi.wishes.services import STAFF_CHANNELS

PHOTO_ACCEPT = "image/jpeg,image/png"


class ResidentWishForm(forms.Form):
    """许个心愿 on the resident's phone: who it is for, what she wishes for, and (optionally) why."""

    beneficiary = forms.ChoiceField(label=_("心愿是为谁许的"), choices=Beneficiary.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("我的心愿"), max_length=60, widget=forms.TextInput(
        attrs={"placeholder": _("例如：想要一台收音机")}))
    story = forms.CharField(label=_("说说情况（选填，只有社区工作人员能看到）"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("请勿填写身份证号等个人敏感信息")}))


class StaffWishForm(forms.Form):
    """代居民许愿 (window, grid visit, phone call): the resident is found by her phone number or name."""

    resident = forms.CharField(label=_("许愿居民"), max_length=50,
                               help_text=_("输入居民的手机号或姓名（同名时请用手机号）"))
    channel = forms.ChoiceField(label=_("来源渠道"), choices=[(c.value, c.label) for c in STAFF_CHANNELS])
    beneficiary = forms.ChoiceField(label=_("心愿对象"), choices=Beneficiary.choices)
    title = forms.CharField(label=_("心愿"), max_length=60)
    story = forms.CharField(label=_("情况说明"), required=False, max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("通过并上墙")), ("reject", _("不通过"))])
    reason = forms.CharField(label=_("审核意见"), max_length=300, required=False)
    public_title = forms.CharField(label=_("公开表述"), max_length=60, required=False)


class RewordForm(forms.Form):
    public_title = forms.CharField(label=_("公开表述"), max_length=60)


class DaysForm(forms.Form):
    days = forms.IntegerField(label=_("认领后完成天数"), min_value=1, max_value=MAX_CLAIM_DAYS)


class PolicyForm(DaysForm):
    community = forms.ModelChoiceField(label=_("社区"), queryset=None, empty_label=_("请选择社区"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda n: n.name
        self.order_fields(["community", "days"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, required=False)


class ClaimForm(forms.Form):
    """The capacity to claim in, when the user has several (a liaison of two units, a party member who also
    volunteers)."""

    option = forms.ChoiceField(label=_("认领身份"), widget=forms.RadioSelect)

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.key, o.label) for o in options]
        if len(options) == 1:
            self.fields["option"].initial = options[0].key
            self.fields["option"].widget = forms.HiddenInput()


class FulfilForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 3, "placeholder": _("例如：5月9日上午已将收音机送到老人家中，并教会使用")}))
    photo = forms.FileField(label=_("照片（选填，JPG 或 PNG，不超过 5 MB）"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))


class ThanksForm(forms.Form):
    note = forms.CharField(label=_("感谢留言"), max_length=200, widget=forms.Textarea(
        attrs={"rows": 2, "placeholder": _("说一句感谢的话，会显示在心愿墙上")}))
