// Question (analysis): every plan with the instruments it implements and whether each resolves.
// Parameters: none.
// Columns: plan_id, file, title, doc_type, number, issuer, jurisdiction, year, implements (list of keys),
//          resolved (list of keys: implemented instruments that are not ambiguous), appendix_tasks (int).
MATCH (p:Plan)
OPTIONAL MATCH (p)-[:IMPLEMENTS]->(i:Instrument)
WITH p, collect(i.key) AS implements,
     collect(CASE WHEN coalesce(i.ambiguous, false) THEN NULL ELSE i.key END) AS resolved
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
WITH p, implements, resolved, count(CASE WHEN t.source = 'appendix' THEN 1 END) AS appendix_tasks
RETURN p.id AS plan_id, p.file AS file, p.title AS title, p.doc_type AS doc_type, p.number AS number,
       p.issuer AS issuer, p.jurisdiction AS jurisdiction, p.year AS year, implements, resolved,
       appendix_tasks
ORDER BY file;
