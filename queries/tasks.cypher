// Question: which tasks match these filters (plan, owner, due window, overdue, deadline kind)?
// Parameters (all strings; '' = no filter):
//   $plan        plan id or file path
//   $owner       compare form (extractors.normalize.compare_form) of part of a lead or supporting body's name
//   $role        'lead' | 'support' | '' (either) — which role $owner must hold
//   $due_before  ISO date: deadline end on or before it
//   $due_after   ISO date: deadline end on or after it
//   $overdue_at  ISO date: deadline end strictly before it, one-off deadlines only (not recurring/continuous)
//   $kind        deadline kind (date, month, quarter, year, range, recurring, continuous, conditional, compound, none)
// Columns: plan_id, plan_title, plan_number, plan_date, draft, file, task_id, ordinal, source, group_name, text,
//          leads (list), supports (list), deliverable, deadline_raw, deadline_kind, deadline_start, deadline_end,
//          recurrence, position, page, line_start, line_end, table_row (where the task is in the file).
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE ($plan = '' OR p.id = $plan OR p.file = $plan)
  AND ($kind = '' OR t.deadline_kind = $kind)
  AND ($due_before = '' OR t.deadline_end <= $due_before)
  AND ($due_after = '' OR t.deadline_end >= $due_after)
  AND ($overdue_at = '' OR (t.deadline_end < $overdue_at
       AND t.deadline_kind <> 'recurring' AND t.deadline_kind <> 'continuous'))
  AND ($owner = ''
       OR ($role <> 'support' AND EXISTS { MATCH (t)-[:LED_BY]->(o:Organization) WHERE o.name_cf CONTAINS $owner })
       OR ($role <> 'lead' AND EXISTS { MATCH (t)-[:SUPPORTED_BY]->(o:Organization) WHERE o.name_cf CONTAINS $owner }))
OPTIONAL MATCH (t)-[:LED_BY]->(l:Organization)
WITH p, t, collect(DISTINCT l.name) AS leads
OPTIONAL MATCH (t)-[:SUPPORTED_BY]->(s:Organization)
WITH p, t, leads, collect(DISTINCT s.name) AS supports
RETURN p.id AS plan_id, p.title AS plan_title, p.number AS plan_number, p.date AS plan_date, p.draft AS draft,
       p.file AS file, t.id AS task_id, t.ordinal AS ordinal, t.source AS source,
       t.group_name AS group_name, t.text AS text, leads, supports, t.deliverable AS deliverable,
       t.deadline_raw AS deadline_raw, t.deadline_kind AS deadline_kind, t.deadline_start AS deadline_start,
       t.deadline_end AS deadline_end, t.recurrence AS recurrence, t.position AS position, t.page AS page,
       t.line_start AS line_start, t.line_end AS line_end, t.table_row AS table_row
ORDER BY p.file, position;
