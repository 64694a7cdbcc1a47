// Question: which tasks of other plans asked for this plan (Task -[:PRODUCES]-> Plan)?
// Parameters: $plan_id (string) — the answering plan's id.
// Columns: plan_id (the asking plan), file, plan_title, jurisdiction, task_id, row (task id as printed),
//          text, deliverable, leads (list), request_type, request_title, deadline_raw, deadline_end,
//          request_due, score, evidence (of the PRODUCES link).
MATCH (asker:Plan)-[:HAS_TASK]->(t:Task)-[r:PRODUCES]->(answer:Plan {id: $plan_id})
OPTIONAL MATCH (t)-[:LED_BY]->(l:Organization)
WITH asker, t, r, collect(DISTINCT l.name) AS leads
RETURN asker.id AS plan_id, asker.file AS file, asker.title AS plan_title, asker.jurisdiction AS jurisdiction,
       t.id AS task_id, t.ordinal AS row, t.text AS text, t.deliverable AS deliverable, leads,
       t.request_type AS request_type, t.request_title AS request_title, t.deadline_raw AS deadline_raw,
       t.deadline_end AS deadline_end, t.request_due AS request_due, r.score AS score, r.evidence AS evidence
ORDER BY file, task_id;
