// Write (analysis): one DUPLICATES relationship per verified pair.
// Parameters: $rows — list of {a, b, score, method}; a and b are Task ids.
UNWIND $rows AS r
MATCH (a:Task {id: r.a})
MATCH (b:Task {id: r.b})
CREATE (a)-[:DUPLICATES {score: r.score, method: r.method}]->(b);
