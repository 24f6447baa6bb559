from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label) -> str:
    """A sortable column header of the league table: the link toggles the direction of the current column."""
    current = context.get("sort") == key
    arrow = (" ↓" if context.get("descending") else " ↑") if current else ""
    return format_html('<a href="{}" class="{}" data-sort="{}">{}{}</a>', context["sort_links"][key],
                       "sorted" if current else "", key, label, arrow)
