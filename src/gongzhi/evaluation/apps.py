from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "gongzhi.evaluation"
    label = "evaluation"
    verbose_name = _("评约")

    def ready(self) -> None:
        from gongzhi.evaluation import board, todos

        board.register()
        todos.register()
