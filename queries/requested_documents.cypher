// Question: which tasks ask for a document to be drafted, issued or submitted, and which plan answered?
// Parameters: $plan (string) — asking plan's id or file path; '' = every plan.
// Columns: plan_id, file, plan_title, task_id, row (task id as printed), position, text, deliverable,
//          leads (list), request_type, request_family, request_title, request_evidence, deadline_raw,
//          deadline_kind, deadline_end, request_due, produced_by (answering plan id or null), produced_file,
//          produced_title, produced_date, produced_year, produced_draft, produced_number, score, evidence,
//          candidates (list of plan ids of MAY_PRODUCE: tied candidates, never linked).
// Status (produced on time / late / date unknown, overdue, not yet due) is computed by queries/lineage.py.
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE t.request_family IS NOT NULL AND ($plan = '' OR p.id = $plan OR p.file = $plan)
OPTIONAL MATCH (t)-[:LED_BY]->(l:Organization)
WITH p, t, collect(DISTINCT l.name) AS leads
OPTIONAL MATCH (t)-[:MAY_PRODUCE]->(c:Plan)
WITH p, t, leads, collect(DISTINCT c.id) AS candidates
OPTIONAL MATCH (t)-[r:PRODUCES]->(a:Plan)
RETURN p.id AS plan_id, p.file AS file, p.title AS plan_title, t.id AS task_id, t.ordinal AS row,
       t.position AS position, t.text AS text, t.deliverable AS deliverable, leads,
       t.request_type AS request_type, t.request_family AS request_family, t.request_title AS request_title,
       t.request_evidence AS request_evidence, t.deadline_raw AS deadline_raw,
       t.deadline_kind AS deadline_kind, t.deadline_end AS deadline_end, t.request_due AS request_due,
       a.id AS produced_by, a.file AS produced_file, a.title AS produced_title, a.date AS produced_date,
       a.year AS produced_year, a.draft AS produced_draft, a.number AS produced_number,
       r.score AS score, r.evidence AS evidence, candidates
ORDER BY file, position;
