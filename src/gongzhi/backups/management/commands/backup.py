"""`gongzhi backup OUT`: one archive of the database (pg_dump -Fc, or SQLite's online backup), the media files and a
manifest of what a restore must reproduce (backups/archive.py, docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongzhi.backups.archive import BackupError, make_backup


def size_text(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


class Command(BaseCommand):
    # No system checks: a backup or a restore must run even when a check would fail, and an empty target database
    # has nothing to check yet (they would also take seconds).
    requires_system_checks: list[str] = []
    help = ("Back up Gongzhi into one archive file OUT: the database (PostgreSQL: pg_dump in custom format from one "
            "snapshot; SQLite: the online backup API), every file under MEDIA_ROOT and manifest.json (rows per "
            "table, every file's SHA-256, the chronicle head, the dump's checksum). Never overwrites OUT.")

    def add_arguments(self, parser):
        parser.add_argument("out", help="the archive to write (for example /backups/gongzhi-2026-12-06.tar)")

    def handle(self, *args, **options):
        try:
            result = make_backup(options["out"])
        except BackupError as e:
            raise CommandError(str(e)) from e
        m = result.manifest
        head = m["chronicle_head"]
        self.stdout.write(_("备份已写入 %(path)s") % {"path": result.path})
        self.stdout.write(_("数据库：%(vendor)s，%(tables)s 张表，%(rows)s 行，转储 %(size)s")
                          % {"vendor": m["database"]["vendor"], "tables": len(m["tables"]),
                             "rows": sum(m["tables"].values()), "size": size_text(m["database"]["dump_size"])})
        self.stdout.write(_("媒体文件：%(count)s 个，共 %(size)s")
                          % {"count": len(m["media"]), "size": size_text(sum(f["size"] for f in m["media"]))})
        self.stdout.write(_("纪实档案链头：#%(seq)s %(hash)s") % {"seq": head["seq"], "hash": head["hash"]})
        if m["missing_model_tables"]:
            self.stdout.write(self.style.WARNING(
                _("注意：数据库中缺少 %(count)s 张表（迁移未执行？）：%(tables)s")
                % {"count": len(m["missing_model_tables"]), "tables": ", ".join(m["missing_model_tables"][:5])}))
        self.stdout.write(_("归档：%(size)s，SHA-256 %(sha)s")
                          % {"size": size_text(result.archive_size), "sha": result.archive_sha256})
        self.stdout.write(self.style.SUCCESS(_("用时 %(seconds).1f 秒。") % {"seconds": result.seconds}))
