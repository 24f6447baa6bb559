from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.backends import was_throttled

THROTTLED_MESSAGE = _("登录失败次数过多，请稍后再试。")


class ThrottledLoginForm(AuthenticationForm):
    """The login page's form. Throttling and recording happen in the authentication backend (every way in
    shares them); this form only says so in plain words when an attempt was refused by the throttle."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": THROTTLED_MESSAGE,
        "invalid_login": _("用户名或密码不正确。"),
    }

    def get_invalid_login_error(self):
        if was_throttled(self.request):
            return forms.ValidationError(self.error_messages["throttled"], code="throttled")
        return super().get_invalid_login_error()


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """/admin/login/: the same throttle (through the backend) and the same message."""

    def get_invalid_login_error(self):
        if was_throttled(self.request):
            return forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        return super().get_invalid_login_error()


class ChangePasswordForm(forms.Form):
    old_password = forms.CharField(label=_("当前密码"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=_("新密码"), strip=False, max_length=128,
                                   help_text=_("至少10位，不能全是数字，不能是常见密码，不能与用户名相近。"),
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password_again = forms.CharField(label=_("再次输入新密码"), strip=False, max_length=128,
                                         widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("new_password") != cleaned.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return cleaned
