"""Gongzhi's own error pages (handler400/403/404/500 in gongzhi/urls.py) and the CSRF failure page.

A page is drawn in the shell the visitor was using: a workbench user under /workbench/ sees the workbench,
a logged-in resident under /m/ the phone shell, everyone else the plain page. Paths under /api/ answer
JSON. The 500 page renders from a self-contained template without the request context (no database, no
static manifest), so it cannot fail the way the page that failed did.

A CSRF failure (a form left open while the token changed: logged in again in another tab, a cleared cookie)
must not lose what a resident typed: the page shows the submitted text again and offers to send it once
more with a fresh token — but only when the failed request came from one of our own pages (its Origin or
Referer is this site), so a forged cross-site post is never turned into a one-click resubmission."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _titles():
    return {400: _("请求有误"), 403: _("没有权限"), 404: _("页面不存在"), 500: _("系统出错")}


def _explanations():
    return {
        400: _("无法处理这个请求。请返回上一页，检查后重试。"),
        403: _("您没有权限进行这项操作。如需办理，请联系所在社区或平台管理员。"),
        404: _("您要找的页面不存在，或不在您的查看范围内。"),
        500: _("系统暂时出了问题，我们已记录下来。请稍后再试。"),
    }


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def json_error(message: str, status: int) -> JsonResponse:
    """The API's error shape (gongzhi/api.py): `detail` for ninja's clients, `message` for people."""
    return JsonResponse({"detail": message, "message": message}, status=status)


def shell_for(request) -> str:
    """The template an error page extends: the shell the visitor was using."""
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    if request.path.startswith("/workbench/") and authenticated and getattr(user, "uses_workbench", False):
        return "workbench.html"
    if request.path.startswith("/m/") and authenticated:
        return "mobile.html"
    return "errors/plain.html"


def _page(request, status: int) -> HttpResponse:
    if _wants_json(request):
        return json_error(_titles()[status], status)
    context = {"shell": shell_for(request), "status": status, "title": _titles()[status],
               "explanation": _explanations()[status]}
    response = TemplateResponse(request, "errors/error.html", context, status=status)
    return response.render()


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404)


def server_error(request):
    """No request context, no database, no shell: a template that needs nothing but the translations."""
    if request.path.startswith("/api/"):
        return json_error(_("系统出错"), 500)
    html = loader.get_template("errors/500.html").render({"title": _titles()[500],
                                                          "explanation": _explanations()[500]})
    return HttpResponse(html, status=500)


FROZEN_DOCUMENT_STATUS = 500  # the server's stored copy is at fault, not the request: nothing the visitor can change


def frozen_document_altered(request) -> HttpResponse:
    """A frozen document whose stored file no longer matches the hash recorded when it was frozen (core.frozen):
    withheld, with words a resident or a staffer can act on; the operators were told by the error log and
    /metrics."""
    title = _("文件校验未通过")
    if _wants_json(request):
        return json_error(title, FROZEN_DOCUMENT_STATUS)
    context = {"shell": shell_for(request), "status": FROZEN_DOCUMENT_STATUS, "title": title,
               "explanation": _("这份已定稿文件的存档与定稿时记录的校验值（SHA-256）不一致，可能已被改动或损坏。"
                                "为保证文件真实，系统没有提供下载。我们已记录此事，请联系平台管理员从备份中恢复。")}
    return TemplateResponse(request, "errors/error.html", context, status=FROZEN_DOCUMENT_STATUS).render()


def _from_this_site(request) -> bool:
    """The failed post came from one of our own pages: its Origin (or, lacking one, its Referer) is this site."""
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    trusted = {own, *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return origin in trusted
    referer = request.META.get("HTTP_REFERER")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in trusted
    return False


# Fields never carried over: the old token, and passwords (a password is typed again, never echoed).
def _kept(name: str) -> bool:
    return name != "csrfmiddlewaretoken" and "password" not in name.lower()


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: explains in plain words and, for a post from our own page, shows what was typed
    with a button to send it again under a fresh token."""
    if _wants_json(request):
        return json_error(_("请求已过期，请刷新页面后重试。"), 403)
    fields, typed = [], []
    offer = request.method == "POST" and _from_this_site(request)
    if offer:
        for name in request.POST:
            if not _kept(name):
                continue
            for value in request.POST.getlist(name):
                fields.append((name, value))
                if len(value.strip()) >= 2 and not value.strip().isdigit():
                    typed.append(value)
    context = {
        "shell": shell_for(request), "status": 403, "title": _("页面已过期"),
        "explanation": _("为保护您的账号，页面停留太久或在别处重新登录后，提交会被拒绝。您填写的内容没有丢失。")
        if offer else _("为保护您的账号，这次提交被拒绝了。请返回上一页，刷新后重新填写。"),
        "offer": offer, "fields": fields, "typed": typed, "action": request.get_full_path(),
        "had_files": bool(offer and request.FILES),
    }
    return TemplateResponse(request, "errors/csrf.html", context, status=403).render()
