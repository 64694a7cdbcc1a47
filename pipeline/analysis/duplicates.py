"""Duplicate tasks within a plan and across plans.

Steps (each inspectable; `DuplicateResult.stats` counts what each did):
0. Every text tokenised and boilerplate-weighted once (`TextIndex`).
1. `content_key` per task: the content syllables of its comparable form (boilerplate and function words
   dropped). Tasks with the same key are identical work in different words of no weight ("Tiếp tục X" / "X").
2. Blocking (`blocking.py`, numpy): MinHash LSH over syllable bigrams of one representative per key, plus
   half-overlapping windows of long texts (a short task inside a long one has a low Jaccard with the whole
   text, a high one with a window). Only units of one block meet: the jurisdiction when pairs across
   provinces are discarded anyway (the default; a plan of unknown jurisdiction meets every block), the plan
   when only within-plan pairs are wanted, everything with `same_jurisdiction=False` (`--any-jurisdiction`).
   Bigrams shared by more than `common_shingle_df` tasks are left out; a bucket over `max_bucket` members
   is split once more, then skipped and counted. Time and memory grow with tasks + candidates, not tasks².
3. Prefilter (exact, on syllables, no segmentation): a candidate goes on when one text's syllable weight lies
   (almost) wholly inside the other's or its syllable TF-IDF cosine is near the threshold.
4. Scoring, vectorised (scipy sparse row-wise products): TF-IDF cosine over underthesea word segments
   (boilerplate weighted down; each text segmented once). A pair is a duplicate when
   - one text lies (almost) wholly inside the other on syllables (`nested >= nested_min`; a cut inside a
     compound word still nests) and cosine >= `nested_threshold`
     ("Hoàn thành xây dựng Đề án X" inside "Tham mưu ... xây dựng Đề án X"), or
   - both texts carry words the other lacks and cosine >= `threshold` (a paraphrase; parallel items that
     differ in one slot, "... được triển khai hàng năm" / "... được nghiệm thu hàng năm", stay apart).
   Pairs across plans of different jurisdictions are not duplicates by default: the same wording in the Hải
   Phòng and the Hưng Yên plan is two provinces' work (`same_jurisdiction`).
5. Clusters: connected components (networkx) of the duplicate pairs; for each, members with provenance,
   their leads and deadlines, and conflicts (different lead, different deadline for the same work).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from pydantic import BaseModel, Field

from extractors.normalize import compare_form
from pipeline.analysis.records import PlanRecord, TaskRecord
from pipeline.analysis.textsim import Boilerplate, Progress, TextIndex, load_boilerplate

# numpy, networkx and blocking (numpy) are imported where used, so `plangraph --help` stays light
if TYPE_CHECKING:
    import numpy as np

METHOD = "minhash-lsh+tfidf-cosine"  # graph edges carry it; kept so stored edges stay comparable


class DuplicateSettings(BaseModel):
    threshold: float = Field(0.9, ge=0, le=1, description="cosine needed when both texts add words")
    nested_threshold: float = Field(0.5, ge=0, le=1, description="cosine needed when one text is inside the other")
    nested_min: float = Field(0.95, ge=0, le=1, description="share of a text's weight found in the other to call it nested")
    lsh_threshold: float = Field(0.3, gt=0, le=1, description="MinHash LSH Jaccard threshold for candidates")
    common_shingle_df: int = Field(100, ge=2, description="bigrams shared by more than this many tasks are left "
                                   "out of blocking (a texts keeps all its bigrams when every one is that common)")
    min_rare_shingles: int = Field(3, ge=1, description="a text keeps its common bigrams for blocking when "
                                   "fewer than this many of its bigrams are rarer")
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
    return _compare_form_cached(p.jurisdiction) if p and p.jurisdiction else None


_compare_form_cached = lru_cache(maxsize=4096)(compare_form)  # pure; asked once a pair otherwise


def candidate_pairs(shingle_sets: Sequence[set[bytes]], lsh_threshold: float = 0.3,
                    num_perm: int = 128) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose shingle sets MinHash LSH puts in a common bucket (one global block)."""
    import numpy as np
    from pipeline.analysis import blocking
    vocab: dict[bytes, int] = {}
    sets = [np.fromiter((vocab.setdefault(x, len(vocab)) for x in sh), dtype=np.int64, count=len(sh))
            for sh in shingle_sets]
    sig = blocking.minhash_signatures(sets, num_perm)
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
    import numpy as np
    codes: dict[str, int] = {}
    out = np.zeros(len(records), dtype=np.int64)
    if s.across_plans and not s.same_jurisdiction:
        return out
    for k, r in enumerate(records):
        key = r.plan_id if not s.across_plans else _jurisdiction(plans, r.plan_id)
        out[k] = -1 if key is None else codes.setdefault(key, len(codes))
    return out


def _shingle_sets(contents: Sequence[Sequence[str]], window: int, common_df: int, min_rare: int = 1
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blocking sets as CSR (flat feature codes, indptr) and the text each set comes from.

    Features are syllable bigrams of the content syllables (a text of one syllable: that unigram), coded as
    integers (no strings). A text gives its whole set and, when longer than `window` syllables, one set per
    half-overlapping window. Bigrams found in more than `common_df` texts are left out of a set that keeps at
    least `min_rare` others; a set with fewer keeps all its bigrams (else "Các Sở, ban, ngành, UBND tỉnh",
    all common, and the same with one word doubled would share nothing).
    """
    import numpy as np
    syl_id: dict[str, int] = {}
    lens = np.fromiter((len(c) for c in contents), dtype=np.int64, count=len(contents))
    sid = np.fromiter((syl_id.setdefault(x, len(syl_id)) for c in contents for x in c), dtype=np.int64,
                      count=int(lens.sum()))
    v = len(syl_id) + 1  # id v-1 is the "no next syllable" sentinel of one-syllable texts
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    nxt = np.full(len(sid), v - 1, dtype=np.int64)
    if len(sid) > 1:
        nxt[:-1] = sid[1:]
    single = starts[lens == 1]
    nxt[single] = v - 1
    code = sid * v + nxt
    # spans of bigram positions: [start, start + max(len - 1, 1)) for the whole text, then the windows
    nb = np.maximum(lens - 1, 1)
    span_s, span_e, span_t = [starts], [starts + nb], [np.arange(len(lens), dtype=np.int64)]
    if window:
        step = max(1, window // 2)
        ws, we, wt = [], [], []
        for t in np.flatnonzero(lens > window).tolist():
            n, st = int(lens[t]), int(starts[t])
            for a in range(0, n - step, step):
                ws.append(st + a)
                we.append(st + min(a + window, n) - 1)
                wt.append(t)
        span_s.append(np.asarray(ws, dtype=np.int64))
        span_e.append(np.asarray(we, dtype=np.int64))
        span_t.append(np.asarray(wt, dtype=np.int64))
    s_, e_, t_ = (np.concatenate(x) for x in (span_s, span_e, span_t))
    # document frequency of each bigram over whole texts (a bigram counted once a text)
    whole = np.repeat(np.arange(len(lens), dtype=np.int64), nb)
    pos = _ranges(starts, starts + nb)
    wc = code[pos]
    o = np.lexsort((whole, wc))
    cs, ts = wc[o], whole[o]
    first = np.ones(len(cs), dtype=bool)
    first[1:] = (cs[1:] != cs[:-1]) | (ts[1:] != ts[:-1])
    del whole, pos, wc, o
    uniq, df = np.unique(cs[first], return_counts=True)
    common_codes = uniq[df > common_df]
    del cs, ts, first, uniq, df, sid, nxt
    # the sets, common bigrams out (unless a set has nothing else)
    sizes = e_ - s_
    elems = code[_ranges(s_, e_)]
    del code
    at = np.minimum(np.searchsorted(common_codes, elems), max(len(common_codes) - 1, 0))
    is_common = common_codes[at] == elems if len(common_codes) else np.zeros(len(elems), dtype=bool)
    set_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    rare = np.bincount(set_of, weights=~is_common, minlength=len(sizes))
    # version 1: the rare bigrams of every set that has any; version 2: the whole set, for sets with fewer
    # than `min_rare` rare bigrams (so that a text of common bigrams only and the same with one rare word
    # added still meet, through their whole sets)
    v1 = ~is_common & (rare[set_of] >= 1)
    v2 = rare[set_of] < min_rare
    n_sets = len(sizes)
    ids = np.concatenate([set_of[v1], set_of[v2] + n_sets])
    feats = np.concatenate([elems[v1], elems[v2]])
    o = np.argsort(ids, kind="stable")
    ids, feats = ids[o], feats[o]
    present, counts = np.unique(ids, return_counts=True)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return feats, indptr, t_[present % n_sets]


def _ranges(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Concatenation of arange(s[k], e[k]) for every k, vectorised."""
    import numpy as np
    sizes = e - s
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.repeat(s - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    return offs + np.arange(total, dtype=np.int64)


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
    import numpy as np
    from pipeline.analysis import blocking
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
                    # model_construct: values built here with the right types (validating 100k+ pairs took seconds)
                    pairs.append(DuplicatePair.model_construct(a=a.key, b=b.key, score=1.0, cosine=1.0,
                                                               nested=1.0, rule="identical"))
    stats["content_groups"] = len(keys)
    # 2. blocking: syllable bigrams of each group's content -> MinHash -> LSH within blocks. A long text is
    # also blocked by windows of `window` content syllables (half overlapping), so that a short task lying
    # inside a long one meets it (its Jaccard with the whole long text is low, with a window high).
    keyed = [g for g in range(len(keys)) if keys[g]]
    if progress:
        progress("blocking", 0, 1)
    flat, indptr, set_text = _shingle_sets([index.content(members_of[g][0]) for g in keyed], s.window,
                                           s.common_shingle_df, s.min_rare_shingles)
    set_group = np.asarray(keyed, dtype=np.int64)[set_text]
    bands, rows = blocking.lsh_params(s.lsh_threshold, s.num_perm)
    hashes = blocking.minhash_band_hashes(flat, indptr, bands, rows, s.num_perm)
    del flat
    # one blocking unit per (window, block): a group whose members sit in two provinces is looked up in both
    codes = _block_codes(records, plans, s)
    blocks_of = [sorted({int(codes[i]) for i in members}) for members in members_of]
    n_of = np.fromiter((len(blocks_of[g]) for g in set_group.tolist()), dtype=np.int64, count=len(set_group))
    unit_set = np.repeat(np.arange(len(set_group), dtype=np.int64), n_of)
    unit_block = np.fromiter((c for g in set_group.tolist() for c in blocks_of[g]), dtype=np.int64,
                             count=len(unit_set))
    unit_group = set_group[unit_set]
    upairs, bstats = blocking.candidate_pairs_from_hashes(hashes, unit_block, None, s.max_bucket, rows,
                                                          rows_of=unit_set, same=unit_group)
    del hashes
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
                    pairs.append(DuplicatePair.model_construct(a=a.key, b=b.key, score=round(cos, 4),
                                                               cosine=round(cos, 4), nested=round(nst, 4),
                                                               rule=rule))
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
    import networkx as nx
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
