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


def test_a_corrupt_preferred_rendition_falls_back_to_the_next(tmp_path):
    """issue 17: a broken plan.docx no longer hides the good plan.txt of the same document."""
    import shutil

    from pipeline.flows import run_ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "003_b56b735dd1cef0ee.txt", docs / "plan.txt")
    shutil.copy(CORPUS / "003_b56b735dd1cef0ee.pdf", docs / "plan.pdf")
    (docs / "plan.docx").write_bytes(b"PK\x03\x04 not a zip archive at all")
    store = str(tmp_path / "g")
    first = run_ingest([docs], {"store": store})
    assert first.new == 1 and first.tasks > 0, first.failures
    assert [(f.file, f.stage) for f in first.failures] == [(str(docs / "plan.docx"), "load")]
    assert first.renditions_skipped == [str(docs / "plan.pdf")]  # plan.txt was used, plan.pdf not needed
    second = run_ingest([docs], {"store": store})  # the stored rendition (plan.txt) is kept from now on
    assert (second.new, second.unchanged, second.failed) == (0, 1, 0)
