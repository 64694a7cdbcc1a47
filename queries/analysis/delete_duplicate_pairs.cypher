// Write (analysis): remove the DUPLICATES relationships of some task pairs (the incremental analysis rewrites
// only the pairs that changed).
// Parameters: $rows — list of {a, b}; a and b are Task ids, a < b as written by write_duplicates.
UNWIND $rows AS r
MATCH (a:Task {id: r.a})-[d:DUPLICATES]->(b:Task {id: r.b})
DELETE d;
