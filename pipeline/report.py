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
            inds.append(IndicatorRow(plan_id=p.plan_id, text=i.text, target_year=i.target_year,
                                     sources=list(i.sources), values=[v.model_dump() for v in i.values]))
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
                         sources=[s for s in r.get("sources") or [] if s], values=r.get("values") or [])
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
    """Plans (left) and the instruments they implement, in layers by chain depth (networkx)."""
    g = nx.DiGraph()
    label = {p.plan_id: plan_label(p) for p in plans}
    for p in plans:
        g.add_node(("P", p.plan_id))
    produces = [e for e in edges if e.relation == "produces" and e.from_id in label and e.to_key in label]
    edges = [e for e in edges if e.relation != "produces"]
    for e in edges:
        src = ("P", e.from_id) if e.from_kind == "Plan" else ("I", e.from_id)
        g.add_edge(src, ("I", e.to_key))
    if g.number_of_nodes() == 0:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">no plans</text></svg>'
    layer: dict[tuple[str, str], int] = {}
    if nx.is_directed_acyclic_graph(g):
        for n in nx.topological_sort(g):
            preds = list(g.predecessors(n))
            layer[n] = 0 if n[0] == "P" and not preds else max((layer[q] + 1 for q in preds), default=1)
    else:  # a cycle in stated chains: fall back to BFS distance from the plans
        dist = nx.multi_source_dijkstra_path_length(g, [n for n in g if n[0] == "P"] or list(g)[:1])
        layer = {n: int(dist.get(n, 1)) for n in g}
    for n in g:
        layer.setdefault(n, 0 if n[0] == "P" else 1)
        if n[0] == "I" and layer[n] == 0:
            layer[n] = 1
    cols: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n in sorted(g, key=lambda n: (layer[n], n[1])):
        cols[layer[n]].append(n)
    colw, rowh, boxw, boxh = 270, 64, 220, 46
    height = max(len(v) for v in cols.values()) * rowh + 40
    width = (max(cols) + 1) * colw + 40
    pos = {n: (20 + layer[n] * colw, 20 + i * rowh) for c in cols.values() for i, n in enumerate(c)}
    juris = sorted({p.jurisdiction or "?" for p in plans})
    colour = {j: _PALETTE[i % len(_PALETTE)] for i, j in enumerate(juris)}
    pj = {p.plan_id: p.jurisdiction or "?" for p in plans}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="plan-graph" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="Plans and what they implement">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>']
    for a, b in g.edges():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        out.append(f'<path class="edge" d="M{x1 + boxw},{y1 + boxh / 2} C{x1 + boxw + 30},{y1 + boxh / 2} '
                   f'{x2 - 30},{y2 + boxh / 2} {x2},{y2 + boxh / 2}" fill="none" stroke="#999" '
                   f'stroke-width="1.2" marker-end="url(#arrow)"><title>implements</title></path>')
    for e in produces:  # plans stay in column 0: a dashed arc on their left, asking plan -> answering plan
        (x1, y1), (x2, y2) = pos[("P", e.from_id)], pos[("P", e.to_key)]
        out.append(f'<path class="edge edge-produces" d="M{x1},{y1 + boxh / 2} C{x1 - 18},{y1 + boxh / 2} '
                   f'{x2 - 18},{y2 + boxh / 2} {x2},{y2 + boxh / 2}" fill="none" stroke="#e67e22" '
                   f'stroke-width="1.6" stroke-dasharray="5,3" marker-end="url(#arrow)">'
                   f'<title>{html.escape(e.label or "produces")}</title></path>')
    for n, (x, y) in pos.items():
        kind, ident = n
        if kind == "P":
            text = label.get(ident, ident)
            fill, stroke = "#fff", colour[pj.get(ident, "?")]
            title = next((p.title or "" for p in plans if p.plan_id == ident), "")
            sub = pj.get(ident, "")
        else:
            text, fill, stroke, title, sub = ident, "#f4f4f4", "#888", ident, "instrument"
        out.append(f'<g class="node node-{"plan" if kind == "P" else "instrument"}" data-id="{html.escape(ident)}">'
                   f'<title>{html.escape(title)}</title>'
                   f'<rect x="{x}" y="{y}" width="{boxw}" height="{boxh}" rx="6" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="{2 if kind == "P" else 1}"/>')
        for i, line in enumerate(_wrap(text, 34)[:2]):
            out.append(f'<text x="{x + 8}" y="{y + 17 + i * 14}" font-size="12">{html.escape(line)}</text>')
        out.append(f'<text x="{x + 8}" y="{y + boxh - 5}" font-size="10" fill="#666">{html.escape(sub)}</text></g>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- rendering

def _task_row(t: TaskRecord, plabel: dict[str, str]) -> dict[str, Any]:
    return {"plan": plabel.get(t.plan_id, t.plan_id), "id": t.task_id, "source": t.source, "text": t.text,
            "lead": t.lead, "support": t.support, "deadline_raw": t.deadline_raw or "",
            "kind": t.deadline_kind, "end": t.deadline_end or "",
            "where": f"{Path(t.file).name if t.file else ''}"
                     + (f" p{t.page}" if t.page else "") + (f" L{t.line_start}" if t.line_start else "")}


def render_report(data: ReportData) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    tpl = env.get_template("report.html")
    plabel = {p.plan_id: plan_label(p) for p in data.plans}
    tasks = [_task_row(t, plabel) for t in data.tasks]
    orphans_by_reason: dict[str, list[Orphan]] = {r: [] for r in REASONS}
    for o in data.orphans:
        orphans_by_reason.setdefault(o.reason, []).append(o)
    by_source: dict[str, list[IndicatorRow]] = defaultdict(list)
    for i in data.indicators:
        for s in i.sources or ["(no source given)"]:
            by_source[s].append(i)
    return tpl.render(
        d=data, plabel=plabel, tasks=tasks, svg=plan_graph_svg(data.plans, data.edges),
        plans_sorted=sorted(plabel.values()),
        leads=sorted({x for t in data.tasks for x in t.lead}),
        kinds=sorted({t.deadline_kind for t in data.tasks}),
        reasons=REASONS, orphans_by_reason=orphans_by_reason,
        indicators_by_source=sorted(by_source.items(), key=lambda kv: (kv[0].startswith("("), kv[0])),
    )


def write_report(data: ReportData, out: str | Path) -> Path:
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_report(data), encoding="utf-8")
    return p
