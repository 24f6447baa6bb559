"""The shells and the board live in `portal`; the layering of docs/architecture.md holds (the same contracts
`make test` checks with `lint-imports`)."""

from pathlib import Path

import pytest
from django.urls import resolve, reverse
from importlinter import cli


@pytest.mark.parametrize(("name", "args"), [
    ("core:home", []), ("core:workbench", []), ("core:resident_home", []), ("core:resident_community", []),
    ("core:resident_me", []), ("core:board_index", []), ("core:board", [1]), ("core:healthz", []),
])
def test_the_entry_points_keep_their_names_and_are_served_by_portal(name, args):
    assert resolve(reverse(name, args=args)).func.__module__ == "gongzhi.portal.views"


def test_the_import_contracts_hold():
    pyproject = Path(__file__).resolve().parents[4] / "pyproject.toml"
    assert cli.lint_imports(config_filename=str(pyproject), no_cache=True) == 0
