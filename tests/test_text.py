"""Vietnamese normalisation: NFC, Ð → Đ, tone placement only at the end of a syllable, folding."""
from __future__ import annotations

import unicodedata

from audit.text import clean, fold, modern_tones, nfc


def test_nfc_and_eth() -> None:
    assert nfc(unicodedata.normalize("NFD", "Kế hoạch")) == "Kế hoạch" and len(nfc("Kế hoạch")) == 8
    assert nfc("\u00d0ăng") == "Đăng"


def test_modern_tones_moves_only_syllable_final_pairs() -> None:
    assert modern_tones("Cộng hoà xã hội") == "Cộng hòa xã hội"
    assert modern_tones("thuỷ, quý") == "thủy, quý"
    assert modern_tones("Kế hoạch hoàn thành") == "Kế hoạch hoàn thành"


def test_fold_and_clean() -> None:
    assert fold("  Đăng   lúc: 05/09 ") == "dang luc: 05/09" and clean(" a \n b ") == "a b"


def test_vn_number() -> None:
    from audit.text import vn_number
    assert [vn_number(x) for x in (5, 4.25, 0.5, 1234567, 0, 10.0)] == ["5", "4,25", "0,5", "1.234.567", "0", "10"]
