// Write (lineage): delete the MAY_PRODUCE relationships of some (task, plan) pairs (relink rewrites only what changed).
// Parameters: $rows — list of {task_id, plan_id}.
UNWIND $rows AS r
MATCH (t:Task {id: r.task_id})-[x:MAY_PRODUCE]->(p:Plan {id: r.plan_id})
DELETE x;
