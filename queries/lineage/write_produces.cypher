// Write (lineage): one PRODUCES relationship per link found by graph.lineage.match_requests.
// Parameters: $rows — list of {task_id, plan_id, score, evidence}.
UNWIND $rows AS r
MATCH (t:Task {id: r.task_id})
MATCH (p:Plan {id: r.plan_id})
CREATE (t)-[:PRODUCES {score: r.score, evidence: r.evidence}]->(p);
