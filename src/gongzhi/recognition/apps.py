from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _has_person(user) -> bool:
    return getattr(user, "person", None) is not None


class RecognitionConfig(AppConfig):
    name = "gongzhi.recognition"
    label = "recognition"
    verbose_name = _("服务证明与表彰")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.recognition import board, chronicle_labels, stats  # noqa: F401

        board.register()
        stats.register()
        register_nav("recognition:volunteers", _("服务证明与表彰"), "✪", {"community_staff", "street_staff",
                                                                     "district_staff", "system_admin"}, order=78)
        register_resident_entry("recognition:m_record", _("我的志愿服务"), "✪", hint=_("时长、证明与表彰"), order=45,
                                visible=_has_person)
