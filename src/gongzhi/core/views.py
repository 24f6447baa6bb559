"""The guard every app's workbench views share. The pages themselves (the two shells, the public board) live in
`gongzhi.portal`, above the apps whose registries they read."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect


def user_shell(user) -> str:
    """The template a page that both staff and residents open extends: the workbench for staff, the phone shell
    for everybody else."""
    return "workbench.html" if getattr(user, "uses_workbench", False) else "mobile.html"


def workbench_required(view):
    """Staff pages: people without a workbench role are sent to the resident shell."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.uses_workbench:
            return redirect("core:resident_home")
        return view(request, *args, **kwargs)

    return wrapper
