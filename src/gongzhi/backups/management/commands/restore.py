"""`gongzhi restore IN [--force] [--check]`: restore an archive of `gongzhi backup` into the configured database and
MEDIA_ROOT, then check it against the manifest; exits non-zero on any refusal or difference (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.backups.archive import BackupError, check_archive, restore_backup
from gongzhi.backups.management.commands.backup import size_text


class Command(BaseCommand):
    # No system checks: a backup or a restore must run even when a check would fail, and an empty target database
    # has nothing to check yet (they would also take seconds).
    requires_system_checks: list[str] = []
    help = ("Restore an archive written by `gongzhi backup` into the configured database (DATABASE_URL) and "
            "MEDIA_ROOT, then verify: rows per table, every media file's SHA-256, the chronicle's hash chain and "
            "head, all against the archive's manifest. A damaged archive is refused before anything is touched; "
            "a database that already holds tables (or a media folder with files) is refused unless --force. "
            "--check only reads and checks the archive.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by `gongzhi backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the contents of a database that is not empty (and files of the same path)")
        parser.add_argument("--check", action="store_true",
                            help="only check the archive (every member and checksum); restore nothing")

    def handle(self, *args, **options):
        try:
            if options["check"]:
                manifest = check_archive(options["archive"])
                self.stdout.write(self.style.SUCCESS(
                    _("归档完好：%(tables)s 张表 %(rows)s 行，%(files)s 个媒体文件，纪实档案链头 #%(seq)s，创建于 %(at)s。")
                    % {"tables": len(manifest["tables"]), "rows": sum(manifest["tables"].values()),
                       "files": len(manifest["media"]), "seq": manifest["chronicle_head"]["seq"],
                       "at": manifest["created_at"]}))
                return
            report = restore_backup(options["archive"], force=options["force"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        ok, bad = self.style.SUCCESS, self.style.ERROR
        tables = _("数据表：%(checked)s 张，%(rows)s 行") % {"checked": report.tables_checked, "rows": report.rows}
        if report.table_mismatches:
            self.stdout.write(bad(tables + _("，%(count)s 张与清单不符：") % {"count": len(report.table_mismatches)}))
            for table, expected, found in report.table_mismatches[:20]:
                self.stdout.write(_("  %(table)s：清单 %(expected)s 行，恢复后 %(found)s")
                                  % {"table": table, "expected": expected,
                                     "found": _("缺少此表") if found is None else found})
        else:
            self.stdout.write(ok(tables + _("，与清单一致")))
        size = size_text(sum(f["size"] for f in report.manifest["media"]))
        files = _("媒体文件：%(count)s 个（%(size)s）") % {"count": report.files_checked, "size": size}
        if report.file_mismatches:
            self.stdout.write(bad(files + _("，%(count)s 个哈希不符或缺失：%(paths)s")
                                  % {"count": len(report.file_mismatches),
                                     "paths": ", ".join(report.file_mismatches[:10])}))
        else:
            self.stdout.write(ok(files + _("，哈希全部一致")))
        if report.files_not_in_archive:
            self.stdout.write(_("  另有 %(count)s 个文件不在归档中，未改动。") % {"count": report.files_not_in_archive})
        chronicle = report.chronicle
        if chronicle is not None and chronicle.ok:
            self.stdout.write(ok(_("纪实档案：%(count)s 条，哈希链完整") % {"count": chronicle.checked}))
        elif chronicle is not None:
            self.stdout.write(bad(_("纪实档案：在第 %(seq)s 条处断开：%(reason)s")
                                  % {"seq": chronicle.first_bad_seq, "reason": chronicle.reason}))
        expected = report.manifest["chronicle_head"]
        head = _("链头 #%(seq)s %(hash)s") % {"seq": report.head[0], "hash": report.head[1]}
        if report.head_matches:
            self.stdout.write(ok(head + _("，与清单一致")))
        else:
            self.stdout.write(bad(head + _("，清单为 #%(seq)s %(hash)s") % expected))
        if report.migrations_behind:
            self.stdout.write(self.style.WARNING(
                _("归档的迁移落后于当前代码（%(apps)s）：请运行 gongzhi migrate。")
                % {"apps": ", ".join(sorted(report.migrations_behind))}))
        if not report.ok:
            raise CommandError(_("恢复结果与清单不符，见上。"))
        self.stdout.write(ok(_("恢复完成并已核验，用时 %(seconds).1f 秒。") % {"seconds": report.seconds}))
