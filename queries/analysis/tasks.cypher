// Question (analysis): every task with its plan, leads (name, generic flag) and supporting bodies.
// Parameters: $plan (string) — plan id or file path; '' = every plan.
// Columns: node_id, plan_id, file, ordinal, source, group_name, text, deadline_raw, deadline_kind,
//          deadline_start, deadline_end, recurrence, condition, note, page, line_start, position,
//          leads (list of names), lead_generic (list of booleans, parallel to leads), supports (list).
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE $plan = '' OR p.id = $plan OR p.file = $plan
OPTIONAL MATCH (t)-[:LED_BY]->(l:Organization)
WITH p, t, collect(l.name) AS leads, collect(coalesce(l.generic, false)) AS lead_generic
OPTIONAL MATCH (t)-[:SUPPORTED_BY]->(s:Organization)
WITH p, t, leads, lead_generic, collect(s.name) AS supports
RETURN t.id AS node_id, p.id AS plan_id, p.file AS file, t.ordinal AS ordinal, t.source AS source,
       t.group_name AS group_name, t.text AS text, t.deadline_raw AS deadline_raw,
       t.deadline_kind AS deadline_kind, t.deadline_start AS deadline_start, t.deadline_end AS deadline_end,
       t.recurrence AS recurrence, t.condition AS condition, t.note AS note, t.page AS page,
       t.line_start AS line_start, t.position AS position, leads, lead_generic, supports
ORDER BY plan_id, position;
