// Write (analysis): remove the DUPLICATES relationships of some tasks (either end), before writing theirs anew.
// Parameters: $ids — list of Task ids.
MATCH (a:Task)-[d:DUPLICATES]->(b:Task)
WHERE a.id IN $ids OR b.id IN $ids
DELETE d;
