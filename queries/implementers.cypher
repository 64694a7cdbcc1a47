// Question: which instruments implement these instruments, directly or through others (the chain's middle),
// and with which sentence does each of them state it?
// Parameters: $keys (list of strings) — canonical Instrument keys of the targets ("45-NQ/TW@2023-11-24").
// Columns: from_key, to_key, relation (IMPLEMENTS | RESOLVES_TO), evidence, asserted_by, provenance (of an
//          IMPLEMENTS; '' for RESOLVES_TO) — one relationship leaving an Instrument from which a chain of at most
//          7 IMPLEMENTS / RESOLVES_TO reaches a target. Distinct rows (Neo4j repeats `WITH DISTINCT` rows here).
// The implementers answer is built from keys and evidence, not whole paths (issue 15, item 5): this query gives
// the hops between instruments, implementers_plans the hops from plans, and queries/chains.py joins them into
// chains of at most 8 (queries/run.py keeps the shortest per plan and target).
MATCH (t:Instrument) WHERE t.key IN $keys
MATCH (a:Instrument)-[:IMPLEMENTS|RESOLVES_TO*1..7]->(t)
WITH DISTINCT a
MATCH (a)-[r:IMPLEMENTS]->(b:Instrument)
RETURN a.key AS from_key, b.key AS to_key, 'IMPLEMENTS' AS relation, r.evidence AS evidence,
       r.asserted_by AS asserted_by, r.provenance AS provenance
UNION
MATCH (t:Instrument) WHERE t.key IN $keys
MATCH (a:Instrument)-[:IMPLEMENTS|RESOLVES_TO*1..7]->(t)
WITH DISTINCT a
MATCH (a)-[:RESOLVES_TO]->(b:Instrument)
RETURN a.key AS from_key, b.key AS to_key, 'RESOLVES_TO' AS relation, '' AS evidence, '' AS asserted_by,
       '' AS provenance;
