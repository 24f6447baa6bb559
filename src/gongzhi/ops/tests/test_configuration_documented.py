"""Every GONGZHI_* variable the code reads is in deploy/gongzhi.env.example and in docs/configuration.md, and the
example names no variable the code does not read: the operators' files cannot drift from the settings."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
PACKAGE = REPO / "src" / "gongzhi"
# os.environ["X"], os.environ.get("X"), os.getenv("X"), env_bool("X", …) — how settings.py and serve.py read them.
READ = re.compile(r"""(?:environ(?:\.get)?\(|environ\[|getenv\(|env_bool\()\s*["'](GONGZHI_[A-Z0-9_]+)["']""")
NAME = re.compile(r"\bGONGZHI_[A-Z0-9_]+\b")
TEST_ONLY = {"conftest.py", "testing", "tests"}


def read_by(path: Path) -> set[str]:
    return set(READ.findall(path.read_text(encoding="utf-8")))


def read_by_the_code() -> dict[str, Path]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if TEST_ONLY.isdisjoint(path.relative_to(PACKAGE).parts):
            for name in read_by(path):
                names.setdefault(name, path.relative_to(REPO))
    return names


def example_names() -> set[str]:
    lines = (REPO / "deploy" / "gongzhi.env.example").read_text(encoding="utf-8").splitlines()
    return {m.group(1) for line in lines if (m := re.match(r"#? ?(GONGZHI_[A-Z0-9_]+)=", line))}


def test_settings_read_the_variables_this_test_looks_for():
    names = read_by(PACKAGE / "settings.py")
    assert {"GONGZHI_SECRET_KEY", "GONGZHI_HTTPS", "GONGZHI_REDIS_URL", "GONGZHI_SERVERS", "GONGZHI_METRICS_TOKEN",
            "GONGZHI_LOG_FORMAT"} <= names
    assert "GONGZHI_WORKERS" in read_by_the_code()  # serve.py's, found too


def test_every_variable_the_code_reads_is_in_the_example_and_in_the_configuration_page():
    documented = set(NAME.findall((REPO / "docs" / "configuration.md").read_text(encoding="utf-8")))
    example = example_names()
    code = read_by_the_code()
    missing_from_example = {name: str(path) for name, path in code.items() if name not in example}
    missing_from_docs = {name: str(path) for name, path in code.items() if name not in documented}
    assert missing_from_example == {}, "add them to deploy/gongzhi.env.example"
    assert missing_from_docs == {}, "add them to docs/configuration.md"


def test_the_example_names_no_variable_the_code_does_not_read():
    assert example_names() - set(read_by_the_code()) == set()
