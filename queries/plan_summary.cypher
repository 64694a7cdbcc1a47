// Question: what does each plan implement, and how many tasks, targets and references does it hold?
// Parameters: $plan (string) — plan id or file path; '' = every plan.
// Columns: plan_id, file, doc_type, title, issuer, jurisdiction, draft, instrument_key (the plan's own
//          number@date, or null), implements (list of keys), tasks, indicators, references (ints).
MATCH (p:Plan) WHERE $plan = '' OR p.id = $plan OR p.file = $plan
OPTIONAL MATCH (p)-[:IMPLEMENTS]->(im:Instrument)
WITH p, collect(DISTINCT im.key) AS implements
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
WITH p, implements, count(DISTINCT t) AS tasks
OPTIONAL MATCH (p)-[:HAS_INDICATOR]->(i:Indicator)
WITH p, implements, tasks, count(DISTINCT i) AS indicators
OPTIONAL MATCH (p)-[:IMPLEMENTS|BASED_ON|REPLACES|STOPS|MENTIONS]->(x:Instrument)
WITH p, implements, tasks, indicators, count(DISTINCT x) AS references
RETURN p.id AS plan_id, p.file AS file, p.doc_type AS doc_type, p.title AS title, p.issuer AS issuer,
       p.jurisdiction AS jurisdiction, p.draft AS draft, p.instrument_key AS instrument_key,
       implements, tasks, indicators, references
ORDER BY file;
