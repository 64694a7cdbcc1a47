// Question: which instruments carry this number/symbol (one per date: 45-NQ/TW of 2019 and of 2023)?
// Parameters: $symbol (string) — the symbol without "@date" ("45-NQ/TW").
// Columns: key, symbol, date, doc_type, issuer, dated (bool), ambiguous (bool: an undated citation
//          that matches two or more dated instruments), citing_plans (int).
MATCH (i:Instrument) WHERE i.symbol = $symbol
OPTIONAL MATCH (p:Plan)-[]->(i)
RETURN i.key AS key, i.symbol AS symbol, i.date AS date, i.doc_type AS doc_type, i.issuer AS issuer,
       i.dated AS dated, i.ambiguous AS ambiguous, count(DISTINCT p) AS citing_plans
ORDER BY key;
