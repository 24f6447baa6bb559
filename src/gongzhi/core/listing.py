"""Search, filter and paginate a scoped queryset for a list page or API list: a fixed number of queries
whatever the number of rows."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Q

PER_PAGE = 25


def search(qs, q: str, fields: tuple[str, ...]):
    """Every word must match one of `fields` (case-insensitive substring). Pinyin initials and full pinyin
    live in a `search_key` field, so include it to let 'glszy' find 桂林市中医医院."""
    for word in (q or "").split()[:5]:
        qs = qs.filter(reduce(or_, [Q(**{f"{f}__icontains": word.lower() if f.endswith("search_key") else word})
                                    for f in fields]))
    return qs


def paginate(request, qs, per_page: int = PER_PAGE):
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def choice_filter(request, name: str, label, all_label, choices) -> dict:
    """One <select> of a list page's filter bar (templates/includes/list_filters.html)."""
    return {"name": name, "label": label, "all_label": all_label, "choices": choices,
            "current": request.GET.get(name, "")}


class Presented:
    """A queryset whose rows are turned into API dicts only for the page being returned: the API's
    @paginate slices it (one query for the page, one for the count) instead of presenting every row."""

    def __init__(self, queryset, present):
        self.queryset, self.present = queryset, present

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.present(row) for row in self.queryset[index]]
        return self.present(self.queryset[index])
