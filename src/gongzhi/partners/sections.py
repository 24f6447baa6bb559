"""Sections that apps above `partners` add to a partner's record page (e.g. `spaces`: the services the partner
gives in exchange for space, and their fulfilment). Registered from those apps' `AppConfig.ready()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PartnerSection:
    key: str
    template: str
    context: Callable[[Any, Any], dict]  # (partner, user) → the template's context
    order: int = 100


_SECTIONS: dict[str, PartnerSection] = {}


def register_partner_section(key: str, template: str, context: Callable[[Any, Any], dict], *, order=100) -> None:
    _SECTIONS[key] = PartnerSection(key, template, context, order)


def partner_sections(partner, user) -> list[tuple[str, dict]]:
    """(template, context) for every registered section, in order, ready for `{% include %}`."""
    return [(s.template, s.context(partner, user)) for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))]
