// Question: which citations carry a symbol without a date while two or more dated instruments share it?
// (They are recorded, never merged by guess.)
// Parameters: none.
// Columns: citation (undated key), plan_id, file, relation (relationship: its _type), candidates (list of keys).
MATCH (u:Instrument) WHERE u.ambiguous = true
MATCH (p:Plan)-[r]->(u)
MATCH (d:Instrument) WHERE d.symbol = u.symbol AND d.dated = true
WITH u, p, r, collect(DISTINCT d.key) AS candidates
RETURN u.key AS citation, p.id AS plan_id, p.file AS file, r AS relation, candidates
ORDER BY citation, file;
