// Question (analysis): how many DUPLICATES relationships the store holds (checks the incremental state).
// Parameters: none.
// Columns: n.
MATCH (a:Task)-[d:DUPLICATES]->(b:Task)
RETURN count(d) AS n;
