"""Analysis over task records: duplicate tasks (within and across plans) and orphaned tasks.

The core is pure: functions over `TaskRecord` / `PlanRecord` (pydantic), built either from extractions
(`records.records_from_extraction`) or from the graph (`graph_io.read_records`). Nothing here opens a store
except `graph_io`.
"""
