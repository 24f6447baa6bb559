from django import forms
from django.utils.translation import gettext_lazy as _


class AddressForm(forms.Form):
    sms = forms.CharField(label=_("接收短信的手机号"), max_length=20, required=False,
                          help_text=_("只用于发送消息提醒；短信里只有消息类型，不含事项内容"))
