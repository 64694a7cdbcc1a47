// Write (lineage): delete the PRODUCES relationships of some (task, plan) pairs (relink rewrites only what changed).
// Parameters: $rows — list of {task_id, plan_id}.
UNWIND $rows AS r
MATCH (t:Task {id: r.task_id})-[x:PRODUCES]->(p:Plan {id: r.plan_id})
DELETE x;
