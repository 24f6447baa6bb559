from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.accounts import services
from gongzhi.accounts.forms import ChangePasswordForm, ThrottledLoginForm
from gongzhi.accounts.permissions import accounts_resettable_by, get_account_for_reset, may_reset_passwords
from gongzhi.core.views import user_shell


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def password_change(request):
    """Change one's own password, in the workbench or on the phone, whichever the user works in."""
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(actor=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in here; other sessions end
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form, "shell": user_shell(request.user),
                                                             "tab": "me"})


@login_required
def account_list(request):
    """The accounts whose password this user may reset (administrators: all; community staff: residents)."""
    if not may_reset_passwords(request.user):
        raise Http404
    q = request.GET.get("q", "").strip()[:50]
    accounts = accounts_resettable_by(request.user).order_by("username")
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return render(request, "accounts/account_list.html", {"accounts": accounts[:50], "q": q})


@login_required
@require_POST
def password_reset(request, pk: int):
    account = get_account_for_reset(request.user, pk)
    password = services.reset_password(actor=request.user, user=account)
    response = render(request, "accounts/password_reset_done.html", {"account": account, "password": password})
    response["Cache-Control"] = "no-store"  # the temporary password is shown once and never cached
    return response
