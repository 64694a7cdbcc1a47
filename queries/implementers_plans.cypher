// Question: which plans implement these instruments directly (one hop), with the sentence that states it?
// Parameters: $keys (list of strings) — Instrument keys (the targets and the instruments on their chains).
// Columns: to_key, plan_id, title, file, jurisdiction, issuer, draft, number, date, doc_type (the plan's own),
//          evidence, asserted_by, provenance (of the IMPLEMENTS relationship).
MATCH (pl:Plan)-[r:IMPLEMENTS]->(a:Instrument) WHERE a.key IN $keys
RETURN a.key AS to_key, pl.id AS plan_id, pl.title AS title, pl.file AS file,
       pl.jurisdiction AS jurisdiction, pl.issuer AS issuer, pl.draft AS draft, pl.number AS number,
       pl.date AS date, pl.doc_type AS doc_type,
       r.evidence AS evidence, r.asserted_by AS asserted_by, r.provenance AS provenance;
