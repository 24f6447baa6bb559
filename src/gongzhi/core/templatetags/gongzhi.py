from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.9873 -> '98.7%'; None -> '—'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def place(node) -> str:
    """A building or entrance with its neighbourhood ('五美小区·1栋'); other nodes by name.
    Load the parent with select_related('home__parent') where this is used in a list."""
    if node is None:
        return "—"
    if node.kind in ("building", "entrance") and node.parent_id:
        return f"{node.parent.name}·{node.name}"
    return node.name
