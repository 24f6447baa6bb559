"""Human labels for chronicle actions, in the reader's language.

Entries store a stable code (`whistle.blown`); pages show its label (吹哨 / Whistle blown). Each app names its own
actions in `<app>/chronicle_labels.py`, which ChronicleConfig.ready() imports for every installed app (Django's
autodiscover, as the admin does), so the chronicle never imports an app above it. Unknown codes (an old entry, an
app without labels) are shown as they are."""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, str | Promise] = {}


def register_actions(labels: dict[str, str | Promise]) -> None:
    """Called at import time by an app's chronicle_labels module: {"whistle.blown": _("吹哨"), …}."""
    _ACTIONS.update(labels)


def action_label(code: str) -> str:
    label = _ACTIONS.get(code)
    return str(label) if label is not None else code


def registered_actions() -> dict[str, str | Promise]:
    return dict(_ACTIONS)


def subject_label(subject_type: str) -> str:
    """`cases.case` → the model's verbose name (诉求案件 / Case); other subjects (demo.district …) as they are."""
    app_label, _dot, model_name = subject_type.partition(".")
    try:
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type


def action_choices(codes) -> list[tuple[str, str]]:
    """(code, label) for the codes given, by label."""
    return sorted(((c, action_label(c)) for c in codes), key=lambda pair: pair[1])


def subject_choices(types) -> list[tuple[str, str]]:
    return sorted(((t, subject_label(t)) for t in types), key=lambda pair: pair[1])


# The chronicle's own: entries written by the admin site (core.admin_mixins) and by the demo loader.
register_actions({
    "admin.created": _("管理后台新增"), "admin.changed": _("管理后台修改"), "admin.deleted": _("管理后台删除"),
    "demo.loaded": _("载入演示数据"), "exchange.imported": _("批量导入"),
})
