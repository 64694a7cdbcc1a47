import pytest

from extractors.normalize import base_letters, clean_text, compare_form, nfc, tone_normalize


@pytest.mark.parametrize("old,new", [
    ("hoá", "hóa"), ("thuỷ", "thủy"), ("Hoà", "Hòa"), ("khoẻ", "khỏe"), ("luỹ kế", "lũy kế"),
    ("KHOÁ XIII", "KHÓA XIII"), ("công nghiệp hoá, hiện đại hoá", "công nghiệp hóa, hiện đại hóa"),
])
def test_tone_old_style_to_new(old, new):
    assert tone_normalize(old) == new


@pytest.mark.parametrize("word", ["hoàn", "toàn", "hoạch", "quý", "Quý", "thuyết", "khoa", "hóa"])
def test_tone_leaves_other_rhymes(word):
    assert tone_normalize(word) == word


def test_nfc_from_decomposed():
    decomposed = "Nghi\u0323 quyê\u0301t"
    assert nfc(decomposed) == "Nghị quyết"
    assert compare_form(decomposed) == "nghị quyết"


def test_clean_text_keeps_diacritics_and_collapses_space():
    assert clean_text("  Sở\u00a0Khoa học   và\tCông nghệ \n") == "Sở Khoa học và Công nghệ"


def test_compare_form_equates_tone_conventions_and_dashes():
    assert compare_form("Công nghiệp hoá – hiện đại hoá") == compare_form("công nghiệp hóa - hiện đại hóa")


def test_base_letters():
    assert base_letters("Đội ngũ trí thức") == "doingutrithuc"
