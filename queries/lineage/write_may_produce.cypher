// Write (lineage): one MAY_PRODUCE relationship per candidate of an ambiguous request (never a PRODUCES).
// Parameters: $rows — list of {task_id, plan_id, score, evidence}.
UNWIND $rows AS r
MATCH (t:Task {id: r.task_id})
MATCH (p:Plan {id: r.plan_id})
CREATE (t)-[:MAY_PRODUCE {score: r.score, evidence: r.evidence}]->(p);
