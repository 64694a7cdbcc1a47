// Question (analysis): what each plan's analysis depends on, to tell changed plans from the last analysis.
// Parameters: none.
// Columns: plan_id, extraction_sha (digest of the plan's extraction, set by graph/writer.py).
MATCH (p:Plan)
RETURN p.id AS plan_id, p.extraction_sha AS extraction_sha
ORDER BY plan_id;
