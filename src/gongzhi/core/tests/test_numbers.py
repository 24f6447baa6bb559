from decimal import Decimal

import pytest

from gongzhi.core.numbers import tenths


@pytest.mark.parametrize(("value", "expected"), [
    (None, "0.0"), (0, "0.0"), (2.40000000000000, "2.4"), (0.1 + 0.2, "0.3"), (Decimal("12.35"), "12.4"),
    (Decimal("7"), "7.0"), ("3.25", "3.2"),
])
def test_hours_read_the_same_from_either_database(value, expected):
    assert tenths(value) == Decimal(expected) and str(tenths(value)) == expected
