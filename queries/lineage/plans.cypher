// Read (lineage): every plan, as a candidate answer to requests and to name a plan on the command line.
// Parameters: none.
// Columns: plan_id, file, doc_type, number, title, jurisdiction, date, year, draft.
MATCH (p:Plan)
RETURN p.id AS plan_id, p.file AS file, p.doc_type AS doc_type, p.number AS number, p.title AS title,
       p.jurisdiction AS jurisdiction, p.date AS date, p.year AS year, p.draft AS draft
ORDER BY file;
