"""Legal references: citation finder on corpus sentences, document-level relations and chains vs gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.ir import Block, BlockKind, DocumentIR
from extractors.model import DocumentHeader
from extractors.references import extract_references, find_citations, match_issuer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "data" / "gold"
HP = "Hải Phòng"


def _cits(text: str, jurisdiction: str | None = HP, level: str | None = "thành phố") -> list[tuple]:
    return [(c.doc_type, c.symbol, c.date, c.issuer) for c in find_citations(text, jurisdiction, level)
            if c.symbol]


def test_state_and_party_symbols_with_dates_and_issuers() -> None:
    # seed 000, opening paragraph
    t = ("Thực hiện Quyết định số 2711/QĐ-TTg ngày 12/12/2025 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia; "
         "Nghị quyết số 09-NQ/ĐH ngày 27/9/2025 của Đại hội Đảng bộ thành phố lần thứ I và Chương trình hành động "
         "số 05-CTr/TU ngày 06/11/2025 của Ban chấp hành Đảng bộ thành phố Hải Phòng")
    assert _cits(t) == [
        ("Quyết định", "2711/QĐ-TTg", "2025-12-12", "Thủ tướng Chính phủ"),
        ("Nghị quyết", "09-NQ/ĐH", "2025-09-27", "Đại hội Đảng bộ thành phố Hải Phòng lần thứ I"),
        ("Chương trình hành động", "05-CTr/TU", "2025-11-06", "Ban Chấp hành Đảng bộ thành phố Hải Phòng"),
    ]


def test_date_in_words_and_year_in_symbol() -> None:
    assert _cits("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá") == [
        ("Nghị quyết", "57-NQ/TW", "2024-12-22", "Bộ Chính trị")]
    assert _cits("theo Nghị quyết số 226/2025/QH15 ngày 27/6/2025 của Quốc hội về thí điểm") == [
        ("Nghị quyết", "226/2025/QH15", "2025-06-27", "Quốc hội")]
    assert _cits("Thông tư số 01/2024/TT-BGDĐT.") == [("Thông tư", "01/2024/TT-BGDĐT", None, None)]


def test_without_so_and_short_forms() -> None:
    assert _cits("cụ thể hóa Nghị quyết 226/2025/QH15 trong lĩnh vực") == [
        ("Nghị quyết", "226/2025/QH15", None, None)]
    assert _cits("(Quyết định 709/QĐ-TTg). Tổ chức thực hiện") == [("Quyết định", "709/QĐ-TTg", None, None)]


def test_blank_numbers_and_bare_symbols_are_not_references() -> None:
    assert _cits("Số: /KH-UBND") == []
    assert _cits("(Kèm theo Quyết định số          /QĐ-UBND ngày    tháng    năm 2024") == []
    assert _cits("theo ký hiệu 45-NQ/TW đã nêu") == []  # no type word
    assert _cits("các Nghị quyết của Hội đồng nhân dân thành phố") == []


def test_glued_ngay_is_cut_from_symbol() -> None:
    # seed 003 footnote: "107/NQ-Cpngày 09 tháng 7 năm 2024"
    assert _cits("Theo Nghị quyết số 107/NQ-Cpngày 09 tháng 7 năm 2024 của Chính phủ") == [
        ("Nghị quyết", "107/NQ-Cp", "2024-07-09", "Chính phủ")]


def test_issuer_printed_before_and_shared_by_coordination() -> None:
    t = ("Căn cứ ý kiến của Ban Thường vụ Thành ủy tại Thông báo số 300-TB/TU ngày 09/3/2026 về việc dừng thực "
         "hiện Kết luận số 312-KL/TU ngày 15/02/2024 và Nghị quyết số 08-NQ/TU ngày 16/5/2013 của Ban Chấp hành "
         "Đảng bộ thành phố.")
    assert _cits(t) == [
        ("Thông báo", "300-TB/TU", "2026-03-09", "Ban Thường vụ Thành ủy Hải Phòng"),
        ("Kết luận", "312-KL/TU", "2024-02-15", "Ban Chấp hành Đảng bộ thành phố Hải Phòng"),
        ("Nghị quyết", "08-NQ/TU", "2013-05-16", "Ban Chấp hành Đảng bộ thành phố Hải Phòng"),
    ]


def test_issuer_keeps_own_place_and_term() -> None:
    assert match_issuer("Ủy ban nhân dân tỉnh Hải Dương (trước hợp nhất)", 0, HP, "thành phố").name == \
        "Ủy ban nhân dân tỉnh Hải Dương"
    assert match_issuer("Ban Chấp hành Trung ương Đảng (khóa XIII) “về tiếp tục", 0, HP).name == \
        "Ban Chấp hành Trung ương Đảng (khóa XIII)"
    assert match_issuer("Thủ tướng chính phủ về Chiến lược", 0).name == "Thủ tướng Chính phủ"
    assert match_issuer("Sở Khoa học và Công nghệ", 0) is None


def _ir_from_lines(text: str, name: str = "snippet.txt") -> DocumentIR:
    blocks = []
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip():
            kind = BlockKind.heading if line.strip().split(" ")[0].rstrip(".") in ("I", "II", "III") \
                else BlockKind.paragraph
            blocks.append(Block(kind=kind, text=line.strip(), line_start=i, line_end=i,
                                marker=line.split(" ")[0] if kind == BlockKind.heading else None))
    return DocumentIR(source=name, format="txt", sha256="0", blocks=blocks)


def test_relations_and_chains_in_a_small_document() -> None:
    ir = _ir_from_lines(
        "KẾ HOẠCH\n"
        "Thực hiện Quyết định số 709/QĐ-TTg ngày 23/7/2024 của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện "
        "Kết luận số 69-KL/TW ngày 11 tháng 01 năm 2024 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số "
        "20-NQ/TW ngày 01 tháng 11 năm 2012 của Ban Chấp hành Trung ương Đảng khóa XI\n"
        "I. CĂN CỨ\n"
        "- Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;\n"
        "II. NHIỆM VỤ\n"
        "1. Thực hiện hiệu quả Nghị quyết số 53/2025/NQ-HĐND ngày 11/12/2025 của Hội đồng nhân dân thành phố.\n"
        "2. Kế hoạch này thay thế Kế hoạch số 110/KH-UBND ngày 24/4/2024 của Ủy ban nhân dân thành phố Hải Phòng "
        "về việc thực hiện Kết luận số 69-KL/TW ngày 11/01/2024 của Bộ Chính trị và Kết luận số 312-KL/TU.\n")
    refs, chains, _ = extract_references(ir, DocumentHeader(jurisdiction=HP,
                                                            issuer="Ủy ban nhân dân thành phố Hải Phòng"))
    rel = {r.key: r.relation for r in refs}
    assert rel == {"709/QĐ-TTg": "implements", "69-KL/TW": "mentions", "20-NQ/TW": "mentions",
                   "57-NQ/TW": "based_on", "53/2025/NQ-HĐND": "mentions", "110/KH-UBND": "replaces",
                   "312-KL/TU": "mentions"}
    assert {(c.from_, c.to, c.relation) for c in chains} == {
        ("709/QĐ-TTg", "69-KL/TW", "implements"), ("69-KL/TW", "20-NQ/TW", "implements"),
        ("110/KH-UBND", "69-KL/TW", "implements"), ("110/KH-UBND", "312-KL/TU", "implements")}
    assert all(r.provenance is not None and r.provenance.line_start for r in refs)
    assert next(r for r in refs if r.key == "709/QĐ-TTg").provenance.line_start == 2


def test_same_symbol_two_dates_get_dated_keys_only_then() -> None:
    ir = _ir_from_lines(
        "thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng (khóa XIII)\n"
        "I. MỤC ĐÍCH\n"
        "Gắn với Nghị quyết số 45-NQ/TW, ngày 24/01/2019 của Bộ Chính trị về xây dựng thành phố.\n"
        "Quán triệt Nghị quyết số 45-NQ/TW.\n")
    refs, _, warnings = extract_references(ir, DocumentHeader(jurisdiction=HP))
    assert {(r.key, r.relation) for r in refs} == {("45-NQ/TW@2023-11-24", "implements"),
                                                   ("45-NQ/TW@2019-01-24", "mentions")}
    assert [w.code for w in warnings] == ["reference.ambiguous_date"]
    ir1 = _ir_from_lines("Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023.\nI. MỤC ĐÍCH\nNghị quyết số 45-NQ/TW.\n")
    assert [r.key for r in extract_references(ir1, DocumentHeader())[0]] == ["45-NQ/TW"]


def _load_seed(stem: str) -> DocumentIR:
    from extractors.load import load
    return load(CORPUS / f"{stem}.txt")


def _loader_ready() -> bool:
    try:
        import extractors.load.text  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _loader_ready(), reason="text loader not available")
def test_gold_references_precision_recall() -> None:
    from extractors.header import extract_header
    tp = fp = fn = 0
    ctp = cfp = cfn = 0
    implements_wrong = []
    for gf in sorted(GOLD.glob("0*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        ir = _load_seed(gf.stem)
        header, _ = extract_header(ir)
        refs, chains, _ = extract_references(ir, header)
        g = {(r["key"], r["relation"]) for r in gold["references"]}
        p = {(r.key, r.relation) for r in refs}
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        for x in sorted(g ^ p):
            print(gf.stem, "MISS" if x in g else "SPURIOUS", x)
        gi = {k for k, r in g if r == "implements"}
        pi = {k for k, r in p if r == "implements"}
        implements_wrong += sorted(gi ^ pi)
        gc = {(c["from"], c["to"], c["relation"]) for c in gold["chains"]}
        pc = {(c.from_, c.to, c.relation) for c in chains}
        ctp, cfp, cfn = ctp + len(gc & pc), cfp + len(pc - gc), cfn + len(gc - pc)
        for x in sorted(gc ^ pc):
            print(gf.stem, "CHAIN MISS" if x in gc else "CHAIN SPURIOUS", x)
    prec, rec = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * prec * rec / (prec + rec)
    cp, cr = ctp / max(1, ctp + cfp), ctp / max(1, ctp + cfn)
    print(f"references key+relation P={prec:.3f} R={rec:.3f} F1={f1:.3f}; chains P={cp:.3f} R={cr:.3f}")
    assert f1 >= 0.97
    assert implements_wrong == []
    assert cr >= 0.9 and cp >= 0.9


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_finder_never_crashes(s: str) -> None:
    for c in find_citations(s, HP, "thành phố"):
        assert 0 <= c.start < c.end <= len(s)


_PIECES = st.sampled_from(["Nghị quyết ", "số ", "45-", "NQ/TW", "2711/QĐ-TTg", " ngày ", "24/11/2023", " của ",
                           "Bộ Chính trị", " về thực hiện ", " và ", "; ", "Ủy ban nhân dân thành phố ", "Hải Phòng",
                           "Kế hoạch ", "/KH-UBND", "dừng thực hiện ", "(khóa XIII)", " ", ","])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_finder_never_crashes_on_citation_like_text(s: str) -> None:
    for c in find_citations(s, HP, "thành phố"):
        assert c.symbol is None or c.symbol.strip() == c.symbol
        ir = DocumentIR(source="x.txt", format="txt", sha256="0", blocks=[Block(kind=BlockKind.paragraph, text=s)])
        extract_references(ir, DocumentHeader(jurisdiction=HP))


def test_own_number_in_appendix_caption_is_not_a_reference() -> None:
    # held-out Thanh Hóa plan: header "Số: 215/KH-UBND", appendix caption citing the plan itself
    caption = "*(Kèm theo Kế hoạch số 215/KH-UBND ngày 18/8/2025 của Ủy ban nhân dân tỉnh Thanh Hóa)*"
    body = ("Thực hiện Chương trình hành động số 25-CTr/TU ngày 14/3/2025 của Ban Thường vụ Tỉnh ủy về thực hiện "
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;")
    ir = _ir_from_lines(body + "\n" + caption + "\n")
    header = DocumentHeader(doc_type="Kế hoạch", number="215/KH-UBND", symbol_template="KH-UBND",
                            jurisdiction="Thanh Hóa", issuer="Ủy ban nhân dân tỉnh Thanh Hóa")
    keys = {r.key for r in extract_references(ir, header)[0]}
    assert keys == {"25-CTr/TU", "57-NQ/TW"}
    # the header number was not read (blank or lost): the caption alone says it is this plan
    header_blank = header.model_copy(update={"number": None})
    assert {r.key for r in extract_references(ir, header_blank)[0]} == {"25-CTr/TU", "57-NQ/TW"}
    # without a header that says what the document is, the caption stays a reference
    assert "215/KH-UBND" in {r.key for r in extract_references(ir, DocumentHeader())[0]}


def test_caption_of_another_instrument_and_own_number_in_body() -> None:
    # a plan issued with a decision: the caption names the decision, which is another instrument
    ir = _ir_from_lines("(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 3/4/2025 của Ủy ban nhân dân tỉnh)\n"
                        "Kế hoạch số 287/KH-UBND ngày 03/11/2025 được triển khai đến các xã.\n")
    header = DocumentHeader(doc_type="Kế hoạch", number="287/KH-UBND", symbol_template="KH-UBND")
    assert {r.key for r in extract_references(ir, header)[0]} == {"12/QĐ-UBND"}
    # a caption of another plan (own number known and different) stays a reference
    ir2 = _ir_from_lines("(Kèm theo Kế hoạch số 145/KH-UBND ngày 02/6/2023 của Ủy ban nhân dân tỉnh)\n")
    assert {r.key for r in extract_references(ir2, header)[0]} == {"145/KH-UBND"}


def test_provenance_narrowed_to_the_lines_a_citation_is_printed_on() -> None:
    # held-out Quảng Ninh web export: the opening paragraph hard-wrapped over source lines 18-22
    orig = ("Thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát\n"
            "triển kinh tế tư nhân; Nghị quyết số 138/NQ-CP ngày 16/5/2025 của Chính\n"
            "phủ ban hành Kế hoạch hành động của Chính phủ thực hiện Nghị quyết số\n"
            "68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát triển kinh tế tư nhân; Ủy\n"
            "ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện, cụ thể như sau:")
    b = Block(kind=BlockKind.paragraph, text=" ".join(orig.split()), orig=orig, line_start=18, line_end=22)
    ir = DocumentIR(source="hc.txt", format="txt", sha256="0", blocks=[b])
    refs, chains, _ = extract_references(ir, DocumentHeader(jurisdiction="Quảng Ninh"))
    lines = {r.key: (r.provenance.line_start, r.provenance.line_end) for r in refs}
    assert lines == {"68-NQ/TW": (18, 18), "138/NQ-CP": (19, 20)}
    assert [(c.from_, c.to, c.provenance.line_start, c.provenance.line_end) for c in chains] == [
        ("138/NQ-CP", "68-NQ/TW", 20, 21)]
    # when cleaning changed more than white space, the block's whole span is kept (never a wrong line)
    b2 = b.model_copy(update={"orig": "**" + orig.replace("của Chính\nphủ", "của Chính\nphủ**")})
    refs2, _, _ = extract_references(DocumentIR(source="hc.txt", format="txt", sha256="0", blocks=[b2]),
                                     DocumentHeader())
    assert {(r.provenance.line_start, r.provenance.line_end) for r in refs2} == {(18, 22)}


def test_law_with_its_name_before_the_number() -> None:
    # GUIDELINES: an instrument with a number is a reference, also when the law's name stands before "số"
    assert _cits("Căn cứ Luật Phòng, chống thiên tai số 33/2013/QH13 ngày 19 tháng 6 năm 2013;") == [
        ("Luật", "33/2013/QH13", "2013-06-19", None)]
    assert _cits("- Tổ chức thi hành Luật Thủy lợi số 08/2017/QH14, bảo đảm an toàn hồ đập.") == [
        ("Luật", "08/2017/QH14", None, None)]
    assert _cits("Bộ luật Dân sự số 91/2015/QH13") == [("Bộ luật", "91/2015/QH13", None, None)]
    # an unnumbered law is still not a reference, and does not lend its type word to a later symbol
    assert _cits("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; Tờ trình 12/TTr-SYT") == [
        ("Tờ trình", "12/TTr-SYT", None, None)]
    assert _cits("thực hiện các luật chuyên ngành số 5/2020/QH14") == []  # lower-case: not a law's name


def _relations(text: str, header: DocumentHeader) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    refs, chains, _ = extract_references(_ir_from_lines(text), header)
    return {r.key: r.relation for r in refs}, {(c.from_, c.to, c.relation) for c in chains}


def test_decision_replaces_with_a_clause_between() -> None:
    rel, _ = _relations(
        "QUYẾT ĐỊNH\n"
        "Căn cứ Nghị định số 115/2025/NĐ-CP ngày 03/6/2025 của Chính phủ;\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 845/QĐ-UBND ngày 11/5/2022 "
        "của Ủy ban nhân dân tỉnh.\n"
        "Điều 4. Đề nghị thay thế thiết bị theo Thông tư số 22/2024/TT-BYT.\n",
        DocumentHeader(jurisdiction="Khánh Hòa", doc_type="Quyết định"))
    assert rel["845/QĐ-UBND"] == "replaces"
    assert rel["22/2024/TT-BYT"] == "mentions"  # 'thay thế' not said of "… này"


def test_chain_stays_inside_one_citation_phrase() -> None:
    # held-out hd line 9 shape: an alias in parentheses, then the plan's own clause "gắn với thực hiện …"
    rel, chains = _relations(
        "Thực hiện Kết luận số 61-KL/TW, ngày 03/02/2025 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số "
        "26-NQ/TW, ngày 05/8/2008 (sau đây gọi tắt là Kết luận số 61-KL/TW), gắn với thực hiện Nghị quyết Đại "
        "hội đại biểu Đảng bộ tỉnh lần thứ I, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động.\n"
        "I. MỤC TIÊU\n"
        "Phấn đấu đạt các chỉ tiêu theo Nghị quyết số 03-NQ/ĐH của Đại hội đại biểu Đảng bộ tỉnh lần thứ I.\n",
        DocumentHeader(jurisdiction="Gia Lai", issuer="Ban Thường vụ Tỉnh ủy Gia Lai"))
    assert chains == {("61-KL/TW", "26-NQ/TW", "implements")}
    assert rel == {"61-KL/TW": "implements", "26-NQ/TW": "mentions", "03-NQ/ĐH": "mentions"}


def test_replace_and_stop_in_one_item_each_keep_their_own_relation() -> None:
    """A cue governs the citations of its own clause: after ';' a new cue ('bãi bỏ', 'dừng thực hiện')
    takes over; a ';' followed only by a list marker continues the list of the cue before it."""
    rel, _ = _relations(
        "KẾ HOẠCH\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "3. Kế hoạch này thay thế Kế hoạch số 77/KH-UBND ngày 14/3/2023 của Ủy ban nhân dân tỉnh Sóc Trăng; "
        "dừng thực hiện Kế hoạch số 19/KH-UBND ngày 02/02/2024 của Ủy ban nhân dân tỉnh về chuyển đổi số.\n"
        "4. Kế hoạch này thay thế: a) Quyết định số 501/QĐ-UBND ngày 05/3/2021 của Ủy ban nhân dân tỉnh; "
        "b) Quyết định số 1203/QĐ-UBND ngày 20/6/2022 của Ủy ban nhân dân tỉnh; "
        "đồng thời thực hiện theo Thông tư số 09/2024/TT-BCT của Bộ Công Thương.\n",
        DocumentHeader(jurisdiction="Cần Thơ", issuer="Ủy ban nhân dân thành phố Cần Thơ"))
    assert rel["77/KH-UBND"] == "replaces"
    assert rel["19/KH-UBND"] == "stops"
    assert rel["501/QĐ-UBND"] == "replaces" and rel["1203/QĐ-UBND"] == "replaces"
    assert rel["09/2024/TT-BCT"] == "mentions"


def test_citation_split_between_blocks_inside_its_type_word() -> None:
    """A hard-wrapped 'Căn cứ' item whose second instrument breaks inside 'Nghị định' ends up in two blocks:
    the halves are read as one unit, and every instrument of the item is based_on."""
    ir = _ir_from_lines(
        "KẾ HOẠCH\n"
        "Căn cứ Nghị định số 163/2017/NĐ-CP ngày 30/12/2017 của Chính phủ quy định về kinh doanh dịch vụ "
        "logistics và Nghị\n"
        "định số 19/2021/NĐ-CP ngày 05/3/2021 của Chính phủ sửa đổi, bổ sung một số điều;\n"
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC TIÊU\n"
        "Thực hiện tốt Thông tư số 09/2024/TT-BCT của Bộ Công Thương.\n")
    refs, _, _ = extract_references(ir, DocumentHeader(jurisdiction="Đồng Nai"))
    rel = {r.key: r.relation for r in refs}
    assert rel == {"163/2017/NĐ-CP": "based_on", "19/2021/NĐ-CP": "based_on", "09/2024/TT-BCT": "mentions"}
    assert next(r for r in refs if r.key == "19/2021/NĐ-CP").provenance.line_start == 2


def test_numbers_listed_after_a_shared_type_word_take_it_and_the_line_relation() -> None:
    ir = _ir_from_lines(
        "KẾ HOẠCH\n"
        "I. CĂN CỨ\n"
        "Căn cứ các Thông tư của Bộ Tài chính: số 49/2024/TT-BTC ngày 16 tháng 7 năm 2024 hướng dẫn quản lý "
        "kinh phí; số 12/2023/TT-BTC ngày 01/3/2023 sửa đổi Thông tư số 40/2017/TT-BTC;\n"
        "II. NHIỆM VỤ\n"
        "1. Rà soát các nội dung: số liệu 2024 và số 15 hồ sơ tồn đọng.\n")
    refs, _, _ = extract_references(ir, DocumentHeader(jurisdiction=HP, issuer="Ủy ban nhân dân thành phố Hải Phòng"))
    got = {r.key: (r.doc_type, r.relation, r.date) for r in refs}
    assert got == {"49/2024/TT-BTC": ("Thông tư", "based_on", "2024-07-16"),
                   "12/2023/TT-BTC": ("Thông tư", "based_on", "2023-03-01"),
                   "40/2017/TT-BTC": ("Thông tư", "based_on", None)}
    cits = find_citations("Thực hiện các Quyết định: số 1/QĐ-TTg ngày 2/1/2024; số 3/QĐ-TTg")
    assert [(c.doc_type, c.symbol) for c in cits] == [("Quyết định", "1/QĐ-TTg"), ("Quyết định", "3/QĐ-TTg")]


def test_basis_line_broken_after_a_conjunction_keeps_its_cue_for_the_rest() -> None:
    ir = _ir_from_lines(
        "KẾ HOẠCH\n"
        "Căn cứ Nghị định số 52/2013/NĐ-CP ngày 16 tháng 5 năm 2013 của Chính phủ về thương mại điện tử và\n"
        "Nghị định số 85/2021/NĐ-CP ngày 25 tháng 9 năm 2021 của Chính phủ sửa đổi, bổ sung một số điều;\n"
        "Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:\n"
        "I. MỤC TIÊU\n"
        "1. Tham mưu triển khai Nghị định số 13/2023/NĐ-CP.\n")
    refs, _, _ = extract_references(ir, DocumentHeader(jurisdiction=HP, issuer="Ủy ban nhân dân thành phố Hải Phòng"))
    rel = {r.key: r.relation for r in refs}
    assert rel == {"52/2013/NĐ-CP": "based_on", "85/2021/NĐ-CP": "based_on", "13/2023/NĐ-CP": "mentions"}
    assert next(r for r in refs if r.key == "85/2021/NĐ-CP").provenance.line_start == 2


def test_symbol_case_is_canonical_so_a_title_in_capitals_gives_no_duplicate() -> None:
    # ke-hoach-1026-kh-ubnd-2025 (a real web export): the title in capitals and the body cite one directive
    from pathlib import Path as _P

    from extractors.load.text import load_text as _lt
    from extractors.references import extract_references as _er
    text = ("KẾ HOẠCH\n\nTRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 32/CT-TTG NGÀY 21/10/2025 CỦA THỦ TƯỚNG CHÍNH PHỦ\n\n"
            "Thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng Chính phủ về tăng cường công tác bảo vệ "
            "bí mật nhà nước; Chương trình số 12-CTR/TU ngày 01/3/2025.\n")
    ir = _lt(_P("kh1026.md"), text.encode("utf-8"))
    from extractors.header import extract_header as _eh
    refs, _, _ = _er(ir, _eh(ir)[0])
    keys = sorted(r.key for r in refs)
    assert keys == ["12-CTr/TU", "32/CT-TTg"]
