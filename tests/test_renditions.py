"""One document in several formats is ingested once (pipeline.flows.pick_renditions)."""
from pathlib import Path

from pipeline.flows import discover, pick_renditions

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_corpus_renditions_collapse_to_one_file_per_seed():
    files = discover([CORPUS], (".txt", ".md", ".docx", ".pdf"))
    kept, skipped = pick_renditions(files)
    assert len(files) == 15
    assert [f.suffix for f in kept] == [".docx"] * 5
    assert len(skipped) == 10 and {f.stem for f in skipped} == {f.stem for f in kept}


def test_the_rendition_already_stored_is_kept(tmp_path):
    for suf in (".txt", ".pdf", ".docx"):
        (tmp_path / f"plan{suf}").write_bytes(b"x")
    (tmp_path / "other.pdf").write_bytes(b"x")
    (tmp_path / "old.doc").write_bytes(b"x")  # unreadable: kept so that its failure is reported
    files = sorted(tmp_path.iterdir())
    kept, skipped = pick_renditions(files, stored=[str(tmp_path / "plan.txt")])
    assert [f.name for f in kept] == ["old.doc", "other.pdf", "plan.txt"]
    assert [f.name for f in skipped] == ["plan.docx", "plan.pdf"]


def test_same_stem_in_different_folders_are_different_documents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.pdf"]
    assert pick_renditions(files) == (sorted(files), [])
