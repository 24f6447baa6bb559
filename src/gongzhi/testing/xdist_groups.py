"""Keep the modules that share one expensive module-scoped fixture on one xdist worker.

`--dist loadgroup` is meant to do this for tests marked `xdist_group`: xdist's worker appends "@<group>" to their
node ids, but it writes an attribute that pytest 9 no longer reads, so the groups were silently split and the demo
district (`demo_district`, loaded once per module) was loaded on both workers — two minutes of the suite, twice.
This plugin (loaded with `-p` from pyproject's addopts) gives xdist a scheduler, through its public hook, that
treats each module of ONE_WORKER as one unit of work, and every other test as its own, as loadgroup does."""

from __future__ import annotations

import pytest

# Node-id paths are relative to the repository root, where pyproject.toml is.
ONE_WORKER = frozenset({"src/gongzhi/demo/tests/test_demo_district.py",
                        "src/gongzhi/portal/tests/test_figure_links_every_tile.py",
                        # one cluster (servers, workers, a private PostgreSQL) for the module's tests
                        "src/gongzhi/ops/tests/test_cluster.py"})


def scope_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its module when the module is in ONE_WORKER, else the test itself
    (or xdist's "@group" suffix, should a later xdist set it where pytest reads it)."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.split("@")[-1]
    module = nodeid.split("::", 1)[0]
    return module if module in ONE_WORKER else nodeid


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return ModuleGroupScheduling(config, log)
