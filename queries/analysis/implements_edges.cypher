// Question (analysis/report): what implements what — plan -> instrument and instrument -> instrument.
// Parameters: none.
// Columns: from_kind ('Plan' | 'Instrument'), from_id, to_key, to_doc_type, asserted_by.
MATCH (p:Plan)-[r:IMPLEMENTS]->(i:Instrument)
RETURN 'Plan' AS from_kind, p.id AS from_id, i.key AS to_key, i.doc_type AS to_doc_type, '' AS asserted_by
UNION ALL
MATCH (a:Instrument)-[r:IMPLEMENTS]->(b:Instrument)
RETURN 'Instrument' AS from_kind, a.key AS from_id, b.key AS to_key, b.doc_type AS to_doc_type,
       coalesce(r.asserted_by, '') AS asserted_by;
