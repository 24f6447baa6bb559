"""Numbers as Gongzhi records them."""

from __future__ import annotations

from decimal import Decimal

TENTH = Decimal("0.1")


def tenths(value) -> Decimal:
    """Hours to one decimal, as recorded. Sums come back as Decimal on PostgreSQL but as float on SQLite
    (2.40000000000000), and None when nothing was summed: all three read the same here (through str, so a float
    does not bring its binary expansion)."""
    return Decimal(str(value if value is not None else 0)).quantize(TENTH)
