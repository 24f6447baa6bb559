"""The one recogniser of phone and ID numbers in free text (core.privacy.scrub): every common way of writing
a mainland mobile, a landline and an 18-character ID number is masked; dates, sums, counts and case numbers
are left alone. Before issue 16, +8613812345679, 138 1234 5671, 138-1234-5672 and full-width digits came back
unmasked on Open311 and the public board."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.core.privacy import find_personal_numbers, scrub

MOBILES = [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("1381234 5678", "138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("8613812345678", "86138****5678"),
    ("+86 138 1234 5678", "+86 138****5678"),
    ("+86-138-1234-5678", "+86-138****5678"),
    ("0086 13812345678", "0086 138****5678"),
    ("(+86)13812345678", "(+86)138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("＋８６ １３８ １２３４ ５６７８", "+86 138****5678"),
    ("１３８-1234-５６７８", "138****5678"),
]
LANDLINES = [
    ("0773-1234567", "0773-****4567"),
    ("0773-12345678", "0773-****5678"),
    ("(0773)1234567", "(0773)****4567"),
    ("（0773）1234567", "(0773)****4567"),
    ("0773 12345678", "0773 ****5678"),
    ("07731234567", "0773****4567"),
    ("010-12345678", "010-****5678"),
    ("0773-2881234转801", "0773-****1234转801"),
    ("0773-2881234-801", "0773-****1234-801"),
    ("０７７３－２８８１２３４", "0773-****1234"),
]
IDS = [
    ("450302199001010021", "4503**********0021"),
    ("45030219900101002X", "4503**********002X"),
    ("45030219900101002x", "4503**********002x"),
    ("450302 19900101 0021", "4503**********0021"),
    ("450302-19900101-0021", "4503**********0021"),
    ("４５０３０２１９９００１０１００２Ｘ", "4503**********002X"),
]


@pytest.mark.parametrize(("written", "masked"), MOBILES + LANDLINES + IDS)
def test_every_common_way_of_writing_a_number_is_masked(written, masked):
    assert scrub(written) == masked
    assert scrub(f"请回电{written}，谢谢") == f"请回电{masked}，谢谢"
    assert scrub(f"电话: {written} 或微信") == f"电话: {masked} 或微信"


def test_a_resident_description_with_both_numbers():
    text = "请回电137 7301 2345，身份证450302199001010021，住3栋"
    assert scrub(text) == "请回电137****2345，身份证4503**********0021，住3栋"
    assert [k for k, _ in find_personal_numbers(text)] == ["id_number", "mobile"]


def test_masking_is_idempotent():
    for _written, masked in MOBILES + LANDLINES + IDS:
        assert scrub(masked) == masked


NOT_NUMBERS = [
    "2026-12-04", "2026年12月4日 14:30", "2026-12-04 09:00-12:00", "20261204", "金额12345678元", "¥1,380,000.00",
    "共138户，12345人", "GZ202612040001", "案件GZ202612040001已办结", "第2026-0012号", "3栋2单元501室",
    "面积 138.5 平方米", "编号 A13812345678", "13812345678901234567890",
    "00d26f2c6c72a7e8df88014b19845087274c5b6d156abbe211f8e3471e1b0dd3", "合同金额 200000 元，期限 12 个月",
    "报到 0800-1200", "经纬度 110.290195, 25.273566", "12:30 至 13:45",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_dates_sums_counts_and_case_numbers_are_not_masked(text):
    assert scrub(text) == text
    assert find_personal_numbers(text) == []


digits = st.text(alphabet="0123456789", min_size=8, max_size=8)
sep = st.sampled_from(["", " ", "-"])
fullwidth = st.booleans()
words = st.text(alphabet="请回电住栋单元室谢号，。：、 ", max_size=6)


def _wide(text: str, on: bool) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if on else text


@given(st.sampled_from("3456789"), st.sampled_from("0123456789"), digits, sep, sep,
       st.sampled_from(["", "+86", "86", "+86 "]), fullwidth, words, words)
def test_property_any_mobile_in_any_text_leaves_only_its_first_three_and_last_four(
        second, third, rest, s1, s2, prefix, wide, before, after):
    number = f"1{second}{third}{s1}{rest[:4]}{s2}{rest[4:]}"
    masked = scrub(before + _wide(prefix + number, wide) + after)
    assert masked == f"{before}{prefix}1{second}{third}****{rest[4:]}{after}"


@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28), st.text("0123456789", min_size=6, max_size=6),
       st.sampled_from("0123456789Xx"), sep, fullwidth, words)
def test_property_any_id_number_is_masked_to_its_first_and_last_four(year, month, day, head, check, s, wide, before):
    region = "4" + head[1:]
    number = f"{region}{s}{year}{month:02d}{day:02d}{s}{head[:3]}{check}"
    masked = scrub(before + _wide(number, wide) + "。")
    assert masked == f"{before}{region[:4]}{'*' * 10}{head[:3]}{check}。"


@given(st.dates(), st.integers(0, 10**7), st.integers(0, 9999))
def test_property_dates_sums_and_counts_survive(date, money, count):
    text = f"{date:%Y-%m-%d} 收到 {money} 元，共 {count} 户，{date:%Y年%m月%d日}"
    assert scrub(text) == text
