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
from pydantic import BaseModel, Field

from extractors.normalize import compare_form
from pipeline.analysis.records import PlanRecord, TaskRecord
from pipeline.analysis.textsim import Boilerplate, TextIndex, content_syllables, load_boilerplate

METHOD = "minhash-lsh+tfidf-cosine"


class DuplicateSettings(BaseModel):
    threshold: float = Field(0.9, ge=0, le=1, description="cosine needed when both texts add words")
    nested_threshold: float = Field(0.5, ge=0, le=1, description="cosine needed when one text is inside the other")
    nested_min: float = Field(0.95, ge=0, le=1, description="share of a text's weight found in the other to call it nested")
    lsh_threshold: float = Field(0.3, gt=0, le=1, description="MinHash LSH Jaccard threshold for candidates")
    common_shingle_df: int = Field(100, ge=2, description="bigrams shared by more than this many tasks are left "
                                   "out of blocking (a texts keeps all its bigrams when every one is that common)")
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


def _jurisdiction(plans: dict[str, PlanRecord], plan_id: str) -> str | None:
    p = plans.get(plan_id)
    return compare_form(p.jurisdiction) if p and p.jurisdiction else None


def candidate_pairs(shingle_sets: Sequence[set[bytes]], lsh_threshold: float = 0.3,
                    num_perm: int = 128) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose shingle sets MinHash LSH puts in a common bucket."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
    idx = [i for i, s in enumerate(shingle_sets) if s]
    hashes = MinHash.bulk([shingle_sets[i] for i in idx], num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, m in zip(idx, hashes):
            session.insert(i, m, check_duplication=False)
    out: set[tuple[int, int]] = set()
    for i, m in zip(idx, hashes):
        for j in lsh.query(m):
            if j != i:
                out.add((i, j) if i < j else (j, i))
    return out


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


def find_duplicate_pairs(records: Sequence[TaskRecord], plans: dict[str, PlanRecord] | None = None,
                         settings: DuplicateSettings | dict | None = None,
                         bp: Boilerplate | None = None) -> tuple[list[DuplicatePair], int]:
    """Verified duplicate pairs among `records`, and the number of candidate pairs scored."""
    s = DuplicateSettings.coerce(settings)
    plans = plans or {}
    bp = bp or load_boilerplate()
    # 1. identical content
    groups: dict[str, list[int]] = defaultdict(list)
    contents: list[list[str]] = []
    for i, r in enumerate(records):
        c = content_syllables(r.text, bp)
        contents.append(c)
        groups[" ".join(c)].append(i)
    pairs: list[DuplicatePair] = []
    reps: list[int] = []
    for key, members in groups.items():
        reps.append(members[0])
        if not key:
            continue
        # one representative per group; every member is compared with the others of its group
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = records[members[x]], records[members[y]]
                if _allowed(a, b, plans, s):
                    pairs.append(DuplicatePair(a=a.key, b=b.key, score=1.0, cosine=1.0, nested=1.0,
                                               rule="identical"))
    # 2. blocking over representatives
    rep_shingles = []
    for i in reps:
        c = contents[i]
        sh = {x.encode() for x in c} if len(c) < 2 else {f"{p} {q}".encode() for p, q in zip(c, c[1:])}
        rep_shingles.append(sh)
    # bigrams that half the collection shares ("đội ngũ", "khoa học") make every pair a candidate: leave the
    # very common ones out of blocking (scoring still sees every word)
    df: Counter[bytes] = Counter(x for sh in rep_shingles for x in sh)
    common = {x for x, c in df.items() if c > s.common_shingle_df}
    if common:
        rep_shingles = [(sh - common) or sh for sh in rep_shingles]
    cands = candidate_pairs(rep_shingles, s.lsh_threshold, s.num_perm)
    # 3. scoring (TF-IDF over the whole collection; segmentation only for texts that are candidates)
    index = TextIndex([r.text for r in records], bp)
    for ri, rj in sorted(cands):
        i, j = reps[ri], reps[rj]
        c = index.compare(i, j)
        if c.nested >= s.nested_min:
            ok, rule = c.cosine >= s.nested_threshold, "nested"
        else:
            ok, rule = c.cosine >= s.threshold, "similar"
        if not ok:
            continue
        gi, gj = groups[" ".join(contents[i])], groups[" ".join(contents[j])]
        for x in gi:
            for y in gj:
                a, b = records[x], records[y]
                if _allowed(a, b, plans, s):
                    if a.key > b.key:
                        a, b = b, a
                    pairs.append(DuplicatePair(a=a.key, b=b.key, score=round(c.cosine, 4),
                                               cosine=round(c.cosine, 4), nested=round(c.nested, 4),
                                               rule=rule))
    pairs.sort(key=lambda p: (p.a, p.b))
    return pairs, len(cands)


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
                      settings: DuplicateSettings | dict | None = None) -> DuplicateResult:
    """The one entry point: pairs, clusters and conflicts for a set of task records."""
    s = DuplicateSettings.coerce(settings)
    pmap = plans if isinstance(plans, dict) else {p.plan_id: p for p in plans}
    keys = [r.key for r in records]
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})[:5]
        raise ValueError(f"task keys must be unique; repeated: {dup}")
    pairs, n_cand = find_duplicate_pairs(records, pmap, s)
    return DuplicateResult(settings=s, n_tasks=len(records), n_candidates=n_cand, pairs=pairs,
                           clusters=cluster_pairs(records, pairs))


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
