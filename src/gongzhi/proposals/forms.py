from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=60)
    problem = forms.CharField(label=_("问题"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("提议将向本社区居民公开，请不要填写电话、身份证号或楼栋门牌"))
    suggestion = forms.CharField(label=_("建议"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("社区答复"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("答复将在居民端和社区公开栏公布"))


class AgendaForm(forms.Form):
    """Which joint meeting takes the proposal up: the scheduled meetings of its community or street."""

    meeting = forms.ModelChoiceField(label=_("联席会议"), queryset=None, empty_label=_("请选择会议"),
                                     help_text=_("本社区或所在街道尚未记录纪要的联席会议"))
    note = forms.CharField(label=_("说明"), max_length=limits.SHORT_TEXT, required=False)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.title}（{timezone.localtime(m.starts_at):%Y-%m-%d}）"
