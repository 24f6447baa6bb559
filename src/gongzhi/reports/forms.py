from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock


class RequestForm(forms.Form):
    node = forms.ModelChoiceField(label=_("地区"), queryset=None, empty_label=_("请选择地区"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes.order_by("path")
        self.fields["year"].initial = clock.today().year
