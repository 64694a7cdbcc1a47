"""Analysis over task records: duplicate tasks (within and across plans) and orphaned tasks.

The core is pure: functions over `TaskRecord` / `PlanRecord` (pydantic), built either from extractions
(`records.records_from_extraction`) or from the graph (`graph_io.read_records`). Nothing here opens a store
except `graph_io`.
"""

from typing import Any


def run_analysis(store: Any) -> dict[str, Any]:
    """The analysis step of the ingest flow: duplicates (written back as DUPLICATES) and orphan counts.

    Reads every task of the store once; duplicate detection is near-linear (MinHash LSH blocking per
    jurisdiction), so this stays cheap next to extraction.
    """
    from collections import Counter

    from pipeline.analysis import graph_io
    from pipeline.analysis.duplicates import detect_duplicates
    from pipeline.analysis.orphans import find_orphans

    plans, tasks = graph_io.read_records(store)
    result = detect_duplicates(tasks, plans)
    written = graph_io.write_duplicates(store, result.pairs)
    orphans = find_orphans(tasks, plans)
    by_reason = Counter(getattr(o, "reason", "?") for o in orphans)
    return {"duplicate_clusters": len(result.clusters), "duplicate_pairs": written,
            "orphan_findings": len(orphans), "orphans_by_reason": dict(sorted(by_reason.items()))}
