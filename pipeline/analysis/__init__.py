"""Analysis over task records: duplicate tasks (within and across plans) and orphaned tasks.

The core is pure: functions over `TaskRecord` / `PlanRecord` (pydantic), built either from extractions
(`records.records_from_extraction`) or from the graph (`graph_io.read_records`). Nothing here opens a store
except `graph_io`.
"""

from typing import Any


def run_analysis(store: Any) -> dict[str, Any]:
    """The analysis step of the ingest flow: duplicates (written back as DUPLICATES) and orphan counts.

    Incremental (`pipeline.analysis.incremental`): orphans are recomputed only for the plans changed since
    the last analysis, and only the DUPLICATES edges of tasks whose pairs changed are rewritten; the result
    equals a full recompute (tests/test_incremental_analysis.py).
    """
    from pipeline.analysis.incremental import analyse

    return analyse(store)
