"""Duplicate tasks within a plan and across plans.

Steps (each inspectable):
1. `content_key` per task: the content syllables of its comparable form (boilerplate and function words
   dropped). Tasks with the same key are identical work in different words of no weight ("Tiếp tục X" / "X").
2. Blocking: MinHash LSH (datasketch) over syllable bigrams of one representative per key -> candidate pairs.
   Near-linear in the number of tasks; no all-pairs comparison.
3. Scoring: TF-IDF over underthesea word segments (boilerplate weighted down). A pair is a duplicate when
   - one text lies (almost) wholly inside the other (`nested >= nested_min`) and cosine >= `nested_threshold`
     ("Hoàn thành xây dựng Đề án X" inside "Tham mưu ... xây dựng Đề án X"), or
   - both texts carry words the other lacks and cosine >= `threshold` (a paraphrase; parallel items that
     differ in one slot, "... được triển khai hàng năm" / "... được nghiệm thu hàng năm", stay apart).
   Pairs across plans of different jurisdictions are not duplicates by default: the same wording in the Hải
   Phòng and the Hưng Yên plan is two provinces' work (`same_jurisdiction`).
4. Clusters: connected components (networkx) of the duplicate pairs; for each, members with provenance,
   their leads and deadlines, and conflicts (different lead, different deadline for the same work).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Sequence

import networkx as nx
import numpy as np
from pydantic import BaseModel, Field

from extractors.normalize import compare_form
from pipeline.analysis.records import PlanRecord, TaskRecord
from pipeline.analysis import blocking
from pipeline.analysis.blocking import minhash_signatures
from pipeline.analysis.textsim import Boilerplate, Progress, TextIndex, load_boilerplate

METHOD = "minhash-lsh+tfidf-cosine"


class DuplicateSettings(BaseModel):
    threshold: float = Field(0.9, ge=0, le=1, description="cosine needed when both texts add words")
    nested_threshold: float = Field(0.5, ge=0, le=1, description="cosine needed when one text is inside the other")
    nested_min: float = Field(0.95, ge=0, le=1, description="share of a text's weight found in the other to call it nested")
    lsh_threshold: float = Field(0.3, gt=0, le=1, description="MinHash LSH Jaccard threshold for candidates")
    common_shingle_df: int = Field(100, ge=2, description="bigrams shared by more than this many tasks are left "
                                   "out of blocking (a texts keeps all its bigrams when every one is that common)")
    window: int = Field(16, ge=0, description="texts longer than this many content syllables are also blocked "
                        "by half-overlapping windows of it, so a short task inside a long one is a candidate (0: off)")
    max_bucket: int = Field(500, ge=2, description="an LSH bucket with more members than this (boilerplate "
                            "shared by a whole block) is split once more, then skipped and counted")
    prefilter_margin: float = Field(0.3, ge=0, le=1, description="a candidate reaches word scoring when its "
                                    "syllable TF-IDF cosine is at least `threshold` minus this, or when one text's "
                                    "syllables lie inside the other's (on the corpus, word cosine >= 0.9 came with "
                                    "syllable cosine >= 0.89, word cosine >= 0.8 with >= 0.72)")
    num_perm: int = Field(128, ge=16)
    same_jurisdiction: bool = True
    within_plan: bool = True
    across_plans: bool = True

    @classmethod
    def coerce(cls, s: "DuplicateSettings | dict | None") -> "DuplicateSettings":
        if s is None:
            return cls()
        return s if isinstance(s, cls) else cls.model_validate(s)


class DuplicatePair(BaseModel):
    a: str  # TaskRecord.key
    b: str
    score: float
    cosine: float
    nested: float
    rule: str  # identical | nested | similar
    method: str = METHOD


class Member(BaseModel):
    key: str
    plan_id: str
    task_id: str
    text: str
    lead: list[str]
    support: list[str]
    deadline_raw: str | None
    deadline_kind: str
    deadline_start: str | None
    deadline_end: str | None
    provenance: dict[str, str | int | None]


class Conflict(BaseModel):
    kind: str  # lead | deadline
    values: dict[str, str]  # member key -> the value it has


class Cluster(BaseModel):
    id: int
    members: list[Member]
    pairs: list[DuplicatePair]
    plans: list[str]
    conflicts: list[Conflict]

    @property
    def cross_plan(self) -> bool:
        return len(self.plans) > 1


class DuplicateResult(BaseModel):
    settings: DuplicateSettings
    n_tasks: int
    n_candidates: int
    pairs: list[DuplicatePair]
    clusters: list[Cluster]
    stats: dict[str, int] = Field(default_factory=dict)  # what each step did (blocking, prefilter, scoring)


def _jurisdiction(plans: dict[str, PlanRecord], plan_id: str) -> str | None:
    p = plans.get(plan_id)
    return compare_form(p.jurisdiction) if p and p.jurisdiction else None


def candidate_pairs(shingle_sets: Sequence[set[bytes]], lsh_threshold: float = 0.3,
                    num_perm: int = 128) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose shingle sets MinHash LSH puts in a common bucket (one global block)."""
    vocab: dict[bytes, int] = {}
    sets = [np.fromiter((vocab.setdefault(x, len(vocab)) for x in sh), dtype=np.int64, count=len(sh))
            for sh in shingle_sets]
    sig = minhash_signatures(sets, num_perm)
    pairs, _ = blocking.candidate_pairs(sig, valid=np.array([len(x) > 0 for x in sets], dtype=bool),
                                        threshold=lsh_threshold, max_bucket=max(2, len(sets)))
    return {(int(i), int(j)) for i, j in pairs}


def _allowed(a: TaskRecord, b: TaskRecord, plans: dict[str, PlanRecord], s: DuplicateSettings) -> bool:
    if a.plan_id == b.plan_id:
        return s.within_plan
    if not s.across_plans:
        return False
    if s.same_jurisdiction:
        ja, jb = _jurisdiction(plans, a.plan_id), _jurisdiction(plans, b.plan_id)
        if ja and jb and ja != jb:
            return False
    return True


def _block_codes(records: Sequence[TaskRecord], plans: dict[str, PlanRecord], s: DuplicateSettings) -> np.ndarray:
    """Block per task for LSH: only tasks of one block can pair (-1: unknown, pairs with every block).

    Within plans only -> the plan; across plans of one province (the default) -> the jurisdiction, -1 when
    the plan has none; `same_jurisdiction=False` (`--any-jurisdiction`) -> one global block.
    """
    codes: dict[str, int] = {}
    out = np.zeros(len(records), dtype=np.int64)
    if s.across_plans and not s.same_jurisdiction:
        return out
    for k, r in enumerate(records):
        key = r.plan_id if not s.across_plans else _jurisdiction(plans, r.plan_id)
        out[k] = -1 if key is None else codes.setdefault(key, len(codes))
    return out


def find_duplicate_pairs(records: Sequence[TaskRecord], plans: dict[str, PlanRecord] | None = None,
                         settings: DuplicateSettings | dict | None = None,
                         bp: Boilerplate | None = None) -> tuple[list[DuplicatePair], int]:
    """Verified duplicate pairs among `records`, and the number of candidate pairs from blocking."""
    pairs, stats = find_duplicate_pairs_stats(records, plans, settings, bp)
    return pairs, stats["candidates"]


def find_duplicate_pairs_stats(records: Sequence[TaskRecord], plans: dict[str, PlanRecord] | None = None,
                               settings: DuplicateSettings | dict | None = None,
                               bp: Boilerplate | None = None, progress: Progress | None = None
                               ) -> tuple[list[DuplicatePair], dict[str, int]]:
    """Verified duplicate pairs among `records`, and what each step did (counts)."""
    s = DuplicateSettings.coerce(settings)
    plans = plans or {}
    bp = bp or load_boilerplate()
    stats: dict[str, int] = {"tasks": len(records)}
    if not records or not (s.within_plan or s.across_plans):
        stats.update(candidates=0, prefiltered_out=0, scored=0, segmented=0)
        return [], stats
    # 0. every text tokenised and weighted once (IDF over the whole collection)
    index = TextIndex([r.text for r in records], bp, progress=progress)
    # 1. identical content
    groups: dict[str, list[int]] = defaultdict(list)
    for i in range(len(records)):
        groups[" ".join(index.content(i))].append(i)
    pairs: list[DuplicatePair] = []
    keys = list(groups)
    members_of = [groups[k] for k in keys]
    for key, members in zip(keys, members_of):
        if not key:
            continue
        # every member is compared with the others of its group
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = records[members[x]], records[members[y]]
                if _allowed(a, b, plans, s):
                    if a.key > b.key:
                        a, b = b, a
                    pairs.append(DuplicatePair(a=a.key, b=b.key, score=1.0, cosine=1.0, nested=1.0,
                                               rule="identical"))
    stats["content_groups"] = len(keys)
    # 2. blocking: syllable bigrams of each group's content -> MinHash -> LSH within blocks. A long text is
    # also blocked by windows of `window` content syllables (half overlapping), so that a short task lying
    # inside a long one meets it (its Jaccard with the whole long text is low, with a window high).
    vocab: dict[str, int] = {}
    sets: list[list[int]] = []
    set_group: list[int] = []
    for g, members in enumerate(members_of):
        if not keys[g]:
            continue
        c = index.content(members[0])
        spans = [c]
        if s.window and len(c) > s.window:
            step = max(1, s.window // 2)
            spans += [c[a:a + s.window] for a in range(0, len(c) - step, step)]
        for sp in spans:
            sh = sp if len(sp) < 2 else [f"{p} {q}" for p, q in zip(sp, sp[1:])]
            sets.append(sorted({vocab.setdefault(x, len(vocab)) for x in sh}))
            set_group.append(g)
    # bigrams that a large part of the collection shares ("đội ngũ", "khoa học") make every pair a candidate:
    # leave the very common ones out of blocking (scoring still sees every word); df counts texts, not windows
    seen_df: dict[int, int] = {}
    last_g = -1
    gset: set[int] = set()
    for g, st in zip(set_group, sets):
        if g != last_g:
            for x in gset:
                seen_df[x] = seen_df.get(x, 0) + 1
            gset, last_g = set(), g
        gset.update(st)
    for x in gset:
        seen_df[x] = seen_df.get(x, 0) + 1
    df = np.zeros(len(vocab), dtype=np.int64)
    if seen_df:
        df[np.fromiter(seen_df.keys(), dtype=np.int64)] = np.fromiter(seen_df.values(), dtype=np.int64)
    common = df > s.common_shingle_df
    arrays = []
    for st in sets:
        arr = np.asarray(st, dtype=np.int64)
        kept = arr[~common[arr]] if len(arr) else arr
        arrays.append(kept if len(kept) else arr)
    if progress:
        progress("blocking", 0, 1)
    sig = minhash_signatures(arrays, s.num_perm)
    # one blocking unit per (window, block): a group whose members sit in two provinces is looked up in both
    codes = _block_codes(records, plans, s)
    blocks_of = [sorted({int(codes[i]) for i in members}) for members in members_of]
    unit_set = np.fromiter((k for k, g in enumerate(set_group) for _ in blocks_of[g]), dtype=np.int64)
    unit_block = np.fromiter((c for g in set_group for c in blocks_of[g]), dtype=np.int64, count=len(unit_set))
    unit_group = np.asarray(set_group, dtype=np.int64)[unit_set] if len(unit_set) else unit_set
    valid = np.fromiter((len(arrays[k]) > 0 for k in unit_set), dtype=bool, count=len(unit_set))
    upairs, bstats = blocking.candidate_pairs(sig[unit_set], unit_block, valid, s.lsh_threshold, s.max_bucket)
    stats["blocking_units"] = len(unit_set)
    if progress:
        progress("blocking", 1, 1)
    gp = unit_group[upairs] if len(upairs) else np.zeros((0, 2), dtype=np.int64)
    gp = gp[gp[:, 0] != gp[:, 1]]
    gp = np.unique(np.sort(gp, axis=1), axis=0) if len(gp) else gp
    stats.update({f"lsh_{k}": v for k, v in bstats.as_dict().items()})
    stats["blocks"] = int(len(set(unit_block.tolist())))
    stats["candidates"] = len(gp)
    reps = np.fromiter((m[0] for m in members_of), dtype=np.int64, count=len(members_of))
    I, J = reps[gp[:, 0]], reps[gp[:, 1]]
    # 3. prefilter on syllables (exact, no segmentation): a pair goes on when one text may lie inside the
    # other or when the syllable cosine leaves room for a word cosine at the threshold
    scos, sa, sb = index.syllable_scores(I, J)
    keep = (np.maximum(sa, sb) >= s.nested_min) | (scos >= s.threshold - s.prefilter_margin)
    stats["prefiltered_out"] = int((~keep).sum())
    gp, I, J = gp[keep], I[keep], J[keep]
    stats["scored"] = len(gp)
    # 4. word TF-IDF cosine (underthesea segmentation once a text) and syllable nesting, vectorised
    sc = index.score_pairs(I, J, progress=progress)
    stats["segmented"] = index.segmented
    nested = sc.nested
    is_nested = nested >= s.nested_min
    ok = np.where(is_nested, sc.cosine >= s.nested_threshold, sc.cosine >= s.threshold)
    for k in np.flatnonzero(ok):
        cos, nst = float(sc.cosine[k]), float(nested[k])
        rule = "nested" if is_nested[k] else "similar"
        for x in members_of[gp[k, 0]]:
            for y in members_of[gp[k, 1]]:
                a, b = records[x], records[y]
                if _allowed(a, b, plans, s):
                    if a.key > b.key:
                        a, b = b, a
                    pairs.append(DuplicatePair(a=a.key, b=b.key, score=round(cos, 4), cosine=round(cos, 4),
                                               nested=round(nst, 4), rule=rule))
    pairs.sort(key=lambda p: (p.a, p.b))
    stats["pairs"] = len(pairs)
    return pairs, stats


def _deadline_sig(r: TaskRecord) -> str | None:
    if r.deadline_kind == "none":
        return None
    if r.deadline_kind in ("conditional",):
        return f"conditional:{compare_form(r.condition or r.deadline_raw or '')}"
    return f"{r.deadline_kind}:{r.deadline_start or ''}..{r.deadline_end or ''}" + (
        f"/{r.recurrence}" if r.recurrence else "")


def _lead_sig(r: TaskRecord) -> str | None:
    if not r.lead:
        return None
    return "; ".join(sorted(compare_form(x) for x in r.lead))


def conflicts_of(members: Sequence[TaskRecord]) -> list[Conflict]:
    out: list[Conflict] = []
    leads = {m.key: _lead_sig(m) for m in members}
    if len({v for v in leads.values() if v}) > 1:
        out.append(Conflict(kind="lead", values={m.key: "; ".join(m.lead) for m in members if m.lead}))
    dls = {m.key: _deadline_sig(m) for m in members}
    if len({v for v in dls.values() if v}) > 1:
        out.append(Conflict(kind="deadline", values={m.key: m.deadline_raw or m.deadline_kind
                                                     for m in members if dls[m.key]}))
    return out


def _member(r: TaskRecord) -> Member:
    return Member(key=r.key, plan_id=r.plan_id, task_id=r.task_id, text=r.text, lead=r.lead,
                  support=r.support, deadline_raw=r.deadline_raw, deadline_kind=r.deadline_kind,
                  deadline_start=r.deadline_start, deadline_end=r.deadline_end,
                  provenance=r.provenance())


def cluster_pairs(records: Sequence[TaskRecord], pairs: Iterable[DuplicatePair]) -> list[Cluster]:
    by_key = {r.key: r for r in records}
    g = nx.Graph()
    plist = list(pairs)
    for p in plist:
        g.add_edge(p.a, p.b)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: c[0])
    pair_of: dict[str, list[DuplicatePair]] = defaultdict(list)
    for p in plist:
        pair_of[p.a].append(p)
    clusters = []
    for n, keys in enumerate(comps, start=1):
        recs = [by_key[k] for k in keys]
        clusters.append(Cluster(
            id=n, members=[_member(r) for r in recs],
            pairs=[p for k in keys for p in pair_of.get(k, [])],
            plans=sorted({r.plan_id for r in recs}),
            conflicts=conflicts_of(recs)))
    return clusters


def detect_duplicates(records: Sequence[TaskRecord], plans: Sequence[PlanRecord] | dict[str, PlanRecord] = (),
                      settings: DuplicateSettings | dict | None = None,
                      progress: Progress | None = None) -> DuplicateResult:
    """The one entry point: pairs, clusters and conflicts for a set of task records.

    `progress(stage, done, total)`, when given, is called now and then during the long steps.
    """
    s = DuplicateSettings.coerce(settings)
    pmap = plans if isinstance(plans, dict) else {p.plan_id: p for p in plans}
    keys = [r.key for r in records]
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})[:5]
        raise ValueError(f"task keys must be unique; repeated: {dup}")
    pairs, stats = find_duplicate_pairs_stats(records, pmap, s, progress=progress)
    return DuplicateResult(settings=s, n_tasks=len(records), n_candidates=stats["candidates"], pairs=pairs,
                           clusters=cluster_pairs(records, pairs), stats=stats)


def cluster_rows(result: DuplicateResult, plan: str | None = None) -> list[dict[str, object]]:
    """One row per cluster member, for `plangraph duplicates` listings."""
    rows: list[dict[str, object]] = []
    for c in result.clusters:
        if plan and plan not in c.plans:
            continue
        conflict = ", ".join(x.kind for x in c.conflicts)
        best = max((p.score for p in c.pairs), default=1.0)
        for m in c.members:
            rows.append({"cluster": c.id, "plan": m.plan_id, "task": m.task_id, "text": m.text,
                         "lead": m.lead, "deadline": m.deadline_raw, "conflicts": conflict,
                         "score": best, "file": m.provenance.get("file"),
                         "line": m.provenance.get("line_start")})
    return rows
