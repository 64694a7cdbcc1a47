// Write (lineage): delete every MAY_PRODUCE relationship (ambiguous candidates of the last relink).
// Parameters: none.
MATCH (:Task)-[r:MAY_PRODUCE]->(:Plan) DELETE r;
