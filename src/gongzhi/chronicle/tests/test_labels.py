"""Chronicle actions are shown by their labels in both languages: the chronicle page and its filters (selects
of subject types and actions, never codes to type in), and the chronicle card on object pages (the case
timelines: cases/tests/test_timeline_labels.py) (see cases/tests/test_timeline_labels.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gongzhi.chronicle.labels import action_label, registered_actions

SOURCE = Path(__file__).resolve().parents[2]  # src/gongzhi


def _recorded_actions() -> tuple[set[str], set[str]]:
    """Every action the code records: literal codes, and patterns (regexes) for f-strings such as
    f"assessment.{stage}"."""
    literal, patterns = set(), set()
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and len(node.args) >= 2
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) == "record"):
                continue
            arg = node.args[1]
            candidates = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for a in candidates:
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    literal.add(a.value)
                elif isinstance(a, ast.JoinedStr):
                    patterns.add("".join(re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_]+"
                                         for v in a.values))
    return literal, patterns


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_every_recorded_action_has_a_label_in_both_languages():
    literal, patterns = _recorded_actions()
    registered = registered_actions()
    assert len(literal) > 80 and len(patterns) >= 5  # the scan found the services' record() calls
    assert not sorted(literal - set(registered) - {"test.subject"}), "actions without a label"
    for pattern in patterns:
        assert any(re.fullmatch(pattern, code) for code in registered), f"no label for {pattern}"
    for code in registered:
        with translation.override("zh-hans"):
            zh = action_label(code)
        with translation.override("en"):
            en = action_label(code)
        assert zh != code and re.search(r"[\u4e00-\u9fff]", zh), code
        assert not re.search(r"[\u4e00-\u9fff]", en), f"{code}: {en!r} has no English translation"


def test_an_unknown_code_is_shown_as_it_is():
    assert action_label("nobody.registered_this") == "nobody.registered_this"


@pytest.fixture
def english():
    def switch(client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client
    return switch


def test_the_chronicle_page_shows_labels_and_offers_them_as_filters(world, client_for, english):
    client = client_for(world.admin)
    page = client.get(reverse("chronicle:list")).content.decode()
    assert "登记驻区单位" in page and "<code>organisation.created</code>" not in page
    assert '<select name="action"' in page and '<option value="organisation.created">登记驻区单位</option>' in page
    assert '<select name="subject"' in page and '<option value="organisations.organisation">' in page
    assert "如 organisation" not in page

    filtered = client.get(reverse("chronicle:list"), {"action": "organisation.created"})
    actions = {e.action for e in filtered.context["page"]}
    assert actions == {"organisation.created"}
    by_subject = client.get(reverse("chronicle:list"), {"subject": "regions.regionnode"})
    assert {e.subject_type for e in by_subject.context["page"]} == {"regions.regionnode"}
    assert client.get(reverse("chronicle:list"), {"action": "bogus"}).status_code == 200  # ignored, not an error

    english_page = english(client).get(reverse("chronicle:list")).content.decode()
    assert "Unit registered" in english_page and '<option value="">All actions</option>' in english_page
    assert "登记驻区单位" not in english_page


def test_the_chronicle_card_on_an_object_page_shows_labels(world, client_for, english):
    client = client_for(world.admin)
    url = reverse("organisations:detail", args=[world.hospital.pk])
    card = client.get(url).content.decode()
    assert 'data-action="organisation.created">登记驻区单位</span>' in card
    assert "Unit registered" in english(client).get(url).content.decode()

