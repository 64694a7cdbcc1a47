// Write (lineage): delete every PRODUCES relationship (relink rewrites them all in the same transaction).
// Parameters: none.
MATCH (:Task)-[r:PRODUCES]->(:Plan) DELETE r;
