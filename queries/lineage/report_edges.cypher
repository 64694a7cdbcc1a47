// Read (lineage, report): asking plan -> answering plan for every PRODUCES relationship.
// Parameters: none.
// Columns: from_plan, to_plan, task_id, row (task id as printed), request_type, score, evidence.
MATCH (asker:Plan)-[:HAS_TASK]->(t:Task)-[r:PRODUCES]->(answer:Plan)
RETURN asker.id AS from_plan, answer.id AS to_plan, t.id AS task_id, t.ordinal AS row,
       t.request_type AS request_type, r.score AS score, r.evidence AS evidence
ORDER BY from_plan, task_id;
