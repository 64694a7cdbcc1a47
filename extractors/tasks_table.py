"""Tasks from appendix tables (DocumentIR tables, already reassembled by `extractors.tables`).

`extract_table_tasks(ir, header)`:
- maps every header cell to a canonical column (`data/columns.json`) whatever its wording, case or order;
  a table without both a content and a lead column is not a task table and is skipped;
- group rows ("I. TĂNG CƯỜNG …", and Arabic-numbered ones "1 | HOÀN THIỆN CƠ CHẾ" with the other cells empty
  heading rows "1.1", "1.2" …) become the `group` of the rows under them and are not tasks;
- ids are the row numbers as printed; where numbering restarts in every group (I: 1, 2; II: 1, 2 …) the id
  becomes "<group numeral>.<number>" ("II.3");
- a jump in the numbering (3 -> 5, 1.2 -> 1.4) is reported as a warning with the row's provenance;
- owners go through `owners.split_owners`; a cell naming both roles ("Sở Y tế chủ trì; Sở Tài chính phối
  hợp") is split by `owners.split_roles`, in a lead column as in a "chủ trì, phối hợp" column; deadlines through `deadlines.parse_deadline`.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.ir import Block, DocumentIR, Row, Table
from extractors.model import Deadline, DocumentHeader, Task, Warning_
from extractors.normalize import clean_text, compare_form
from extractors.owners import is_generic, split_owners, split_roles

_DATA = Path(__file__).parent / "data" / "columns.json"
_NUM_ID = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _column_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(c["name"], re.compile(c["pattern"])) for c in _data()["columns"]]


def column_for(header_cell: str) -> str | None:
    """Canonical column name for one header cell, or None."""
    cf = compare_form(header_cell).strip(" .:")
    if not cf:
        return None
    for name, pat in _column_patterns():
        if pat.search(cf):
            return name
    return None


def map_columns(cells: list[str]) -> dict[str, int]:
    """Header cells -> {canonical column: index}; the first cell mapped to a column wins."""
    out: dict[str, int] = {}
    for i, c in enumerate(cells):
        name = column_for(c)
        if name is not None and name not in out:
            out[name] = i
    if "lead_support" in out and "lead" not in out:
        out["lead"] = out["lead_support"]
    return out


def combined_header(table: Table, header: Row) -> list[str]:
    """Column headings of a one- or two-level header. Under a first header row with group labels
    ("Cơ quan thực hiện" spanning two columns: the label repeated or the next cell empty), the header rows
    after it that name columns ("Chủ trì" | "Phối hợp") are joined to it column by column; an empty
    first-row cell takes the group label on its left ("Cơ quan thực hiện" + "Phối hợp"). Rows of column
    numbers ("(1) (2) …") are not joined."""
    texts = [clean_text(t) for t in header.texts()]
    start = next((i for i, r in enumerate(table.rows) if r is header), None)
    if start is None:
        return texts
    subs: list[list[str]] = []
    for row in table.rows[start + 1:]:
        if not row.is_header:
            break
        cells = [clean_text(t) for t in row.texts()]
        filled = [c for c in cells if c]
        if filled and all(column_for(c) is not None and not any(ch.isdigit() for ch in c) for c in filled):
            subs.append(cells)
    if not subs:
        return texts
    out: list[str] = []
    label = ""
    for i, top in enumerate(texts):
        below = [s[i] for s in subs if i < len(s) and s[i] and compare_form(s[i]) != compare_form(top)]
        if top:
            label = top
        elif below:
            top = label
        else:
            label = ""
        out.append(" ".join([top, *below]).strip() if below else top)
    return out


def is_task_table(cols: dict[str, int]) -> bool:
    return "content" in cols and "lead" in cols


def _is_targets_table(header_cells: list[str]) -> bool:
    """A targets table ('Chỉ tiêu | Đơn vị tính | Năm 2026 | Năm 2030') is read by the indicators extractor."""
    from extractors.indicators import targets_columns
    return targets_columns(header_cells) is not None


def _parse_deadline(raw: str | None, year: int | None = None) -> Deadline:
    """`year`: the one the time column's heading prints ("Thời gian (Năm 2026)"), completing day and month."""
    if not raw:
        return Deadline()
    try:
        from extractors.deadlines import parse_deadline, with_column_year
    except ImportError:  # pragma: no cover - the module is part of the package
        return Deadline()
    return parse_deadline(with_column_year(raw, year))


CITED_DEADLINE_CONFIDENCE = 0.7  # the time is that of another document the cell cites, not a date of ours


def _deadline_confidence(raw: str | None) -> float:
    from extractors.deadlines import cites_document
    return CITED_DEADLINE_CONFIDENCE if cites_document(raw) else 1.0


def clean_deadline_raw(s: str | None) -> str | None:
    """The deadline phrase as printed, without emphasis markers or trailing punctuation."""
    if not s:
        return None
    s = clean_text(s.replace("*", "").replace("_", " "))
    s = s.strip(" ;,")
    if s.endswith(".") and not re.search(r"\.\s*\S+\.$", s):  # one sentence: drop its full stop
        s = s[:-1].rstrip()
    s = s.strip("()").strip()
    return s or None


def _cell(row: Row, idx: int | None) -> str:
    if idx is None or idx >= len(row.cells):
        return ""
    return clean_text(row.cells[idx].text)


def _group_text(row: Row, cols: dict[str, int]) -> str:
    filled = [clean_text(c.text) for c in row.cells if clean_text(c.text)]
    if len(filled) >= 2 and re.match(_data()["roman_id"]["pattern"], filled[0]):
        num = filled[0].rstrip(".)")
        return f"{num}. {filled[1]}"
    return filled[0] if filled else ""


def _group_numeral(group: str | None) -> str | None:
    if not group:
        return None
    m = re.match(r"^([IVXLC]+|[A-Z])\s*[.)/:-]", group)
    return m.group(1) if m else None


def _looks_like_group(row: Row, cols: dict[str, int]) -> bool:
    if row.is_group:
        return True
    filled = [i for i, c in enumerate(row.cells) if clean_text(c.text)]
    if not filled:
        return False
    first = clean_text(row.cells[filled[0]].text)
    others = [i for i in filled if i != filled[0]]
    if not others and re.match(_data()["group_row"]["pattern"], first):
        return True
    if (len(others) == 1 and re.match(_data()["roman_id"]["pattern"], first)
            and others[0] == cols.get("content")):
        return True
    return False


def _only_content(row: Row, cols: dict[str, int]) -> tuple[str, str] | None:
    """(number, title) of a row that fills only its number and content cells ('1 | HOÀN THIỆN CƠ CHẾ' or
    '| 1. Nhóm nhiệm vụ về …'), else None."""
    filled = {i for i, c in enumerate(row.cells) if clean_text(c.text)}
    stt_i, content_i = cols.get("stt"), cols.get("content")
    if content_i is None or content_i not in filled or filled - {stt_i, content_i}:
        return None
    content = clean_text(row.cells[content_i].text)
    stt = _cell(row, stt_i).rstrip(".)")
    if not stt:
        m = re.match(r"^(\d{1,2})\s*[.)]\s+(\S.*)$", content)
        if not m:
            return None
        stt, content = m.group(1), m.group(2)
    return (stt, content) if re.fullmatch(r"\d{1,2}", stt) else None


def _is_numbered_group(rows: list[Row], ri: int, cols: dict[str, int]) -> bool:
    """An Arabic-numbered group row: '1 | HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH' (other cells empty) heading rows
    '1.1', '1.2' …; also when its title is in capitals or names a group ('Nhóm nhiệm vụ …')."""
    got = _only_content(rows[ri], cols)
    if got is None:
        return False
    stt, title = got
    letters = [ch for ch in title if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        return True
    if re.match(_data()["numbered_group_title"]["pattern"], compare_form(title)):
        return True
    for nxt in rows[ri + 1:ri + 4]:
        n = _cell(nxt, cols.get("stt")).rstrip(".")
        if n:
            return n.startswith(f"{stt}.")
    return False


def _split_lead_support(text: str) -> tuple[list[str], list[str]]:
    """A 'chủ trì, phối hợp' column: the role words say who is who; without them the first owner leads."""
    roles = split_roles(text)
    if roles is not None:
        return roles
    owners = split_owners(text)
    return owners[:1], owners[1:]


def _lead_cell(lead_cell: str, support_cell: str) -> tuple[list[str], list[str]]:
    """A lead column ('Đơn vị thực hiện') whose cell names both roles ('Sở Y tế chủ trì; Sở Tài chính phối
    hợp') is split by its role words; a cell listing bodies with no role makes them all leads."""
    support = split_owners(support_cell)
    roles = split_roles(lead_cell)
    if roles is None:
        return split_owners(lead_cell), support
    lead, more = roles
    return lead, support + [x for x in more if x not in support]


def _id_tuple(s: str) -> tuple[int, ...] | None:
    s = s.rstrip(".")
    return tuple(int(x) for x in s.split(".")) if _NUM_ID.match(s) else None


def _is_successor(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    if len(cur) == 1:
        return cur[0] in (1, prev[0] + 1) if len(prev) == 1 else cur[0] in (1, prev[0] + 1)
    if len(prev) == len(cur) and prev[:-1] == cur[:-1]:
        return cur[-1] == prev[-1] + 1
    if len(cur) >= 2:
        # a new major number starts its minors at 1 ("3.15" -> "4.1"), or a deeper level starts at 1
        if cur[-1] == 1 and (cur[:-1] == prev[:len(cur) - 1] or
                             (len(cur[:-1]) <= len(prev) and cur[0] == prev[0] + 1)):
            return True
        if len(prev) > len(cur) and prev[:len(cur) - 1] == cur[:-1] and cur[-1] == prev[len(cur) - 1] + 1:
            return True
    return False


def _table_tasks(ir: DocumentIR, block: Block, table: Table, tno: int) -> tuple[list[Task], list[Warning_]]:
    warnings: list[Warning_] = []
    header = table.header
    if header is None and table.rows:
        header = table.rows[0]
    if header is None:
        return [], []
    cols = map_columns(combined_header(table, header))
    if not is_task_table(cols) or _is_targets_table(header.texts()):
        return [], []
    header_key = [compare_form(t) for t in header.texts()]
    from extractors.deadlines import column_year
    heads = combined_header(table, header)
    col_year = column_year(heads[cols["deadline"]]) if cols.get("deadline") is not None \
        and cols["deadline"] < len(heads) else None
    tasks: list[Task] = []
    ids: list[tuple[str, str | None]] = []  # printed id, group
    rows_of: list[int] = []
    subs: list[tuple[int, int]] = []  # (task index, index of the task whose merged cells it shares)
    group: str | None = None
    numbered_group = False
    for ri, row in enumerate(table.rows):
        if row is header or row.is_header:
            continue
        if [compare_form(c.text) for c in row.cells] == header_key:
            continue
        if _looks_like_group(row, cols):
            group, numbered_group = _group_text(row, cols) or group, False
            continue
        if _is_numbered_group(table.rows, ri, cols):
            num, title = _only_content(row, cols) or ("", "")
            group, numbered_group = f"{num}. {title}", True
            continue
        content = _cell(row, cols.get("content"))
        stt = _cell(row, cols.get("stt")).rstrip(".")
        if not content and not stt:
            if tasks and _is_sub_row(ir, row, cols):
                # a sub-row under merged number and content cells: its own task (own lead, deadline, product)
                content, sub_of = tasks[-1].text, len(tasks) - 1
            else:
                # an unmerged continuation fragment: extend the previous task's cells
                if tasks:
                    _extend(tasks[-1], row, cols)
                continue
        else:
            sub_of = None
        if not content:
            continue
        if numbered_group and re.fullmatch(r"\d{1,2}", stt):
            group, numbered_group = None, False  # a row at the level of the numbered groups is not in one
        lead_cell = _cell(row, cols.get("lead"))
        if "lead_support" in cols and cols.get("lead") == cols.get("lead_support"):
            lead, support = _split_lead_support(lead_cell)
        else:
            lead, support = _lead_cell(lead_cell, _cell(row, cols.get("support")))
        raw = clean_deadline_raw(_cell(row, cols.get("deadline")))
        prov = block.provenance(ir.source, table_row=ri)
        if row.page is not None:
            prov.page = row.page
        if row.line_start is not None:
            prov.line_start, prov.line_end = row.line_start, row.line_end
        tasks.append(Task(
            id=stt or f"T{tno}.{len(tasks) + 1}",
            source="appendix",
            group=group,
            text=content,
            lead=lead,
            support=support,
            deliverable=_cell(row, cols.get("deliverable")) or None,
            deadline_raw=raw,
            deadline=_parse_deadline(raw, col_year),
            note=_cell(row, cols.get("note")) or None,
            lead_generic=[is_generic(x) for x in lead],
            provenance=prov,
            confidence=_deadline_confidence(raw),
        ))
        ids.append((stt, group))
        rows_of.append(ri)
        if sub_of is not None:
            subs.append((len(tasks) - 1, sub_of))
    _restart_ids(tasks, ids)
    _sub_row_ids(tasks, subs)
    warnings.extend(_numbering_warnings(ir, tasks, ids))
    return tasks, warnings


def _extend(task: Task, row: Row, cols: dict[str, int]) -> None:
    def join(a: str | None, b: str) -> str | None:
        if not b:
            return a
        return f"{a} {b}".strip() if a else b
    task.text = join(task.text, _cell(row, cols.get("content"))) or task.text
    task.deliverable = join(task.deliverable, _cell(row, cols.get("deliverable")))
    task.note = join(task.note, _cell(row, cols.get("note")))
    more_lead = _cell(row, cols.get("lead"))
    more_sup = _cell(row, cols.get("support"))
    if more_lead:
        task.lead = split_owners(", ".join(task.lead + [more_lead]))
        task.lead_generic = [is_generic(x) for x in task.lead]
    if more_sup:
        task.support = split_owners(", ".join(task.support + [more_sup]))
    more_dl = _cell(row, cols.get("deadline"))
    if more_dl:
        task.deadline_raw = clean_deadline_raw(join(task.deadline_raw, more_dl))
        task.deadline = _parse_deadline(task.deadline_raw)
        task.confidence = min(task.confidence, _deadline_confidence(task.deadline_raw))


def _is_sub_row(ir: DocumentIR, row: Row, cols: dict[str, int]) -> bool:
    """A DOCX row with empty number and content cells (merged from the row above: Word leaves the
    continuation empty) but a lead or a deadline of its own is a sub-row: a task of its own. Only DOCX
    rows are sure to be whole rows; elsewhere such a row is a fragment the table reassembly left."""
    return ir.format == "docx" and bool(_cell(row, cols.get("lead")) or _cell(row, cols.get("deadline")))


def _sub_row_ids(tasks: list[Task], subs: list[tuple[int, int]]) -> None:
    """Sub-rows take their parent's id with a running suffix: "2", "2-2", "2-3"."""
    count: dict[int, int] = {}
    for ti, parent in subs:
        root = parent
        while root in dict(subs):
            root = dict(subs)[root]
        count[root] = count.get(root, 1) + 1
        tasks[ti].id = f"{tasks[root].id}-{count[root]}"


def _restart_ids(tasks: list[Task], ids: list[tuple[str, str | None]]) -> None:
    """Row numbers that restart in every group -> "<group numeral>.<number>"."""
    seen: dict[str, str | None] = {}
    restart = False
    for stt, grp in ids:
        if stt and _NUM_ID.match(stt) and "." not in stt:
            if stt in seen and seen[stt] != grp:
                restart = True
                break
            seen[stt] = grp
    if not restart:
        return
    for t, (stt, grp) in zip(tasks, ids):
        num = _group_numeral(grp)
        if num and stt:
            t.id = f"{num}.{stt}"


def _numbering_warnings(ir: DocumentIR, tasks: list[Task], ids: list[tuple[str, str | None]]) -> list[Warning_]:
    out: list[Warning_] = []
    prev: tuple[int, ...] | None = None
    for t, (stt, _grp) in zip(tasks, ids):
        cur = _id_tuple(stt) if stt else None
        if cur is None:
            continue
        if prev is not None and not _is_successor(prev, cur):
            out.append(Warning_(code="table.numbering_jump",
                                message=f"row number {stt!r} does not follow "
                                        f"{'.'.join(map(str, prev))!r}: rows may be missing",
                                provenance=t.provenance))
        prev = cur
    return out


def extract_table_tasks(ir: DocumentIR, header: DocumentHeader | None = None) -> tuple[list[Task], list[Warning_]]:
    """Every data row of every task table in the document, in reading order."""
    tasks: list[Task] = []
    warnings: list[Warning_] = []
    from extractors.structure.tables import max_real_columns
    for tno, block in enumerate(ir.tables(), start=1):
        if block.table is None:
            continue
        if max((len(r.cells) for r in block.table.rows), default=0) > max_real_columns():
            continue  # a loader that lost the rows: reported by the structure stage (structure.table_too_wide)
        t, w = _table_tasks(ir, block, block.table, tno)
        tasks.extend(t)
        warnings.extend(w)
    # ids must stay unique across several task tables
    seen: dict[str, int] = {}
    for t in tasks:
        if t.id in seen:
            seen[t.id] += 1
            t.id = f"{t.id}#{seen[t.id]}"
        else:
            seen[t.id] = 1
    return tasks, warnings
