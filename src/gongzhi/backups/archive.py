"""`make_backup(out)` and `restore_backup(in)`: one tar file holding the database dump, the media files and a
manifest that says what a faithful restore must reproduce.

Archive members:

    database.pgdump | database.sqlite3   pg_dump -Fc of the configured database, or a SQLite online-backup copy
    media/<path>                         every file under MEDIA_ROOT (evidence, signed PDFs, certificates …)
    manifest.json                        written last: format, when, which Gongzhi, the database vendor, the last
                                         applied migration per app, rows per table, every media file's path, size
                                         and SHA-256, the chronicle head, and the dump's size and SHA-256

The database is dumped first and the media folder walked after it: a file is stored before the row that names it
is committed, so every file the dumped rows name is in the archive (a file uploaded meanwhile is there too, named
by no row, which is harmless).

A restore reads and checks the whole archive (every member present, every checksum right) into a staging folder
before it touches the database or the media folder, refuses a target database that holds any table unless told
to replace it (`force`), and then checks what it restored against the manifest: rows per table, every file's
hash, `chronicle.verify()` and the chronicle head."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.backups import database
from gongzhi.backups.database import BackupError
from gongzhi.chronicle.models import GENESIS, Head
from gongzhi.chronicle.services import Verification
from gongzhi.chronicle.services import verify as verify_chronicle

FORMAT = "gongzhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024

__all__ = ["BackupError", "BackupResult", "RestoreReport", "check_archive", "make_backup", "restore_backup"]


# --- hashing while copying -----------------------------------------------------------------------------------------

class _HashingReader(io.RawIOBase):
    """Hands on what it reads from `raw` and hashes it, so a file is read once to be both archived and hashed."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(n)
        self.sha.update(chunk)
        self.size += len(chunk)
        return chunk


def _sha256_file(path: Path) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return sha.hexdigest(), size


# --- backup --------------------------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    archive_size: int
    archive_sha256: str
    seconds: float


def _gongzhi_version() -> dict[str, str]:
    found = {"version": "", "commit": ""}
    with contextlib.suppress(metadata.PackageNotFoundError):
        found["version"] = metadata.version("gongzhi")
    try:
        run = subprocess.run(["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=5, check=False)
        if run.returncode == 0:
            found["commit"] = run.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return found


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path, *, skip: set[Path]) -> Iterator[tuple[Path, str]]:
    """(file, its path under MEDIA_ROOT with forward slashes) for every regular file, in a stable order."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            yield path, path.relative_to(root).as_posix()


def make_backup(out_path: str | os.PathLike[str]) -> BackupResult:
    """Write one archive of the configured database and MEDIA_ROOT to `out_path`. The archive appears under its
    name only when complete (it is written beside it and renamed); an existing file is never overwritten."""
    started = time.monotonic()
    out = Path(out_path).resolve()
    if out.exists():
        raise BackupError(_("%(path)s 已存在：备份不会覆盖已有文件。") % {"path": out})
    if not out.parent.is_dir():
        raise BackupError(_("目录 %(path)s 不存在。") % {"path": out.parent})
    kind = database.vendor()
    dump_name = database.DUMP_NAMES[kind]
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    try:
        with tempfile.TemporaryDirectory(prefix="gongzhi-backup-") as scratch:
            dump_path = Path(scratch) / dump_name
            snapshot = database.dump(dump_path)
            dump_sha, dump_size = _sha256_file(dump_path)
            media = []
            # readable by its owner only: the archive holds residents' personal data unmasked
            raw = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
            with raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                tar.add(dump_path, arcname=dump_name, recursive=False)
                for path, rel in _media_files(_media_root(), skip={out, partial.resolve()}):
                    try:
                        f = path.open("rb")
                    except FileNotFoundError:  # removed since the folder was listed
                        continue
                    with f:
                        info = tar.gettarinfo(fileobj=f, arcname=MEDIA_PREFIX + rel)
                        reader = _HashingReader(f)
                        tar.addfile(info, reader)
                    media.append({"path": rel, "size": reader.size, "sha256": reader.sha.hexdigest()})
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.now().isoformat(),
                    "gongzhi": _gongzhi_version(),
                    "database": {"vendor": kind, "server_version": snapshot.server_version,
                                 "dump": dump_name, "dump_size": dump_size, "dump_sha256": dump_sha},
                    "migrations": snapshot.migrations,
                    "tables": snapshot.tables,
                    "missing_model_tables": snapshot.missing_model_tables,
                    "chronicle_head": {"seq": snapshot.head_seq, "hash": snapshot.head_hash},
                    "media": media,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
                tar.addfile(info, io.BytesIO(data))
                tar.close()
                raw.flush()
                os.fsync(raw.fileno())
        archive_sha, archive_size = _sha256_file(partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=out, manifest=manifest, archive_size=archive_size, archive_sha256=archive_sha,
                        seconds=time.monotonic() - started)


# --- reading an archive --------------------------------------------------------------------------------------------

def _safe_relative(path: str) -> bool:
    p = PurePosixPath(path)
    return bool(path) and not p.is_absolute() and ".." not in p.parts and "\\" not in path and "\x00" not in path


def _well_formed(manifest: dict[str, Any]) -> bool:
    """The manifest names what a restore reads and checks, with the types it expects (explicit checks, not asserts,
    which `python -O` would drop)."""
    try:
        db, head, media = manifest["database"], manifest["chronicle_head"], manifest["media"]
        paths = [item["path"] for item in media]
        return (db["vendor"] in database.DUMP_NAMES and db["dump"] == database.DUMP_NAMES[db["vendor"]]
                and isinstance(db["dump_sha256"], str) and isinstance(db["dump_size"], int)
                and isinstance(manifest["migrations"], dict)
                and all(isinstance(k, str) and isinstance(v, int) for k, v in manifest["tables"].items())
                and isinstance(head["seq"], int) and isinstance(head["hash"], str)
                and all(isinstance(p, str) and _safe_relative(p) for p in paths) and len(set(paths)) == len(paths)
                and all(isinstance(item["size"], int) and isinstance(item["sha256"], str) for item in media))
    except (KeyError, TypeError, AttributeError):
        return False


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(_("归档中缺少 %(member)s：不是完整的共治备份。") % {"member": MANIFEST}) from None
    f = tar.extractfile(member)
    if f is None:
        raise BackupError(_("归档中的 %(member)s 不是普通文件。") % {"member": MANIFEST})
    try:
        manifest = json.loads(f.read())
    except ValueError as e:
        raise BackupError(_("%(member)s 已损坏：%(error)s") % {"member": MANIFEST, "error": e}) from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("这不是共治的备份归档。"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("不支持的备份格式版本 %(version)s（本版本读取第 %(ours)s 版）。")
                          % {"version": manifest.get("format_version"), "ours": FORMAT_VERSION})
    if not _well_formed(manifest):
        raise BackupError(_("%(member)s 内容不完整或有误。") % {"member": MANIFEST})
    return manifest


def _open_archive(in_path: Path) -> tarfile.TarFile:
    if not in_path.is_file():
        raise BackupError(_("找不到备份文件 %(path)s。") % {"path": in_path})
    try:
        return tarfile.open(in_path, "r:")
    except (tarfile.TarError, OSError) as e:
        raise BackupError(_("%(path)s 不是可读的备份归档（已损坏或不完整）：%(error)s") % {"path": in_path, "error": e}) from e


def _extract_checked(tar: tarfile.TarFile, name: str, sha256: str, size: int, target: Path) -> None:
    """Copy one member to `target`, refusing it unless its size and SHA-256 are those the manifest names."""
    try:
        member = tar.getmember(name)
    except KeyError:
        raise BackupError(_("归档中缺少 %(member)s。") % {"member": name}) from None
    source = tar.extractfile(member) if member.isfile() else None
    if source is None:
        raise BackupError(_("归档中的 %(member)s 不是普通文件。") % {"member": name})
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source, target.open("wb") as out:
            found_sha, found_size = _copy_hashing(source, out)
    except (tarfile.TarError, OSError, EOFError) as e:
        raise BackupError(_("读取 %(member)s 失败（归档已损坏或不完整）：%(error)s") % {"member": name, "error": e}) from e
    if found_size != size or found_sha != sha256:
        raise BackupError(_("%(member)s 的校验和与清单不符（归档已损坏或被改动）。") % {"member": name})


@dataclass
class _Staged:
    manifest: dict[str, Any]
    dump: Path
    media: Path


def _stage(in_path: Path, scratch: Path, media_scratch: Path,
           after_manifest: Callable[[dict[str, Any]], None] | None = None) -> _Staged:
    """Read the manifest, let `after_manifest` refuse, then copy out every member it names, checked."""
    try:
        with _open_archive(in_path) as tar:
            manifest = _read_manifest(tar)
            if after_manifest:
                after_manifest(manifest)
            db = manifest["database"]
            dump = scratch / db["dump"]
            _extract_checked(tar, db["dump"], db["dump_sha256"], db["dump_size"], dump)
            for item in manifest["media"]:
                _extract_checked(tar, MEDIA_PREFIX + item["path"], item["sha256"], item["size"],
                                 media_scratch / item["path"])
    except (tarfile.TarError, EOFError) as e:  # a truncated or garbled archive, found while reading it
        raise BackupError(_("%(path)s 不是可读的备份归档（已损坏或不完整）：%(error)s")
                          % {"path": in_path, "error": e}) from e
    return _Staged(manifest=manifest, dump=dump, media=media_scratch)


def check_archive(in_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the whole archive and check every member against the manifest, touching nothing; return the manifest."""
    with tempfile.TemporaryDirectory(prefix="gongzhi-check-") as scratch:
        return _stage(Path(in_path).resolve(), Path(scratch), Path(scratch) / "media").manifest


# --- restore -------------------------------------------------------------------------------------------------------

@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    rows: int = 0
    tables_checked: int = 0
    table_mismatches: list[tuple[str, int, int | None]] = field(default_factory=list)
    files_checked: int = 0
    file_mismatches: list[str] = field(default_factory=list)
    files_not_in_archive: int = 0
    chronicle: Verification | None = None
    head: tuple[int, str] = (0, GENESIS)
    migrations_behind: dict[str, tuple[str, str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def head_matches(self) -> bool:
        expected = self.manifest["chronicle_head"]
        return self.head == (expected["seq"], expected["hash"])

    @property
    def ok(self) -> bool:
        return (not self.table_mismatches and not self.file_mismatches and self.chronicle is not None
                and self.chronicle.ok and self.head_matches)


def _check_target(manifest: dict[str, Any], *, force: bool) -> None:
    kind = database.vendor()
    if manifest["database"]["vendor"] != kind:
        raise BackupError(_("归档来自 %(theirs)s 数据库，而要恢复到的是 %(ours)s 数据库：无法跨数据库类型恢复。")
                          % {"theirs": manifest["database"]["vendor"], "ours": kind})
    if force:
        return
    tables = database.existing_tables()
    if tables:
        raise BackupError(_("要恢复到的数据库不是空的（已有 %(count)s 张表，例如 %(example)s）：恢复会覆盖其中的数据。"
                            "请恢复到新建的空数据库，或确认要覆盖后加 --force。")
                          % {"count": len(tables), "example": ", ".join(tables[:3])})
    present = sum(1 for _path in _media_files(_media_root(), skip=set()))
    if present:
        raise BackupError(_("媒体文件目录 %(path)s 不是空的（已有 %(count)s 个文件）：请清空它，或确认要覆盖后加 --force。")
                          % {"path": _media_root(), "count": present})


def _place_media(staged: Path, root: Path) -> None:
    """Move the checked files into MEDIA_ROOT (same file system: each a rename; a file of the same path is replaced)."""
    for path, rel in list(_media_files(staged, skip=set())):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(target))


def _code_migrations() -> dict[str, str]:
    """The newest migration per app in the code that runs the restore."""
    from django.db.migrations.loader import MigrationLoader

    leaves: dict[str, str] = {}
    for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes():
        leaves[app] = max(name, leaves.get(app, ""))
    return leaves


def verify_restored(manifest: dict[str, Any]) -> RestoreReport:
    """Compare the configured database and MEDIA_ROOT with an archive's manifest."""
    report = RestoreReport(manifest=manifest)
    expected = manifest["tables"]
    found = database.count_rows(list(expected))
    for table, rows in expected.items():
        report.tables_checked += 1
        report.rows += rows
        if found[table] != rows:
            report.table_mismatches.append((table, rows, found[table]))
    root = _media_root()
    names = set()
    for item in manifest["media"]:
        report.files_checked += 1
        names.add(item["path"])
        path = root / item["path"]
        if not path.is_file() or _sha256_file(path) != (item["sha256"], item["size"]):
            report.file_mismatches.append(item["path"])
    report.files_not_in_archive = sum(1 for _path, rel in _media_files(root, skip=set()) if rel not in names)
    report.chronicle = verify_chronicle()
    head = Head.objects.filter(id=1).values_list("seq", "hash").first()
    report.head = (int(head[0]), str(head[1])) if head else (0, GENESIS)
    code = _code_migrations()
    for app, name in manifest["migrations"].items():
        if app in code and code[app] > name:
            report.migrations_behind[app] = (name, code[app])
    return report


def restore_backup(in_path: str | os.PathLike[str], *, force: bool = False) -> RestoreReport:
    """Restore an archive into the configured database and MEDIA_ROOT, then check the result against the manifest.

    Refused, with nothing touched: a damaged archive (a member missing, a checksum wrong), an archive of the other
    database vendor, and (unless `force`) a target database that holds any table or a MEDIA_ROOT that holds files."""
    started = time.monotonic()
    source = Path(in_path).resolve()
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    # media are staged beside MEDIA_ROOT so that putting them in place is a rename, not a second copy
    with tempfile.TemporaryDirectory(prefix="gongzhi-restore-") as scratch, \
            tempfile.TemporaryDirectory(prefix=".gongzhi-restore-media-", dir=root.parent) as media_scratch:
        staged = _stage(source, Path(scratch), Path(media_scratch),
                        after_manifest=lambda manifest: _check_target(manifest, force=force))
        manifest = staged.manifest
        database.load(staged.dump, manifest["database"]["vendor"], force=force)
        root.mkdir(parents=True, exist_ok=True)
        _place_media(staged.media, root)
    forget_shared_cache()
    report = verify_restored(manifest)
    report.seconds = time.monotonic() - started
    return report


def forget_shared_cache() -> bool:
    """Sessions and a user's own cached values (ADR 0025) belong to the database they were read from and must not
    outlive it. The file-based shared cache of one machine is emptied here; a Redis one is shared with the page
    caches (and perhaps the task queue), so emptying its `shared:` keys is the operator's step (docs/operations.md).
    True when it was emptied."""
    from django.core.cache import caches

    if not settings.CACHES["shared"]["BACKEND"].endswith(".FileBasedCache"):
        return False
    caches["shared"].clear()
    return True
