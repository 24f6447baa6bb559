"""`{% shown obj obj.title %}`: a resident's free text as the viewer may read it (people.permissions.shown_text_of),
phone and ID numbers masked for roles that may not see them. `{% load privacy_tags %}` in every template that
shows residents' free text (cases, orders, wishes, needs)."""

from django import template

from gongzhi.people.permissions import shown_text_of

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, obj, text):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return shown_text_of(user, obj, text)
