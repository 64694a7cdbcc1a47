// Question: what does this plan implement, transitively — the instruments upstream of it, with the chain?
// Parameters: $plan_id (string) — the plan's id (queries/lineage.py resolves a file name or stem to it).
// Columns: the columns of implementers.cypher (target, plan_id, title, file, jurisdiction, issuer, draft,
//          path_nodes, path_rels, hops), one row per path; queries/lineage.py keeps the shortest chain per
//          instrument (queries.run.shape_chain).
MATCH p = (pl:Plan {id: $plan_id})-[:IMPLEMENTS|RESOLVES_TO*1..8]->(t:Instrument)
RETURN t.key AS target, pl.id AS plan_id, pl.title AS title, pl.file AS file,
       pl.jurisdiction AS jurisdiction, pl.issuer AS issuer, pl.draft AS draft,
       nodes(p) AS path_nodes, relationships(p) AS path_rels, length(p) AS hops
ORDER BY target, hops;
