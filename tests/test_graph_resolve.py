"""Entity resolution: instrument keys, organisation identity (data-file rules checked against their examples)."""
from __future__ import annotations

import json

import pytest

from graph.resolve import (DATA, expand_abbreviations, instrument_key, is_generic, is_national, org_name_form,
                           resolve_org, split_key)

RULES = json.loads(DATA.read_text(encoding="utf-8"))


def test_instrument_keys() -> None:
    assert instrument_key("45-NQ/TW", "2023-11-24") == "45-NQ/TW@2023-11-24"
    assert instrument_key("45-NQ/TW", None) == "45-NQ/TW"
    assert instrument_key("45 - NQ/TW", "2023") == "45-NQ/TW"  # not an ISO day: no date in the key
    assert instrument_key("45\u2013NQ/TW", None) == "45-NQ/TW"  # one dash form
    assert split_key("45-NQ/TW@2019-01-24") == ("45-NQ/TW", "2019-01-24")
    assert split_key("2711/QĐ-TTg") == ("2711/QĐ-TTg", None)


@pytest.mark.parametrize("entry", RULES["abbreviations"], ids=lambda e: e["short"])
def test_abbreviation_examples(entry: dict) -> None:
    for short, long in entry["examples"]:
        assert expand_abbreviations(short) == long


def test_abbreviations_leave_instrument_symbols_alone() -> None:
    assert expand_abbreviations("Kế hoạch số 16/KH-UBND của UBND thành phố") == \
        "Kế hoạch số 16/KH-UBND của Ủy ban nhân dân thành phố"


@pytest.mark.parametrize("entry", RULES["aliases"], ids=lambda e: e["canonical"])
def test_aliases_fold_to_canonical(entry: dict) -> None:
    for alias in entry["aliases"]:
        assert resolve_org(alias, "Hải Phòng").id == resolve_org(entry["canonical"], "Hải Phòng").id
        assert resolve_org(alias, "Hải Phòng").name == entry["canonical"]


def test_national_examples() -> None:
    ex = RULES["national"]["examples"]
    assert all(is_national(n) for n in ex["national"])
    assert not any(is_national(n) for n in ex["local"])
    # a ministry named in two provinces' plans is one node
    assert resolve_org("Bộ Khoa học và Công nghệ", "Hải Phòng").id == resolve_org("Bộ Khoa học và Công nghệ", "Hưng Yên").id


def test_generic_examples() -> None:
    ex = RULES["generic"]["examples"]
    for name in ex["generic"]:
        assert is_generic(name), name
    for name in ex["specific"]:
        assert not is_generic(name), name


def test_level_suffix_examples() -> None:
    for with_level, without in RULES["local_level_suffixes"]["examples"]:
        assert org_name_form(with_level, "Hải Phòng") == org_name_form(without, "Hải Phòng")


def test_org_identity_by_jurisdiction_and_name() -> None:
    hp = resolve_org("Sở Khoa học và Công nghệ", "Hải Phòng")
    hy = resolve_org("Sở Khoa học và Công nghệ", "Hưng Yên")
    assert hp.id != hy.id and hp.name_cf == hy.name_cf
    # case, tone placement, abbreviation, the jurisdiction spelled out: the same body
    assert resolve_org("Sở KH&CN", "Hải Phòng").id == hp.id
    assert resolve_org("SỞ KHOA HỌC VÀ CÔNG NGHỆ thành phố Hải Phòng", "Thành phố Hải Phòng").id == hp.id
    assert resolve_org("Sở Khoa học Công nghệ", "Hải Phòng").id == hp.id
    # display text keeps its diacritics
    assert resolve_org("Sở Văn hóa, Thể thao và Du lịch", "Hải Phòng").name == "Sở Văn hóa, Thể thao và Du lịch"
    assert resolve_org("Sở Văn hoá, Thể thao và Du lịch", "Hải Phòng").id == \
        resolve_org("Sở Văn hóa, Thể thao và Du lịch", "Hải Phòng").id
    # the people's committee of the city is not the people's committee of its districts
    assert resolve_org("Ủy ban nhân dân thành phố", "Hải Phòng").id != \
        resolve_org("Ủy ban nhân dân các quận, huyện", "Hải Phòng").id
    assert resolve_org("Ủy ban nhân dân các quận, huyện", "Hải Phòng").generic


def test_generic_flag_from_extraction_wins_when_true() -> None:
    assert resolve_org("Sở Nội vụ", "Hải Phòng", generic=True).generic
    assert resolve_org("Các sở, ban, ngành", "Hải Phòng", generic=False).generic  # the rule still applies
