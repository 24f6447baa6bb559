"""No select on a workbench page offers Django's raw "---------": every empty choice says what it means
("请选择社区", "不指定单位" …). Every workbench page without arguments, for the roles that see its forms."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongzhi.cases.testing import seed_case_categories
from gongzhi.lists.tests.conftest import seed_categories

SKIP = ("export", "template", "ledger", "badge", "verify", "building_options")


def _workbench_pages() -> list[str]:
    """The names of the workbench's pages that take no argument (lists, forms, tools)."""
    names = []

    def walk(resolver, prefix="", namespace=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and "<" not in prefix + str(p.pattern) \
                    and (prefix + str(p.pattern)).startswith("workbench/") and not any(s in p.name for s in SKIP):
                names.append(namespace + p.name)

    walk(get_resolver())
    return sorted(set(names))


def test_the_crawl_finds_the_forms():
    pages = _workbench_pages()
    assert {"cases:new", "contracts:meeting_new", "lists:need_new", "organisations:register"} <= set(pages)


@pytest.mark.parametrize("persona", ["admin", "wumei_staff", "street_staff"])
def test_no_select_offers_raw_dashes(world, client_for, persona):
    seed_categories()
    seed_case_categories()
    client, raw = client_for(getattr(world, persona)), []
    for name in _workbench_pages():
        response = client.get(reverse(name))
        assert response.status_code < 500, name
        if response.status_code == 200 and "---------" in response.content.decode():
            raw.append(name)
    assert not raw, f"raw '---------' placeholders on {raw}"
