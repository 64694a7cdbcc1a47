// Read (lineage): the links written by the last relink — PRODUCES, and MAY_PRODUCE for tied candidates.
// Parameters: none.
// Columns: rel ('PRODUCES' | 'MAY_PRODUCE'), task_id, plan_id, score, evidence.
MATCH (t:Task)-[r:PRODUCES]->(p:Plan)
RETURN 'PRODUCES' AS rel, t.id AS task_id, p.id AS plan_id, r.score AS score, r.evidence AS evidence
UNION ALL
MATCH (t:Task)-[r:MAY_PRODUCE]->(p:Plan)
RETURN 'MAY_PRODUCE' AS rel, t.id AS task_id, p.id AS plan_id, r.score AS score, r.evidence AS evidence;
