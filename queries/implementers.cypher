// Question: which plans implement these instruments — directly, or through instruments that implement them?
// Parameters: $keys (list of strings) — canonical Instrument keys of the targets ("45-NQ/TW@2023-11-24").
// Columns: target (key), plan_id, title, file, jurisdiction, issuer, draft, number, date, doc_type (the plan's own),
//          path_nodes (list of nodes: the plan, then the instruments of the chain, ending at the target),
//          path_rels (list of relationships: IMPLEMENTS — with evidence, asserted_by, page, line_start, line_end,
//          table_row: the sentence that states it and where — or RESOLVES_TO where an undated citation resolved),
//          hops (int). One row per path: queries/run.py keeps the shortest chain per plan and target, and
//          `--direct` keeps chains with exactly one IMPLEMENTS.
MATCH (t:Instrument) WHERE t.key IN $keys
MATCH p = (pl:Plan)-[:IMPLEMENTS|RESOLVES_TO*1..8]->(t)
RETURN t.key AS target, pl.id AS plan_id, pl.title AS title, pl.file AS file,
       pl.jurisdiction AS jurisdiction, pl.issuer AS issuer, pl.draft AS draft, pl.number AS number,
       pl.date AS date, pl.doc_type AS doc_type,
       nodes(p) AS path_nodes, relationships(p) AS path_rels, length(p) AS hops
ORDER BY target, file, hops;
