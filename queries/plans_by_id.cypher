// Question: what are these plans (file, number, date, draft)? Used to name the plan that asserted a hop of a
// chain (IMPLEMENTS.asserted_by) in the implementers answer.
// Parameters: $ids (list of strings) — Plan ids.
// Columns: plan_id, file, number, date, doc_type, draft, title.
MATCH (p:Plan) WHERE p.id IN $ids
RETURN p.id AS plan_id, p.file AS file, p.number AS number, p.date AS date, p.doc_type AS doc_type,
       p.draft AS draft, p.title AS title
ORDER BY plan_id;
