"""Settling a scan's number and date across its readings: the page's OCR, the header's columns read apart,
the file's own text layer (pure; the readings are built by hand)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from audit.evidence.document import settle
from audit.evidence.identify import Identity

ISSUER = "TRƯỜNG THCS NGUYỄN VĂN CỪ"
PAGE = Identity(doc_type="QĐ", number="17/QĐ-THCSNVC", issued_on=date(2024, 9, 5), place="Long Biên",
                issuer=ISSUER, title="Về việc phân công", signer="Nguyễn Văn A", school_year="2024-2025", flags=())
BLANK = replace(PAGE, number=None, issued_on=None, place=None, flags=("no_number", "no_date"))


def _reading(number: str | None = None, issued: date | None = None, **fields: object) -> Identity:
    return replace(BLANK, number=number, issued_on=issued, **fields)  # type: ignore[arg-type]


def test_two_readings_outvote_the_page() -> None:
    settled = settle(PAGE, [_reading("172/QĐ-THCSNVC"), _reading("172/QĐ-THCSNVC")], [True, True])
    assert settled.number == "172/QĐ-THCSNVC"
    assert {"number_second_reading", "readings_disagree"} <= set(settled.flags)


def test_an_even_split_is_no_number() -> None:
    settled = settle(PAGE, [_reading("172/QĐ-THCSNVC")], [True])
    assert settled.number is None and settled.issued_on == PAGE.issued_on
    assert {"no_number", "doubtful_number", "readings_disagree"} <= set(settled.flags)


def test_agreeing_readings_confirm_the_page() -> None:
    settled = settle(PAGE, [_reading("17/QĐ-THCSNVC", date(2024, 9, 5))], [True])
    assert (settled.number, settled.issued_on, settled.flags) == (PAGE.number, PAGE.issued_on, ())


def test_unsure_readings_count_only_together() -> None:
    page = replace(BLANK, unsure_number="172/QĐ-THCSNVC", unsure_date=date(2024, 9, 7))
    alone = settle(page, [_reading()], [True])
    assert alone.number is None and alone.issued_on is None
    agreed = settle(page, [_reading(unsure_number="172/QĐ-THCSNVC", unsure_date=date(2024, 9, 7))], [True])
    assert agreed.number == "172/QĐ-THCSNVC" and agreed.issued_on == date(2024, 9, 7)
    assert {"number_readings_agree", "date_readings_agree"} <= set(agreed.flags)
    assert "no_number" not in agreed.flags and "no_date" not in agreed.flags


def test_a_code_of_another_type_or_a_near_miss_does_not_count() -> None:
    wrong_type = settle(BLANK, [_reading("172/KH-THCSNVC"), _reading("172/KH-THCSNVC")], [True, True])
    near_miss = settle(BLANK, [_reading("172/QĐ-THGSNVC"), _reading("172/QĐ-THGSNVC")], [True, True])
    assert wrong_type.number is None and near_miss.number is None


def test_a_reading_that_reads_the_issuer_better_vouches_for_its_code() -> None:
    page = replace(BLANK, issuer="TRƯỜNG THCS NGUYÊN VẤN CỪ", doc_type="QĐ")   # misread: initials would be THCSNVC anyway
    misread = replace(BLANK, issuer="TRƯỜNG MA VỐN HOA SEN", doc_type="QC")
    reading = _reading("223/QC-MNHS", issuer="TRƯỜNG MẦM NON HOA SEN")
    assert settle(misread, [reading], [True]).number == "223/QC-MNHS"
    assert settle(page, [], []).number is None


def test_the_files_own_layer_only_when_no_ocr_reading_has_a_number() -> None:
    layer = _reading("172/QĐ-THCSNVC")
    assert settle(BLANK, [layer], [False]).number == "172/QĐ-THCSNVC"
    assert settle(PAGE, [layer], [False]).number == PAGE.number   # OCR read one: the layer does not vote


def test_the_date_decides_the_school_year_flag() -> None:
    outside = replace(PAGE, issued_on=date(2023, 1, 5), flags=("outside_school_year",))
    settled = settle(outside, [_reading(issued=date(2024, 9, 5)), _reading(issued=date(2024, 9, 5))], [True, True])
    assert settled.issued_on == date(2024, 9, 5) and "outside_school_year" not in settled.flags


def test_the_files_own_layer_confirms_an_unsure_reading_but_brings_nothing_new() -> None:
    page = replace(BLANK, unsure_number="172/QĐ-THCSNVC")
    assert settle(page, [_reading("172/QĐ-THCSNVC")], [False]).number == "172/QĐ-THCSNVC"
    assert settle(page, [_reading("173/QĐ-THCSNVC")], [False]).number is None


def test_a_bare_number_line_and_a_speck_after_a_code() -> None:
    from audit.evidence import fields
    assert fields.bare_number("1625/KH-PGD&ĐT") == ("1625/KH-PGD&ĐT", "KH-PGD&ĐT")
    assert fields.bare_number("/KH-PGD&ĐT") is None and fields.bare_number("1625/KH-PGD&ĐT ngày 5") is None
    assert not fields.plausible_code("HD-THLQĐb") and fields.plausible_code("CTr-THLQĐ")
    assert fields.plausible_code("BGDĐT-GDTrH")
