"""Duplicate detection on the gold tasks of the corpus (real text)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.model import Extraction
from extractors.normalize import compare_form
from pipeline.analysis.duplicates import DuplicateSettings, detect_duplicates
from pipeline.analysis.records import PlanRecord, TaskRecord, records_from_extraction

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="module")
def gold_records() -> tuple[list[PlanRecord], list[TaskRecord]]:
    files = sorted(GOLD.glob("*.json"))
    if not files:
        pytest.skip(f"no gold files in {GOLD}")
    plans, recs = [], []
    for f in files:
        p, t = records_from_extraction(Extraction.model_validate(json.loads(f.read_text("utf-8"))))
        plans.append(p)
        recs += t
    return plans, recs


def _cluster_with(result, key):
    return next((c for c in result.clusters if key in {m.key for m in c.members}), None)


def test_hai_phong_marine_centre_scheme_found_across_plans_with_deadline_conflict(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "000_587713ccb05920a7#1")
    assert c is not None
    keys = {m.key for m in c.members}
    assert "004_4d82e5c661ccd206#3.7" in keys
    assert c.cross_plan
    kinds = {x.kind for x in c.conflicts}
    assert "deadline" in kinds
    dl = next(x for x in c.conflicts if x.kind == "deadline").values
    assert dl["000_587713ccb05920a7#1"] == "Tháng 12/2026"
    assert dl["004_4d82e5c661ccd206#3.7"] == "Trong năm 2026"
    # same lead (Sở Khoa học và Công nghệ) in both: no lead conflict
    assert "lead" not in kinds
    assert all("trung tâm quốc tế" in compare_form(m.text) for m in c.members)


def test_parallel_items_differing_in_one_slot_are_not_duplicates(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "004_4d82e5c661ccd206#4.3")
    assert c is None or "004_4d82e5c661ccd206#4.4" not in {m.key for m in c.members}


def test_identical_wording_with_different_leads_reports_lead_conflict(gold_records):
    plans, recs = gold_records
    res = detect_duplicates(recs, plans)
    c = _cluster_with(res, "000_587713ccb05920a7#IV.4")
    assert c is not None
    assert {m.task_id for m in c.members} == {"IV.2/bullet-2", "IV.3/bullet-2", "IV.4"}
    assert [x.kind for x in c.conflicts] == ["lead"]


def test_threshold_is_configurable(gold_records):
    plans, recs = gold_records
    strict = detect_duplicates(recs, plans, {"nested_threshold": 0.95, "threshold": 0.99})
    assert _cluster_with(strict, "000_587713ccb05920a7#1") is None
    loose = detect_duplicates(recs, plans, DuplicateSettings(threshold=0.8))
    assert len(loose.pairs) > len(detect_duplicates(recs, plans).pairs)


# ---------------------------------------------------------------- labelled pairs (evaluation data)
from extractors.normalize import base_letters  # noqa: E402
from pipeline.analysis.duplicate_eval import DEFAULT_PAIRS, evaluate_duplicates, load_pairs  # noqa: E402
from pipeline.analysis.textsim import load_boilerplate, syllable_weights, syllables  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def corpus_letters() -> dict[str, str]:
    return {f.stem: base_letters(f.read_text("utf-8")) for f in CORPUS.glob("*.txt")}


def test_labelled_pairs_are_real_corpus_text_within_and_across_plans(corpus_letters, gold_records):
    gold_text = {r.key: r.text for r in gold_records[1]}
    ps = load_pairs(DEFAULT_PAIRS)
    assert len(ps.pairs) >= 30
    for p in ps.pairs:
        assert p.why.strip()
        for t in (p.a, p.b):
            # a gold task is quoted as the gold file has it (cells wrapped over lines and page breaks
            # re-joined); any other text is found whole in its seed
            letters, seed = base_letters(t.text), corpus_letters[t.plan]
            if t.key in gold_text:
                assert t.text == gold_text[t.key], t.key
                assert letters[:20] in seed, t.key
            else:
                assert letters in seed, (t.key, t.text[:60])
    pos = [p for p in ps.pairs if p.duplicate]
    neg = [p for p in ps.pairs if not p.duplicate]
    assert len(pos) >= 10 and len(neg) >= 10
    assert any(p.a.plan == p.b.plan for p in pos) and any(p.a.plan != p.b.plan for p in pos)
    assert any(p.a.plan == p.b.plan for p in neg) and any(p.a.plan != p.b.plan for p in neg)


def test_precision_and_recall_on_labelled_pairs_at_least_0_9():
    ev = evaluate_duplicates(DEFAULT_PAIRS, gold_dir=GOLD)
    assert ev.n_pairs == len(load_pairs().pairs)
    assert ev.precision >= 0.9, [e.model_dump() for e in ev.errors()]
    assert ev.recall >= 0.9, [e.model_dump() for e in ev.errors()]


def test_without_the_jurisdiction_rule_cross_province_lookalikes_become_false_positives():
    # the rule is what keeps Hải Phòng's and Hưng Yên's campaigns apart: switching it off must cost precision
    ev = evaluate_duplicates(DEFAULT_PAIRS, settings={"same_jurisdiction": False})
    assert ev.fp >= 1
    assert ev.precision < 1.0


def test_boilerplate_phrases_match_their_examples_and_examples_are_corpus_text(corpus_letters):
    import json as _json

    from pipeline.analysis.textsim import DATA_FILE
    raw = _json.loads(DATA_FILE.read_text("utf-8"))
    every = "".join(corpus_letters.values())
    for p in raw["phrases"]:
        seq = syllables(p["phrase"])
        assert 0 <= p["weight"] <= 1
        for ex in p["examples"]:
            s = syllables(ex)
            assert any(s[i:i + len(seq)] == seq for i in range(len(s))), (p["phrase"], ex)
            assert base_letters(ex) in every, ex
    for item in raw["expansions"]["items"]:
        for ex in item["examples"]:
            assert base_letters(ex) in every, ex
            assert " ".join(syllables(item["full"])) in " ".join(syllables(ex)), (item["abbr"], ex)


def test_boilerplate_is_weighted_down_and_content_kept():
    s = syllables("Tiếp tục triển khai thực hiện có hiệu quả Nghị quyết số 53/2025/NQ-HĐND")
    w = dict(zip(s, syllable_weights(s, load_boilerplate())))
    assert w["tiếp"] < 0.5 and w["hiệu"] < 0.5
    assert w["nghị"] == 1.0 and w["53/2025/nq-hđnd"] == 1.0  # a symbol stays one token, not expanded


# ---------------------------------------------------------------- graph layer and CLI
import hashlib  # noqa: E402

from typer.testing import CliRunner  # noqa: E402


def _ingest_gold(store) -> None:
    from graph.writer import write_extraction
    for f in sorted(GOLD.glob("*.json")):
        src = CORPUS / f"{f.stem}.txt"
        write_extraction(store, Extraction.model_validate(json.loads(f.read_text("utf-8"))), file=str(src),
                         sha256=hashlib.sha256(src.read_bytes()).hexdigest())


def test_duplicates_written_to_the_graph_and_rewritten_idempotently(graph_store):
    from pipeline.analysis import graph_io
    from pipeline.analysis.orphans import find_orphans
    _ingest_gold(graph_store)
    plans, tasks = graph_io.read_records(graph_store)
    assert len(tasks) == sum(len(json.loads(f.read_text("utf-8"))["tasks"]) for f in GOLD.glob("*.json"))
    res = detect_duplicates(tasks, plans)
    assert graph_io.write_duplicates(graph_store, res.pairs) == len(res.pairs)
    edges = graph_io.read_duplicate_edges(graph_store)
    assert len(edges) == len(res.pairs)
    ordinal = {t.key: (Path(t.file).stem, t.task_id) for t in tasks}
    linked = {frozenset((ordinal[e["a_id"]], ordinal[e["b_id"]])): e for e in edges}
    e = linked[frozenset({("000_587713ccb05920a7", "1"), ("004_4d82e5c661ccd206", "3.7")})]
    assert e["method"].startswith("minhash-lsh+tfidf-cosine") and 0.5 <= e["score"] <= 1.0
    graph_io.write_duplicates(graph_store, res.pairs)  # a second run replaces, never adds
    assert len(graph_io.read_duplicate_edges(graph_store)) == len(res.pairs)
    gen = {ordinal[o.key] for o in find_orphans(tasks, plans) if o.reason == "generic_lead_only"}
    assert ("004_4d82e5c661ccd206", "1.1") in gen


def test_cli_duplicates_reads_the_store_and_input_files(tmp_path):
    from graph.store import open_store
    from pipeline.cli import _load_commands, app
    _load_commands()
    store = tmp_path / "store"
    with open_store(store) as st:
        _ingest_gold(st)
    runner = CliRunner()
    r = runner.invoke(app, ["duplicates", "--store", str(store), "--format", "json", "--plan", "004_4d82e5c661ccd206"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert {(x["plan"], x["task"]) for x in rows} >= {("000_587713ccb05920a7", "1"), ("004_4d82e5c661ccd206", "3.7")}
    assert all(x["cluster"] for x in rows)
    from pipeline.analysis import graph_io
    with open_store(store, read_only=True) as st:
        assert not graph_io.read_duplicate_edges(st)  # a listing never writes
    r = runner.invoke(app, ["analyse", "--store", str(store), "--format", "json"])
    assert r.exit_code == 0, r.output
    with open_store(store, read_only=True) as st:
        assert graph_io.read_duplicate_edges(st)  # `analyse` writes them
    r = runner.invoke(app, ["duplicates", "--input", str(GOLD), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].lstrip("\ufeff").startswith(
        "cluster,plan,task,text,lead,deadline,conflicts,score,file,line")
    r = runner.invoke(app, ["orphans", "--store", str(store), "--format", "json", "--reason", "generic_lead_only",
                            "--plan", "004_4d82e5c661ccd206"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert ("004_4d82e5c661ccd206", "1.1") in {(x["plan"], x["task"]) for x in rows}
    assert {x["reason"] for x in rows} == {"generic_lead_only"}
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", "--store", str(store), "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)[0]["plans"] == 3 and "<svg" in out.read_text("utf-8")


# ---------------------------------------------------------------- scaling: blocking, prefilter, vectorised scoring
import numpy as np  # noqa: E402

from pipeline.analysis import blocking  # noqa: E402
from pipeline.analysis.textsim import TextIndex  # noqa: E402


def _gold_shingle_sets(recs):
    index = TextIndex([r.text for r in recs])
    vocab: dict[str, int] = {}
    sets = []
    for i in range(len(recs)):
        c = index.content(i)
        sets.append(np.array(sorted({vocab.setdefault(f"{p} {q}", len(vocab)) for p, q in zip(c, c[1:])}),
                             dtype=np.int64))
    return sets


def test_blocking_within_blocks_gives_the_global_candidates_that_the_rule_keeps(gold_records):
    _, recs = gold_records
    sets = _gold_shingle_sets(recs)
    sig = blocking.minhash_signatures(sets, 128)
    valid = np.array([len(s) > 0 for s in sets])
    everywhere, _ = blocking.candidate_pairs(sig, None, valid, 0.3, max_bucket=10_000)
    # a block per plan and per half of each plan's tasks (stand-ins for jurisdictions); one plan's block left
    # unknown: its tasks must still meet every block
    codes: dict[tuple[str, int], int] = {}
    unknown_plan = recs[0].plan_id
    block = np.array([-1 if r.plan_id == unknown_plan else codes.setdefault((r.plan_id, i % 2), len(codes))
                      for i, r in enumerate(recs)])
    assert len(set(block.tolist())) >= 4
    within, st = blocking.candidate_pairs(sig, block, valid, 0.3, max_bucket=10_000)
    expected = {(int(a), int(b)) for a, b in everywhere
                if block[a] == block[b] or block[a] < 0 or block[b] < 0}
    assert {(int(a), int(b)) for a, b in within} == expected
    assert 0 < len(expected) < len(everywhere)
    assert st.pairs == len(expected)


def test_oversized_buckets_are_split_then_skipped_and_counted(gold_records):
    _, recs = gold_records
    sets = _gold_shingle_sets(recs)
    # the same boilerplate task 40 times (different plans would print it so) plus the gold tasks
    sets = sets + [sets[0]] * 40
    sig = blocking.minhash_signatures(sets, 128)
    full, st_full = blocking.candidate_pairs(sig, max_bucket=10_000)
    capped, st = blocking.candidate_pairs(sig, max_bucket=20)
    assert st_full.skipped_buckets == 0 and st.oversized_buckets > 0 and st.skipped_buckets > 0
    assert st.skipped_pairs >= 41 * 40 // 2  # at least the boilerplate bucket's pairs, counted not generated
    assert len(capped) < len(full)
    got = {(int(a), int(b)) for a, b in capped}
    # gold pairs away from the boilerplate rows (which share no bucket with them) are all still there
    near = {int(x) for a, b in full if a == 0 for x in (a, b)}
    away = {(int(a), int(b)) for a, b in full if a not in near and b not in near}
    assert len(away) > 20 and away <= got


def test_vectorised_scores_equal_per_pair_scores_on_gold_tasks(gold_records):
    _, recs = gold_records
    index = TextIndex([r.text for r in recs])
    n = len(recs)
    I, J = np.triu_indices(n, 1)
    sc = index.score_pairs(I, J, batch=1000)  # every pair, in several batches
    pick = np.concatenate([np.random.default_rng(3).choice(len(I), 200, replace=False),
                           np.argsort(-sc.cosine)[:30], np.argsort(-sc.nested)[:30]])
    for p in pick:
        c = index.compare(int(I[p]), int(J[p]))
        assert abs(c.cosine - sc.cosine[p]) < 1e-9
        assert abs(c.nested_syllables - sc.nested[p]) < 1e-9
    assert (sc.cosine[pick] > 0.9).any() and (sc.cosine[pick] < 0.2).any() and (sc.nested[pick] == 1.0).any()


def test_syllable_nesting_survives_a_cut_inside_a_compound_word():
    ps = load_pairs()
    long = next(p.a.text for p in ps.pairs if p.a.key == "002_f12611c6ca2b86fe#IV.2/bullet-1")
    short = "Xây dựng cơ sở dữ liệu về đội ngũ trí thức thuộc thẩm quyền quản"  # "quản lý" cut after "quản"
    assert base_letters(short) in base_letters(long)
    index = TextIndex([long, short])
    c = index.compare(0, 1)
    assert c.nested_syllables == 1.0
    assert c.nested < c.nested_syllables


def test_a_short_task_inside_a_long_one_is_found_through_window_blocking(gold_records):
    plans, recs = gold_records
    ps = load_pairs()
    p = next(p for p in ps.pairs if p.a.key == "002_f12611c6ca2b86fe#IV.2/bullet-1")
    a = TaskRecord(plan_id="x", task_id="long", text=p.a.text)
    b = TaskRecord(plan_id="x", task_id="short", text=p.b.text)
    index = TextIndex([a.text, b.text])
    A, B = ({f"{x} {y}" for x, y in zip(c, c[1:])} for c in (index.content(0), index.content(1)))
    assert len(A & B) / len(A | B) < 0.35  # the whole long text is a poor blocking key for the short one
    for seed_recs in (recs, []):
        res = detect_duplicates([a, b] + list(seed_recs), plans)
        assert ("x#long", "x#short") in {(q.a, q.b) for q in res.pairs}
        assert res.stats["blocking_units"] > res.stats["content_groups"]


def test_prefilter_changes_no_verdict_on_the_gold_tasks(gold_records):
    plans, recs = gold_records
    with_pf = detect_duplicates(recs, plans)
    without = detect_duplicates(recs, plans, {"prefilter_margin": 1.0})
    assert [(p.a, p.b, p.rule) for p in with_pf.pairs] == [(p.a, p.b, p.rule) for p in without.pairs]
    assert with_pf.stats["prefiltered_out"] > 0 and without.stats["prefiltered_out"] == 0
    assert with_pf.stats["scored"] < without.stats["scored"]


def test_progress_is_reported_per_stage_and_silent_off_a_terminal(gold_records):
    from pipeline.analysis.progress import stderr_progress
    plans, recs = gold_records
    seen: list[tuple[str, int, int]] = []
    detect_duplicates(recs, plans, progress=lambda st, d, t: seen.append((st, d, t)))
    stages = [s for s, _, _ in seen]
    assert {"prepare", "blocking", "segment", "score"} <= set(stages)
    assert ("prepare", len(recs), len(recs)) in seen
    with stderr_progress() as cb:  # pytest captures stderr: not a terminal
        assert cb is None
    with stderr_progress(force=True) as cb:
        assert cb is not None
        cb("score", 1, 2)


def test_a_text_of_common_bigrams_still_meets_itself_with_a_word_doubled(gold_records):
    from pipeline.analysis.duplicates import _shingle_sets
    plans, recs = gold_records
    src = next(r for r in recs if r.key == "004_4d82e5c661ccd206#4.3")
    words = src.text.split()
    doubled = " ".join(words[:3] + [words[2]] + words[3:])
    a = TaskRecord(plan_id=src.plan_id, task_id="a", text=src.text)
    b = TaskRecord(plan_id=src.plan_id, task_id="b", text=doubled)
    index = TextIndex([a.text, b.text])
    contents = [index.content(0), index.content(1)]
    # every bigram the two share is "common" (df 2 > 1); the doubled word's bigram is the one rare feature
    flat, indptr, owner = _shingle_sets(contents, 0, common_df=1, min_rare=1)
    sets = [set(flat[indptr[k]:indptr[k + 1]].tolist()) for k in range(len(owner))]
    by_text = {t: set().union(*[sets[k] for k in range(len(owner)) if owner[k] == t]) for t in (0, 1)}
    assert not by_text[0] & by_text[1]  # blocked on rare bigrams alone, the two can never meet
    flat, indptr, owner = _shingle_sets(contents, 0, common_df=1, min_rare=3)
    whole_b = [set(flat[indptr[k]:indptr[k + 1]].tolist()) for k in range(len(owner)) if owner[k] == 1]
    assert len(whole_b) == 2 and any(len(x) > 1 for x in whole_b)  # rare-only set and whole set
    # end to end: a third variant makes the shared bigrams common (in 3 content groups > 2)
    c = TaskRecord(plan_id=src.plan_id, task_id="c", text=doubled + " " + words[-1])
    pair = (f"{src.plan_id}#a", f"{src.plan_id}#b")
    res = detect_duplicates([a, b, c] + list(recs), plans, {"common_shingle_df": 2})
    assert pair in {(p.a, p.b) for p in res.pairs}
    res = detect_duplicates([a, b, c] + list(recs), plans, {"common_shingle_df": 2, "min_rare_shingles": 1})
    assert pair not in {(p.a, p.b) for p in res.pairs}
