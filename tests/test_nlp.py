"""spaCy pipeline: underthesea tokens aligned to the source (doc.text == input, exact offsets), rule entities."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.nlp import align_tokens, entities, get_nlp

ROOT = Path(__file__).resolve().parents[1]


def test_pipeline_is_built_once() -> None:
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names == ["plangraph_entities"]


def test_whole_seed_round_trips_with_exact_offsets() -> None:
    text = (ROOT / "corpus" / "000_587713ccb05920a7.txt").read_text(encoding="utf-8")
    doc = get_nlp()(text)
    assert doc.text == text
    for tok in list(doc)[:2000]:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
    for span in doc.spans["plangraph"]:
        assert text[span.start_char:span.end_char] == span.text


def test_rewritten_tokens_still_align() -> None:
    # underthesea writes "hóa" for the source's "hoá"; the token must cover the source characters
    text = "công nghiệp hoá, hiện đại hoá"
    spans = align_tokens(text, ["công nghiệp", "hóa", ",", "hiện đại", "hóa"])
    assert [text[a:b] for a, b in spans] == ["công nghiệp", "hoá", ",", "hiện đại", "hoá"]


def test_entities_on_a_corpus_sentence() -> None:
    # seed 004, a "Căn cứ" bullet
    t = ("Căn cứ ý kiến của Ban Thường vụ Thành ủy tại Thông báo số 300-TB/TU ngày 09/3/2026 về việc dừng thực hiện "
         "Kết luận số 312-KL/TU ngày 15/02/2024. Hoàn thành trong quý II/2026.")
    got = [(e.label, e.text) for e in entities(t)]
    assert ("REF", "Thông báo số 300-TB/TU ngày 09/3/2026") in got
    assert ("REF", "Kết luận số 312-KL/TU ngày 15/02/2024") in got
    assert ("ORG", "Ban Thường vụ Thành ủy") in got
    assert ("DEADLINE", "Hoàn thành trong quý II/2026") in got
    for label, start, end, text in entities(t):
        assert t[start:end] == text


def test_to_disk_works(tmp_path: Path) -> None:
    get_nlp().to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "config.cfg").exists()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêoôơuưyhoáàảãạớ ờ\n\t.,;/-0123456789NQTWĐ")), max_size=80))
def test_doc_text_equals_input(s: str) -> None:
    assert get_nlp()(s).text == s
