"""The English catalogue: complete, compiled, and used when a user switches the interface to English.

The .po file is read by a small parser below, so these tests need neither polib nor the gettext tools."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a C string literal; Python reads the same escapes


def read_po(path: Path) -> list[Entry]:
    """Every active entry of a PO file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, target
        if entry is not None and (entry.msgid or entry.msgstr):
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"django.po:{number}: continuation line without a keyword"
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, kind, getattr(entry, kind) + _unquote(line))
        else:
            match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")', line)
            assert match, f"django.po:{number}: cannot read {line!r}"
            kind, index, text = match.group(1), match.group(2), _unquote(match.group(3))
            if kind == "msgstr":
                position = int(index) if index is not None else 0
                entry.msgstr[position] = text
                target = (kind, position)
            else:
                if kind == "msgctxt" and (entry.msgid or entry.msgstr):
                    finish()  # a new entry without a blank line before it
                    entry = Entry(line=number)
                setattr(entry, kind, text)
                target = (kind, None)
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    assert PO_FILE.exists(), "run `gongzhi makemessages -l en` in src/gongzhi"
    return read_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    return [e for e in po_entries if e.msgid]


def test_header_declares_english_plural_forms(po_entries):
    header = next(e for e in po_entries if e.msgid == "")
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "Content-Type: text/plain; charset=UTF-8" in header.msgstr[0]


def test_catalogue_has_messages(messages):
    assert len(messages) > 300


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    fuzzy = [str(e) for e in messages if "fuzzy" in e.flags]
    untranslated = [str(e) for e in messages
                    if not e.msgstr or any(not text.strip() for text in e.msgstr.values())]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_plural_entries_have_both_english_forms(messages):
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals
    for e in plurals:
        assert sorted(e.msgstr) == [0, 1], str(e)


def test_placeholders_are_kept(messages):
    for e in messages:
        expected = set(PLACEHOLDER.findall(e.msgid))
        for text in filter(None, e.msgstr.values()):
            assert set(PLACEHOLDER.findall(text)) == expected, str(e)


def test_compiled_catalogue_matches_the_po_file(messages):
    assert MO_FILE.exists(), "run `gongzhi compilemessages` in src/gongzhi"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in messages:
        if not all(e.msgstr.values()):
            continue  # untranslated: reported by test_every_entry_is_translated_and_none_is_fuzzy
        if e.msgid_plural is not None:
            pairs = [(compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) if e.msgctxt
                      else compiled.ngettext(e.msgid, e.msgid_plural, n), e.msgstr[0 if n == 1 else 1])
                     for n in (1, 2)]
        else:
            got = compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)
            pairs = [(got, e.msgstr[0])]
        stale += [f"{e}: compiled {got!r}, expected {want!r}" for got, want in pairs if got != want]
    assert not stale, "django.mo is out of date, run compilemessages:\n" + "\n".join(stale[:20])


def test_english_is_used_for_interface_strings_and_choice_labels():
    from gongzhi.organisations.models import PartnerType
    from gongzhi.regions.models import RegionKind

    # Called through other names so that makemessages does not list this test file as a source.
    tr, ntr = translation.gettext, translation.ngettext
    with translation.override("en"):
        assert tr("工作台") == "Workbench"
        assert tr("驻区单位") == "Resident units"
        assert str(RegionKind.COMMUNITY.label) == "Community"
        assert str(PartnerType.INSTITUTIONAL.label) == "Institutional partner"
        assert ntr("共 %(counter)s 条", "共 %(counter)s 条", 1) % {"counter": 1} == "1 record"
        assert ntr("共 %(counter)s 条", "共 %(counter)s 条", 3) % {"counter": 3} == "3 records"
    with translation.override("zh-hans"):
        assert tr("工作台") == "工作台"
        assert str(RegionKind.COMMUNITY.label) == "社区"


def test_workbench_renders_in_english_after_switching_language(world, client_for):
    client = client_for(world.wumei_staff)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/workbench/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/workbench/").content.decode()
    assert '<html lang="en">' in page
    assert "Workbench" in page and "Resident units" in page and "Log out" in page
    assert "工作台" not in page and "驻区单位" not in page

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/workbench/"})
    assert "工作台" in client.get("/workbench/").content.decode()
