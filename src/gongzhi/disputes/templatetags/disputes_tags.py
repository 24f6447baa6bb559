from django import template

register = template.Library()

STATUS_BADGES = {
    "registered": "badge-gold",
    "mediating": "badge-gold",
    "agreed": "badge-ok",
    "referred": "",
    "litigation": "",
    "withdrawn": "",
    "closed": "badge-ok",
}
RISK_BADGES = {"ordinary": "", "serious": "badge-gold", "major": "badge-red"}


@register.filter
def dispute_badge(status: str) -> str:
    """The badge class of a dispute's mediation status."""
    return STATUS_BADGES.get(status, "")


@register.filter
def risk_badge(risk: str) -> str:
    return RISK_BADGES.get(risk, "")


@register.filter
def of_role(parties, role: str) -> list:
    """The parties (prefetched) of one role: `d.parties.all|of_role:"applicant"`."""
    return [p for p in parties if p.role == role]


@register.filter
def days_since(day, today) -> int:
    """Whole days from `day` to `today` (positive when `day` has passed)."""
    if not day or not today:
        return 0
    return (today - day).days


@register.filter
def shown_text(text: str, full: bool) -> str:
    """Free text (facts, session notes, the agreement) as the viewer may see it: phone and ID numbers typed into
    it are masked unless the viewer sees the parties' contacts whole."""
    from gongzhi.core.privacy import scrub

    return text if full else scrub(text or "")
