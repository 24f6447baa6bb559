from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.9873 -> '98.7%'; None -> '—'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"
