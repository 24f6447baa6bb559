from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.services import login_allowed, note_login


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledLoginForm(AuthenticationForm):
    """Refuses a username or address that failed too often within the window, before checking the
    password, and records every attempt."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("登录失败次数过多，请稍后再试。"),
        "invalid_login": _("用户名或密码不正确。"),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request)
        if username and not login_allowed(username, address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            note_login(username, address, succeeded=False)
            raise
        note_login(username, address, succeeded=True)
        return cleaned
