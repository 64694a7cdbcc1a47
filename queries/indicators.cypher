// Question: which quantitative targets does a plan set, and which instrument or body are they sourced from?
// Parameters (strings; '' = no filter):
//   $plan       plan id or file path
//   $source     instrument symbol or key ("02-CTr/TU", "45-NQ/TW@2023-11-24") the target is sourced from
//   $source_cf  compare form of part of a source body's name ("sở y tế")
//   (with both $source and $source_cf set, a target matching either is listed)
// Columns: plan_id, plan_title, indicator_id, text, value, max, unit, comparator, target_year, footnote,
//          source_instruments (list of keys), source_bodies (list of names), task (ordinal of the task, or null).
MATCH (p:Plan)-[:HAS_INDICATOR]->(i:Indicator)
WHERE ($plan = '' OR p.id = $plan OR p.file = $plan)
  AND (($source = '' AND $source_cf = '')
       OR ($source <> '' AND EXISTS { MATCH (i)-[:SOURCED_FROM]->(x:Instrument)
                                      WHERE x.symbol = $source OR x.key = $source })
       OR ($source_cf <> '' AND EXISTS { MATCH (i)-[:SOURCED_FROM]->(o:Organization)
                                         WHERE o.name_cf CONTAINS $source_cf }))
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(si:Instrument)
WITH p, i, collect(DISTINCT si.key) AS source_instruments
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(so:Organization)
WITH p, i, source_instruments, collect(DISTINCT so.name) AS source_bodies
OPTIONAL MATCH (i)-[:FOR_TASK]->(t:Task)
RETURN p.id AS plan_id, p.title AS plan_title, i.id AS indicator_id, i.text AS text, i.value AS value,
       i.max AS max, i.unit AS unit, i.comparator AS comparator, i.target_year AS target_year,
       i.footnote AS footnote, source_instruments, source_bodies, t.ordinal AS task, i.position AS position
ORDER BY p.file, position;
