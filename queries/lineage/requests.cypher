// Read (lineage): every task that asks for a document, with what matching needs of the plan that asks.
// Parameters: none.
// Columns: task_id, plan_id, row (the task's id as printed), doc_type, family, title, jurisdiction,
//          plan_date, plan_year (of the asking plan), deadline_end.
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE t.request_family IS NOT NULL
RETURN t.id AS task_id, p.id AS plan_id, t.ordinal AS row, t.request_type AS doc_type,
       t.request_family AS family, t.request_title AS title, p.jurisdiction AS jurisdiction,
       p.date AS plan_date, p.year AS plan_year, t.deadline_end AS deadline_end
ORDER BY task_id;
