"""gongzhi import_xlsx KIND FILE --as USERNAME: the same import as the workbench page, for one user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.exchange.formats import FORMATS, KINDS
from gongzhi.exchange.permissions import may_import
from gongzhi.exchange.services import import_workbook

ERRORS_FOUND = 2  # exit status when the file has problems and nothing was imported


def acting_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("用户“%(name)s”不存在或已停用") % {"name": username})
    return user


class Command(BaseCommand):
    help = "从 .xlsx 文件导入驻区单位、人员或区划节点：先检查每一行，有任何错误则不导入（退出码 2）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help="以该用户的身份与管辖范围导入")

    def handle(self, *args, kind: str, file: str, username: str, **options):
        actor = acting_user(username)
        if not may_import(actor, kind):
            raise CommandError(_("用户“%(name)s”无权导入%(kind)s") % {"name": username, "kind": FORMATS[kind].label})
        try:
            with open(file, "rb") as handle:
                result = import_workbook(actor=actor, kind=kind, file=handle, filename=file)
        except OSError as exc:
            raise CommandError(_("无法读取文件“%(file)s”：%(reason)s") % {"file": file, "reason": exc.strerror}) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(_("发现 %(n)s 处错误，未导入任何数据") % {"n": len(result.errors)},
                               returncode=ERRORS_FOUND)
        self.stdout.write(self.style.SUCCESS(_("已导入 %(n)s 行") % {"n": result.created}))
