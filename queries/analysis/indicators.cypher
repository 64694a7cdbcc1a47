// Question (analysis/report): every indicator with its plan and its sources (instrument keys or body names).
// Parameters: none.
// Columns: plan_id, text, target_year, footnote, values_json, sources (list of keys/names).
MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(x:Instrument)
WITH p, i, collect(x.key) AS keys
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(o:Organization)
WITH p, i, keys, collect(o.name) AS bodies
RETURN p.id AS plan_id, i.text AS text, i.target_year AS target_year, i.footnote AS footnote,
       i.values_json AS values_json, keys + bodies AS sources, i.position AS position, p.file AS file,
       i.page AS page, i.line_start AS line_start
ORDER BY plan_id, position;
