"""gongzhi export_xlsx KIND OUT --as USERNAME: what that user may see, masked as on the pages."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.exchange.formats import FORMATS, KINDS
from gongzhi.exchange.management.commands.import_xlsx import acting_user
from gongzhi.exchange.permissions import may_export
from gongzhi.exchange.selectors import export_workbook


class Command(BaseCommand):
    help = "把某用户可见的驻区单位、人员或区划节点导出为 .xlsx（个人信息按页面规则打码）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("out", help="输出文件路径，如 驻区单位.xlsx")
        parser.add_argument("--as", dest="username", required=True, help="以该用户的身份与可见范围导出")

    def handle(self, *args, kind: str, out: str, username: str, **options):
        actor = acting_user(username)
        if not may_export(actor, kind):
            raise CommandError(_("用户“%(name)s”无权导出%(kind)s") % {"name": username, "kind": FORMATS[kind].label})
        download = export_workbook(user=actor, kind=kind)
        try:
            Path(out).write_bytes(download.content)
        except OSError as exc:
            raise CommandError(_("无法写入“%(file)s”：%(reason)s") % {"file": out, "reason": exc.strerror}) from None
        self.stdout.write(self.style.SUCCESS(_("已导出 %(n)s 行到 %(file)s") % {"n": download.rows, "file": out}))
