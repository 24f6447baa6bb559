"""Search, filter and paginate a scoped queryset for a list page or API list: a fixed number of queries
whatever the number of rows."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Q

from gongzhi.core.limits import MAX_ID

PER_PAGE = 25
MAX_WORD = 100


def search(qs, q: str, fields: tuple[str, ...]):
    """Every word must match one of `fields` (case-insensitive substring). Pinyin initials and full pinyin
    live in a `search_key` field, so include it to let 'glszy' find 桂林市中医医院."""
    for word in (q or "").split()[:5]:
        word = word[:MAX_WORD]  # SQLite refuses LIKE patterns of 50,000 bytes; no name is this long anyway
        qs = qs.filter(reduce(or_, [Q(**{f"{f}__icontains": word.lower() if f.endswith("search_key") else word})
                                    for f in fields]))
    return qs



def as_id(value) -> int | None:
    """A primary key from a query string, a select or a filter, or None when it cannot be one (not ASCII digits,
    0, above what a bigint holds): junk in `?category=` finds nothing instead of overflowing the database."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


# The deepest page a list pages to: past it the database must skip ever more rows (page 5,000 of 600,000 residents
# takes a second); a list that long is searched or filtered, not paged through. Asking for a deeper page shows this
# one, flagged `capped` so that the page says why.
MAX_PAGES = 200


def paginate(request, qs, per_page: int = PER_PAGE):
    paginator = Paginator(qs, per_page)
    asked = request.GET.get("page")
    text = str(asked or "").strip()
    deep = text.isascii() and text.isdigit() and (len(text) > 9 or int(text) > MAX_PAGES)
    capped = deep and paginator.num_pages > MAX_PAGES
    page = paginator.get_page(MAX_PAGES if capped else asked)
    page.capped = capped  # type: ignore[attr-defined]
    page.max_pages = MAX_PAGES  # type: ignore[attr-defined]
    return page


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


class KeysFirst:
    """A queryset sliced in two steps: the slice's primary keys with the ordering's joins only, then those rows
    with their select_related (one more query). On a large scope the database then sorts narrow rows instead of
    joining every row of the scope to its person, building and entrance before keeping one page of them."""

    def __init__(self, queryset):
        self.queryset = queryset

    @property
    def query(self):  # what the rows are (chronicle.versions.CountedUntilChange keys its cached total on it)
        return self.queryset.query

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.queryset.order_by().filter(pk__in=keys)}
        return [rows[k] for k in keys if k in rows]
