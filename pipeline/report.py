"""`plangraph report`: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched) for analysts.

Sections: the plans and what they implement (a layered graph drawn as inline SVG, layout computed here
with networkx), a task table with filters by plan / lead / deadline, duplicate clusters side by side,
orphaned tasks by reason, indicators by source.

`ReportData` is built from a store (`report_data_from_store`) or from extractions
(`report_data_from_extractions`); `render_report(data)` is pure (data -> HTML string).
"""
from __future__ import annotations

import datetime as _dt
import html
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field

from extractors.ir import DocumentIR
from extractors.model import Extraction
from pipeline.analysis.duplicates import DuplicateResult, DuplicateSettings, detect_duplicates
from pipeline.analysis.orphans import REASONS, Orphan, find_orphans
from pipeline.analysis.records import PlanRecord, TaskRecord, records_from_extraction

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Edge(BaseModel):
    from_kind: str  # Plan | Instrument
    from_id: str
    to_key: str
    to_doc_type: str | None = None
    relation: str = "implements"  # or "produces": a task of plan from_id asks for plan to_key (issue 9)
    label: str | None = None


class IndicatorRow(BaseModel):
    plan_id: str
    text: str
    target_year: int | None = None
    sources: list[str] = Field(default_factory=list)
    values: list[dict[str, Any]] = Field(default_factory=list)
    file: str | None = None  # where the target is stated
    page: int | None = None
    line_start: int | None = None
    table_row: int | None = None


class ReportData(BaseModel):
    source: str
    generated_at: str
    plans: list[PlanRecord]
    tasks: list[TaskRecord]
    edges: list[Edge]
    indicators: list[IndicatorRow]
    duplicates: DuplicateResult
    orphans: list[Orphan]


def plan_label(p: PlanRecord) -> str:
    return Path(p.file).stem if p.file else p.plan_id


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def report_data_from_extractions(items: Sequence[tuple[Extraction, DocumentIR | None]], *, source: str = "files",
                                 settings: DuplicateSettings | dict | None = None) -> ReportData:
    plans: list[PlanRecord] = []
    tasks: list[TaskRecord] = []
    edges: list[Edge] = []
    inds: list[IndicatorRow] = []
    for ex, ir in items:
        p, t = records_from_extraction(ex, ir=ir)
        plans.append(p)
        tasks += t
        for r in ex.references:
            if r.relation == "implements":
                edges.append(Edge(from_kind="Plan", from_id=p.plan_id, to_key=r.key, to_doc_type=r.doc_type))
        for c in ex.chains:
            if c.relation == "implements":
                edges.append(Edge(from_kind="Instrument", from_id=c.from_, to_key=c.to))
        for i in ex.indicators:
            pv = i.provenance
            inds.append(IndicatorRow(plan_id=p.plan_id, text=i.text, target_year=i.target_year,
                                     sources=list(i.sources), values=[v.model_dump() for v in i.values],
                                     file=p.file, page=pv.page if pv else None,
                                     line_start=pv.line_start if pv else None,
                                     table_row=pv.table_row if pv else None))
    from graph.lineage_store import produces_edges_from_extractions
    edges += [Edge(from_kind="Plan", from_id=e["from_plan"], to_key=e["to_plan"], relation="produces",
                   label=e["label"]) for e in produces_edges_from_extractions(
                       [(p.plan_id, ex) for p, (ex, _) in zip(plans, items)])]
    dup = detect_duplicates(tasks, plans, settings)
    return ReportData(source=source, generated_at=_now(), plans=plans, tasks=tasks, edges=edges,
                      indicators=inds, duplicates=dup, orphans=find_orphans(tasks, plans))


def report_data_from_store(store: Any, *, source: str = "store",
                           settings: DuplicateSettings | dict | None = None,
                           duplicates: DuplicateResult | None = None) -> ReportData:
    from pipeline.analysis import graph_io

    plans, tasks = graph_io.read_records(store)
    edges = [Edge(from_kind=r["from_kind"], from_id=r["from_id"], to_key=r["to_key"],
                  to_doc_type=r.get("to_doc_type")) for r in graph_io.read_implements_edges(store)]
    from graph.lineage_store import produces_edges
    edges += [Edge(from_kind="Plan", from_id=e["from_plan"], to_key=e["to_plan"], relation="produces",
                   label=e["label"]) for e in produces_edges(store)]
    inds = [IndicatorRow(plan_id=r["plan_id"], text=r["text"] or "", target_year=r.get("target_year"),
                         sources=[s for s in r.get("sources") or [] if s], values=r.get("values") or [],
                         file=r.get("file"), page=r.get("page"), line_start=r.get("line_start"))
            for r in graph_io.read_indicators(store)]
    dup = duplicates or detect_duplicates(tasks, plans, settings)
    return ReportData(source=source, generated_at=_now(), plans=plans, tasks=tasks, edges=edges,
                      indicators=inds, duplicates=dup, orphans=find_orphans(tasks, plans))


# ---------------------------------------------------------------- the plan graph as inline SVG

_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]


def _wrap(s: str, width: int) -> list[str]:
    words, lines, cur = s.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return lines[:3] if len(lines) <= 3 else lines[:2] + [lines[2][: width - 1] + "…"]


def plan_graph_svg(plans: Sequence[PlanRecord], edges: Sequence[Edge]) -> str:
    """Plans grouped by jurisdiction (a labelled band per group, in column 0) and the instruments they
    implement in layers to the right by chain depth; instruments sorted by how many plans reach them, so the
    edges of a group run together. Sized for hundreds of plans: compact boxes; the page adds zoom, pan,
    search and a legend (`report.html`)."""
    g = nx.DiGraph()
    label = {p.plan_id: plan_label(p) for p in plans}
    pj = {p.plan_id: p.jurisdiction or "(không rõ địa bàn)" for p in plans}
    for p in plans:
        g.add_node(("P", p.plan_id))
    produces = [e for e in edges if e.relation == "produces" and e.from_id in label and e.to_key in label]
    edges = [e for e in edges if e.relation != "produces"]
    for e in edges:
        src = ("P", e.from_id) if e.from_kind == "Plan" else ("I", e.from_id)
        g.add_edge(src, ("I", e.to_key))
    if g.number_of_nodes() == 0:
        return ('<svg xmlns="http://www.w3.org/2000/svg" id="plan-graph" width="400" height="40">'
                '<text x="10" y="25">không có kế hoạch</text></svg>')
    layer: dict[tuple[str, str], int] = {}
    if nx.is_directed_acyclic_graph(g):
        for n in nx.topological_sort(g):
            preds = list(g.predecessors(n))
            layer[n] = 0 if n[0] == "P" and not preds else max((layer[q] + 1 for q in preds), default=1)
    else:  # a cycle in stated chains: fall back to BFS distance from the plans
        dist = nx.multi_source_dijkstra_path_length(g, [n for n in g if n[0] == "P"] or list(g)[:1])
        layer = {n: int(dist.get(n, 1)) for n in g}
    for n in g:
        layer[n] = 0 if n[0] == "P" else max(1, layer.get(n, 1))
    colw, rowh, boxw, boxh, band = 250, 30, 200, 24, 22
    # column 0: plans by jurisdiction group, each group under a header band
    groups: dict[str, list[str]] = defaultdict(list)
    for p in sorted(plans, key=lambda p: (pj[p.plan_id], label[p.plan_id])):
        groups[pj[p.plan_id]].append(p.plan_id)
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    bands: list[tuple[str, float, float]] = []
    y = 20.0
    for j, ids in groups.items():
        top = y
        y += band
        for pid in ids:
            pos[("P", pid)] = (20, y)
            y += rowh
        bands.append((j, top, y - top))
        y += 10
    height = y + 20
    # instruments: by layer, each column ordered by the mean height of what points at it
    inst_cols: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n in g:
        if n[0] == "I":
            inst_cols[layer[n]].append(n)
    for c in sorted(inst_cols):
        def mean_y(n: tuple[str, str]) -> float:
            ys = [pos[q][1] for q in g.predecessors(n) if q in pos]
            return sum(ys) / len(ys) if ys else 1e9
        col = sorted(inst_cols[c], key=lambda n: (mean_y(n), n[1]))
        yy = 20.0
        for n in col:
            want = mean_y(n)
            yy = max(yy, want if want < 1e9 else yy)
            pos[n] = (20 + c * colw, yy)
            yy += rowh
        height = max(height, yy + 20)
    width = (max(layer.values()) + 1) * colw + 40
    juris = list(groups)
    colour = {j: _PALETTE[i % len(_PALETTE)] for i, j in enumerate(juris)}
    title = {p.plan_id: p.title or "" for p in plans}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="plan-graph" width="{width}" height="{int(height)}" '
           f'viewBox="0 0 {width} {int(height)}" role="img" aria-label="Kế hoạch và văn bản được triển khai">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>']
    for j, top, h in bands:
        out.append(f'<g class="group" data-group="{html.escape(j)}"><rect x="10" y="{top}" width="{boxw + 20}" '
                   f'height="{h}" fill="{colour[j]}" fill-opacity="0.07" stroke="{colour[j]}" rx="4"/>'
                   f'<text x="16" y="{top + 15}" font-size="12" font-weight="bold" fill="{colour[j]}">'
                   f'{html.escape(j)} ({(h - band) / rowh:.0f})</text></g>')
    for a, b in sorted(g.edges()):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        grp = pj.get(a[1], "") if a[0] == "P" else ""
        out.append(f'<path class="edge" data-group="{html.escape(grp)}" d="M{x1 + boxw},{y1 + boxh / 2} '
                   f'C{x1 + boxw + 30},{y1 + boxh / 2} {x2 - 30},{y2 + boxh / 2} {x2},{y2 + boxh / 2}" '
                   f'fill="none" stroke="{colour.get(grp, "#999")}" stroke-opacity="0.55" stroke-width="1" '
                   f'marker-end="url(#arrow)"/>')
    for e in produces:  # plans stay in column 0: a dashed arc on their left, asking plan -> answering plan
        (x1, y1), (x2, y2) = pos[("P", e.from_id)], pos[("P", e.to_key)]
        out.append(f'<path class="edge edge-produces" d="M{x1},{y1 + boxh / 2} C{x1 - 18},{y1 + boxh / 2} '
                   f'{x2 - 18},{y2 + boxh / 2} {x2},{y2 + boxh / 2}" fill="none" stroke="#e67e22" '
                   f'stroke-width="1.4" stroke-dasharray="5,3" marker-end="url(#arrow)">'
                   f'<title>{html.escape(e.label or "ban hành theo yêu cầu")}</title></path>')
    for n, (x, y) in pos.items():
        kind, ident = n
        if kind == "P":
            text, tip = label.get(ident, ident), title.get(ident, "")
            fill, stroke, cls = "#fff", colour[pj[ident]], "plan"
        else:
            text, tip, fill, stroke, cls = ident, f"văn bản {ident}", "#f4f4f4", "#888", "instrument"
        out.append(f'<g class="node node-{cls}" data-id="{html.escape(ident)}" '
                   f'data-search="{html.escape((text + " " + tip).lower())}"><title>{html.escape(tip)}</title>'
                   f'<rect x="{x}" y="{y}" width="{boxw}" height="{boxh}" rx="4" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="{1.6 if kind == "P" else 1}"/>'
                   f'<text x="{x + 6}" y="{y + 16}" font-size="11">{html.escape(_wrap(text, 32)[0])}</text></g>')
    out.append("</svg>")
    return "".join(out)


def graph_legend(plans: Sequence[PlanRecord]) -> list[tuple[str, str, int]]:
    """(jurisdiction, colour, plans) in the order of the graph's groups."""
    counts: dict[str, int] = defaultdict(int)
    for p in plans:
        counts[p.jurisdiction or "(không rõ địa bàn)"] += 1
    return [(j, _PALETTE[i % len(_PALETTE)], counts[j]) for i, j in enumerate(sorted(counts))]


# ---------------------------------------------------------------- rendering

def _where(file: str | None, page: int | None, line: int | None, text: str | None = None,
           table_row: int | None = None) -> str:
    from queries.locate import where

    loc = where(file, page=page, line_start=line, table_row=table_row, text=text)
    return ", ".join(x for x in (Path(file).name if file else "", loc) if x)


# what the page shows in full at most (the rest: `plangraph duplicates|orphans --format csv`), so that the
# file stays small for hundreds of plans; the task table has every task (paged in the page)
MAX_CLUSTERS = 100
MAX_MEMBERS = 8
MAX_ORPHANS = 150
MAX_INDICATORS = 100
TEXT_CUT = 280


def _cut(text: str | None, n: int = TEXT_CUT) -> str:
    t = text or ""
    return t if len(t) <= n else t[:n].rsplit(" ", 1)[0] + " …"


# the task table's columns, in the order of the rows shipped to the page as JSON (compact: no repeated keys)
TASK_FIELDS = ("plan", "id", "text", "lead", "support", "deadline_raw", "kind", "end", "where")


def _task_row(t: TaskRecord, plabel: dict[str, str]) -> list[Any]:
    return [plabel.get(t.plan_id, t.plan_id), t.task_id, t.text, "; ".join(t.lead), "; ".join(t.support),
            t.deadline_raw or "", t.deadline_kind, t.deadline_end or "",
            _where(t.file, t.page, t.line_start, t.text)]


def render_report(data: ReportData) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    tpl = env.get_template("report.html")
    plabel = {p.plan_id: plan_label(p) for p in data.plans}
    import json as _json

    strings: dict[str, int] = {}

    def intern(v: Any) -> int:  # plans repeat plan names, owners, deadlines and often whole task texts
        return strings.setdefault(str(v), len(strings))

    rows = [[intern(v) for v in _task_row(t, plabel)] for t in data.tasks]
    tasks_json = _json.dumps({"s": list(strings), "r": rows}, ensure_ascii=False,
                             separators=(",", ":")).replace("</", "<\\/")
    clusters = sorted(data.duplicates.clusters, key=lambda c: (-len(c.members), c.id))
    shown_clusters = clusters[:MAX_CLUSTERS]
    orphans_by_reason: dict[str, list[Orphan]] = {r: [] for r in REASONS}
    for o in data.orphans:
        orphans_by_reason.setdefault(o.reason, []).append(o)
    orphans_shown = {r: v[:MAX_ORPHANS] for r, v in orphans_by_reason.items()}
    by_source: dict[str, list[IndicatorRow]] = defaultdict(list)
    for i in data.indicators:
        for s in i.sources or ["(không ghi nguồn)"]:
            by_source[s].append(i)
    return tpl.render(
        d=data, plabel=plabel, tasks_json=tasks_json, task_fields=list(TASK_FIELDS),
        svg=plan_graph_svg(data.plans, data.edges), legend=graph_legend(data.plans),
        where=_where,
        plans_sorted=sorted(plabel.values()),
        leads=sorted({x for t in data.tasks for x in t.lead}),
        kinds=sorted({t.deadline_kind for t in data.tasks}),
        reasons=REASONS, orphans_by_reason=orphans_shown, orphan_totals={r: len(v) for r, v in orphans_by_reason.items()},
        clusters=shown_clusters, max_members=MAX_MEMBERS, cut=_cut, max_indicators=MAX_INDICATORS,
        indicators_by_source=sorted(by_source.items(), key=lambda kv: (kv[0].startswith("("), kv[0])),
    )


def write_report(data: ReportData, out: str | Path) -> Path:
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_report(data), encoding="utf-8")
    return p
