"""Same answers on both stores: the seed corpus (corpus/, every rendition) is extracted once, written into
Ladybug and into Neo4j, linked (lineage) and analysed (duplicates) the same way, and then EVERY `.cypher` file
under queries/ is run on both with the same parameters and compared row for row (as multisets: ties of an
ORDER BY may come in either order). The files are enumerated from disk, so a new file without a case here fails.
The shaped answers built on them (implementers with chains, lineage, requested documents, report data with
duplicates and orphans) are compared too. Needs NEO4J_URI (`make neo4j-up`); skips without it (fails in CI).
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import open_test_store
from extractors.model import Extraction
from extractors.normalize import compare_form
from graph.lineage_store import relink
from graph.store import Store, open_store, split_statements
from graph.writer import record_failure, write_extraction

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
CORPUS = ROOT / "corpus"

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def corpus_extractions() -> list[tuple[str, str, Extraction]]:
    from extractors.extract import extract_file

    out = []
    for f in sorted(CORPUS.iterdir()):
        if f.suffix in (".txt", ".docx", ".pdf"):
            out.append((f"corpus/{f.name}", hashlib.sha256(f.read_bytes()).hexdigest(), extract_file(f)))
    assert len(out) == 15
    return out


def ingest(store: Store, items: list[tuple[str, str, Extraction]]) -> None:
    from pipeline.analysis import graph_io
    from pipeline.analysis.duplicates import detect_duplicates

    from extractors.requests import attach_requests
    for file, sha, ex in items:
        ex = ex.model_copy(update={"tasks": attach_requests(ex.tasks)})
        assert write_extraction(store, ex, file=file, sha256=sha).status == "new"
    record_failure(store, "corpus/broken.pdf", "load", "CorruptDocumentError", "[E103] not a PDF")
    relink(store)  # lineage/requests, lineage/plans, clear_produces, clear_may_produce, write_*
    plans, tasks = graph_io.read_records(store)
    graph_io.write_duplicates(store, detect_duplicates(tasks, plans).pairs)  # clear/write_duplicates


CLOCK = {"ingested_at", "at", "generated_at"}  # wall-clock times of the two writes: never equal


def canon(v: Any) -> Any:
    """A value in a form that compares equal across stores: floats rounded; lists of plain values sorted
    (collect() has no order); lists of nodes/relationships (paths) keep their order; clock times dropped."""
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, dict):
        return {k: canon(x) for k, x in sorted(v.items()) if k not in CLOCK}
    if isinstance(v, list):
        items = [canon(x) for x in v]
        if all(not isinstance(x, (dict, list)) for x in items):
            return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
        return items
    return v


def as_multiset(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(canon(r), ensure_ascii=False, sort_keys=True) for r in rows)


# ---------------------------------------------------------------- the cases: one per query file

Params = Callable[[Store], list[dict[str, Any]]]


def _plans(s: Store) -> list[str]:
    return [r["id"] for r in s.execute("MATCH (p:Plan) RETURN p.id AS id ORDER BY id")]


def _files(s: Store) -> list[str]:
    return [r["f"] for r in s.execute("MATCH (p:Plan) RETURN p.file AS f ORDER BY f")]


def _symbols(s: Store) -> list[str]:
    return sorted({r["s"] for r in s.execute("MATCH (i:Instrument) RETURN i.symbol AS s")})


def _keys(s: Store) -> list[str]:
    return sorted(r["k"] for r in s.execute("MATCH (i:Instrument) RETURN i.key AS k"))


OWNER = compare_form("Sở Nội vụ")
NONE = [{}]

READS: dict[str, Params] = {
    "implementers": lambda s: [{"keys": _keys(s)}, {"keys": ["45-NQ/TW@2023-11-24"]}],
    "implementers_plans": lambda s: [{"keys": _keys(s)}, {"keys": ["45-NQ/TW@2023-11-24"]}],
    "plans_by_id": lambda s: [{"ids": _plans(s)}],
    "instruments": lambda s: [{"symbol": x} for x in _symbols(s)],
    "tasks": lambda s: [
        {"plan": "", "owner": "", "role": "", "due_before": "", "due_after": "", "overdue_at": "", "kind": ""},
        {"plan": "", "owner": OWNER, "role": "", "due_before": "", "due_after": "", "overdue_at": "", "kind": ""},
        {"plan": "", "owner": OWNER, "role": "lead", "due_before": "2026-12-31", "due_after": "2025-01-01",
         "overdue_at": "", "kind": ""},
        {"plan": "", "owner": "", "role": "support", "due_before": "", "due_after": "", "overdue_at": "2026-07-01",
         "kind": ""},
        {"plan": "", "owner": "", "role": "", "due_before": "", "due_after": "", "overdue_at": "", "kind": "year"},
        *({"plan": f, "owner": "", "role": "", "due_before": "", "due_after": "", "overdue_at": "", "kind": ""}
          for f in _files(s))],
    "indicators": lambda s: [{"plan": "", "source": "", "source_cf": ""},
                             {"plan": "", "source": "45-NQ/TW", "source_cf": compare_form("45-NQ/TW")},
                             {"plan": "", "source": "Sở Y tế", "source_cf": compare_form("Sở Y tế")},
                             *({"plan": p, "source": "", "source_cf": ""} for p in _plans(s))],
    "plan_summary": lambda s: [{"plan": ""}, *({"plan": f} for f in _files(s))],
    "org_workload": lambda s: [{"owner": "", "plan": ""}, {"owner": OWNER, "plan": ""}],
    "ambiguous": lambda s: NONE,
    "ingest_failures": lambda s: NONE,
    "lineage": lambda s: [{"plan_id": p} for p in _plans(s)],
    "lineage_requests": lambda s: [{"plan_id": p} for p in _plans(s)],
    "requested_documents": lambda s: [{"plan": ""}, *({"plan": p} for p in _plans(s))],
    "analysis/plans": lambda s: NONE,
    "analysis/tasks": lambda s: [{"plan": ""}, *({"plan": f} for f in _files(s))],
    "analysis/indicators": lambda s: NONE,
    "analysis/implements_edges": lambda s: NONE,
    "analysis/duplicates": lambda s: NONE,
    "analysis/count_duplicates": lambda s: NONE,
    "analysis/plan_fingerprints": lambda s: NONE,
    "lineage/plans": lambda s: NONE,
    "lineage/requests": lambda s: NONE,
    "lineage/links": lambda s: NONE,
    "lineage/report_edges": lambda s: NONE,
}
# write files: run by `ingest` above on both stores; their effect is read back by the read named here
WRITES: dict[str, str] = {
    "analysis/clear_duplicates": "analysis/duplicates",
    "analysis/write_duplicates": "analysis/duplicates",
    "lineage/clear_produces": "lineage/links",
    "lineage/clear_may_produce": "lineage/links",
    "lineage/write_produces": "lineage/links",
    "lineage/write_may_produce": "lineage/links",
    # the incremental steps (pipeline/analysis/incremental.py, graph/lineage_store.py) delete only changed pairs
    "analysis/delete_duplicate_pairs": "analysis/duplicates",
    "lineage/delete_produces_of": "lineage/links",
    "lineage/delete_may_produce_of": "lineage/links",
}


def query_files() -> dict[str, str]:
    out = {}
    for p in sorted(QUERIES.rglob("*.cypher")):
        stmts = split_statements(p.read_text(encoding="utf-8"))
        assert len(stmts) == 1, p
        out[p.relative_to(QUERIES).with_suffix("").as_posix()] = stmts[0]
    return out


def test_every_query_file_has_a_case() -> None:
    files = set(query_files())
    assert len(files) >= 26
    assert files == set(READS) | set(WRITES), "a queries/ file with no equivalence case (or a stale case)"
    assert set(WRITES.values()) <= set(READS)


@pytest.fixture(scope="module")
def both(corpus_extractions, tmp_path_factory) -> Iterator[tuple[Store, Store]]:
    lb = open_store(tmp_path_factory.mktemp("equiv") / "store")
    neo = open_test_store("neo4j", Path("unused"))
    try:
        ingest(lb, corpus_extractions)
        ingest(neo, corpus_extractions)
        yield lb, neo
    finally:
        lb.close()
        neo.close()


def test_same_graph_on_both_stores(both) -> None:
    lb, neo = both
    assert lb.counts() == neo.counts()
    assert lb.counts()["nodes"] > 300
    for label in ("Plan", "Task", "Indicator", "Instrument", "Organization", "IngestLog"):
        q = f"MATCH (n:{label}) RETURN n"
        assert as_multiset(lb.execute(q)) == as_multiset(neo.execute(q)), label


@pytest.mark.parametrize("name", sorted(READS))
def test_query_file_answers_the_same(both, name: str) -> None:
    lb, neo = both
    text = query_files()[name]
    params_l, params_n = READS[name](lb), READS[name](neo)
    assert params_l == params_n
    total = 0
    for params in params_l:
        a, b = lb.execute(text, params), neo.execute(text, params)
        assert as_multiset(a) == as_multiset(b), f"{name} {params}"
        total += len(a)
    if name not in ("ambiguous", "lineage/links", "lineage/report_edges", "lineage_requests"):
        assert total > 0, f"{name} answered nothing on the corpus: the comparison would prove nothing"


def test_shaped_answers_the_same(both) -> None:
    from pipeline.analysis.duplicates import detect_duplicates
    from pipeline.analysis import graph_io
    from pipeline.analysis.orphans import find_orphans
    from pipeline.report import report_data_from_store
    from queries import run as q
    from queries.lineage import lineage, requested_documents

    lb, neo = both
    a, b = q.implementers(lb, "45-NQ/TW", date="2023-11-24"), q.implementers(neo, "45-NQ/TW", date="2023-11-24")
    assert a.rows and [(r["file"], r["chain"], r["relations"]) for r in a.rows] == \
        [(r["file"], r["chain"], r["relations"]) for r in b.rows]
    assert (a.targets, a.note) == (b.targets, b.note)
    for sym in ("45-NQ/TW", "2711/QĐ-TTg"):
        x, y = q.implementers(lb, sym), q.implementers(neo, sym)
        assert canon(x.rows) == canon(y.rows) and x.note == y.note
    at = date(2026, 6, 1)
    assert canon(requested_documents(lb, at=at)) == canon(requested_documents(neo, at=at))
    for f in _files(lb):
        x, y = lineage(lb, f, at=at), lineage(neo, f, at=at)
        assert canon(x.instruments) == canon(y.instruments) and canon(x.requests) == canon(y.requests)
    pl, tl = graph_io.read_records(lb)
    pn, tn = graph_io.read_records(neo)
    assert as_multiset([p.model_dump() for p in pl]) == as_multiset([p.model_dump() for p in pn])
    assert as_multiset([t.model_dump() for t in tl]) == as_multiset([t.model_dump() for t in tn])
    da, db = detect_duplicates(tl, pl), detect_duplicates(tn, pn)
    assert as_multiset([p.model_dump() for p in da.pairs]) == as_multiset([p.model_dump() for p in db.pairs])
    assert as_multiset([o.model_dump() for o in find_orphans(tl, pl)]) == \
        as_multiset([o.model_dump() for o in find_orphans(tn, pn)])
    ra, rb = report_data_from_store(lb), report_data_from_store(neo)
    for part in ("plans", "tasks", "edges", "indicators", "orphans"):
        assert as_multiset([x.model_dump() for x in getattr(ra, part)]) == \
            as_multiset([x.model_dump() for x in getattr(rb, part)]), part
    assert as_multiset([p.model_dump() for p in ra.duplicates.pairs]) == \
        as_multiset([p.model_dump() for p in rb.duplicates.pairs])



