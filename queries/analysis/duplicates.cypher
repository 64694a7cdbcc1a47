// Question (analysis): the DUPLICATES relationships in the store.
// Parameters: none.
// Columns: a_id, b_id (Task ids), a_plan, b_plan, score, method.
MATCH (a:Task)-[d:DUPLICATES]->(b:Task)
RETURN a.id AS a_id, b.id AS b_id, a.plan_id AS a_plan, b.plan_id AS b_plan, d.score AS score,
       d.method AS method
ORDER BY a_id, b_id;
