from django import template

register = template.Library()


@register.simple_tag
def change(value, last, points=False):
    """+12.5% / −3 个百分点 / — : this year's value against last year's."""
    if value is None or last is None:
        return "—"
    if points:
        diff = round(value - last, 1)
        return f"{'+' if diff > 0 else ''}{diff} 个百分点" if diff else "持平"
    if not last:
        return "新增" if value else "持平"
    pct = round((value - last) * 100 / last, 1)
    return f"{'+' if pct > 0 else ''}{pct}%" if pct else "持平"
