// Question: how many tasks does each organisation lead and support, plan by plan?
// Parameters (strings; '' = no filter): $owner — compare form of part of the name; $plan — plan id or file.
// Columns: organization, jurisdiction, generic (bool), plan_id, plan_title, led (int), supported (int).
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:LED_BY|SUPPORTED_BY]->(o:Organization)
WHERE ($owner = '' OR o.name_cf CONTAINS $owner) AND ($plan = '' OR p.id = $plan OR p.file = $plan)
WITH DISTINCT o, p
OPTIONAL MATCH (p)-[:HAS_TASK]->(tl:Task)-[:LED_BY]->(o)
WITH o, p, count(DISTINCT tl) AS led
OPTIONAL MATCH (p)-[:HAS_TASK]->(ts:Task)-[:SUPPORTED_BY]->(o)
WITH o, p, led, count(DISTINCT ts) AS supported
RETURN o.name AS organization, o.jurisdiction AS jurisdiction, o.generic AS generic, p.id AS plan_id,
       p.title AS plan_title, p.file AS file, led, supported
ORDER BY led DESC, supported DESC, organization, file;
