// Write (analysis): remove the DUPLICATES relationships written by an earlier run.
// Parameters: none.
MATCH (a:Task)-[d:DUPLICATES]->(b:Task) DELETE d;
